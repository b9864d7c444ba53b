#!/usr/bin/env bash
# The services of Docket's PostgreSQL + S3 tests, in a temporary directory: a PostgreSQL 15 cluster
# (Debian's postgresql-15 binaries, initdb + pg_ctl) and moto's S3 server. Source this file, then
# `docket_services_start` exports DOCKET_TEST_DATABASE, DOCKET_TEST_BLOBS and S3 credentials for a
# test run, and `docket_services_stop` stops both and removes the directory.

docket_services_start() {
  local pg_bin=${PG_BIN:-/usr/lib/postgresql/15/bin}
  if [ ! -x "$pg_bin/initdb" ]; then
    echo "PostgreSQL 15 is missing ($pg_bin/initdb); install postgresql-15 (.ci/apt-packages)." >&2
    return 1
  fi

  if ! python3 -c "import moto.server" 2>/dev/null; then
    # Debian's own Python refuses pip installs outside a venv unless told (PEP 668).
    python3 -m pip install --quiet "moto[server]==5.2.1" 2>/dev/null \
      || python3 -m pip install --quiet --break-system-packages "moto[server]==5.2.1" || return 1
  fi

  DOCKET_SERVICES_DIR=$(mktemp -d -t docket-services-XXXXXX)
  local free_port='import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
  local pg_port s3_port
  pg_port=$(python3 -c "$free_port")
  s3_port=$(python3 -c "$free_port")

  # initdb refuses to run as root: the cluster then belongs to the postgres user.
  DOCKET_SERVICES_AS_PG=()
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres "$DOCKET_SERVICES_DIR"
    DOCKET_SERVICES_AS_PG=(runuser -u postgres --)
  fi

  "${DOCKET_SERVICES_AS_PG[@]}" "$pg_bin/initdb" -D "$DOCKET_SERVICES_DIR/pg" -U docket --auth=trust -E UTF8 --locale=C \
    >"$DOCKET_SERVICES_DIR/initdb.log" 2>&1 || { cat "$DOCKET_SERVICES_DIR/initdb.log" >&2; return 1; }
  # A disposable test cluster: no fsync, and room for the connections of many test servers.
  "${DOCKET_SERVICES_AS_PG[@]}" "$pg_bin/pg_ctl" -D "$DOCKET_SERVICES_DIR/pg" -l "$DOCKET_SERVICES_DIR/pg.log" -w -s \
    -o "-h 127.0.0.1 -p $pg_port -k $DOCKET_SERVICES_DIR -c fsync=off -c full_page_writes=off -c max_connections=500 -c shared_buffers=128MB" start \
    || { cat "$DOCKET_SERVICES_DIR/pg.log" >&2; return 1; }

  python3 -m moto.server -H 127.0.0.1 -p "$s3_port" >"$DOCKET_SERVICES_DIR/moto.log" 2>&1 &
  DOCKET_SERVICES_MOTO=$!
  local tries=0
  until python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$s3_port/')" 2>/dev/null; do
    tries=$((tries + 1))
    if [ "$tries" -gt 200 ]; then
      cat "$DOCKET_SERVICES_DIR/moto.log" >&2
      return 1
    fi
    sleep 0.1
  done

  export DOCKET_TEST_DATABASE="postgres://docket@127.0.0.1:$pg_port/postgres"
  export DOCKET_TEST_BLOBS="s3://docket-tests?endpoint=http://127.0.0.1:$s3_port"
  export AWS_ACCESS_KEY_ID=docket-test AWS_SECRET_ACCESS_KEY=docket-test AWS_REGION=us-east-1
}

docket_services_stop() {
  [ -n "${DOCKET_SERVICES_MOTO:-}" ] && kill "$DOCKET_SERVICES_MOTO" 2>/dev/null
  if [ -n "${DOCKET_SERVICES_DIR:-}" ]; then
    "${DOCKET_SERVICES_AS_PG[@]}" /usr/lib/postgresql/15/bin/pg_ctl -D "$DOCKET_SERVICES_DIR/pg" -m immediate -s stop 2>/dev/null
    rm -rf "$DOCKET_SERVICES_DIR"
  fi
  unset DOCKET_SERVICES_MOTO DOCKET_SERVICES_DIR DOCKET_TEST_DATABASE DOCKET_TEST_BLOBS
  return 0
}
