#!/usr/bin/env bash
# Starts the services of Docket's scale-out tests in a temporary directory: a PostgreSQL 15 cluster
# (Debian's postgresql-15 binaries) and moto's S3 server. Source it; it exports DOCKET_TEST_DATABASE,
# DOCKET_TEST_BLOBS and the S3 credentials, and `docket_services_stop` stops both.
set -euo pipefail

pg_bin=${PG_BIN:-/usr/lib/postgresql/15/bin}
services_dir=$(mktemp -d -t docket-services-XXXXXX)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
pg_port=$(free_port)
s3_port=$(free_port)

# initdb refuses to run as root: run the cluster as the postgres user then.
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres "$services_dir"
  as_pg=(runuser -u postgres --)
fi

"${as_pg[@]}" "$pg_bin/initdb" -D "$services_dir/pg" -U docket --auth=trust -E UTF8 --locale=C >"$services_dir/initdb.log" 2>&1 \
  || { cat "$services_dir/initdb.log" >&2; exit 1; }
# A disposable test cluster: no fsync, and room for many test databases' connections.
"${as_pg[@]}" "$pg_bin/pg_ctl" -D "$services_dir/pg" -l "$services_dir/pg.log" -w -s \
  -o "-h 127.0.0.1 -p $pg_port -k $services_dir -c fsync=off -c full_page_writes=off -c max_connections=400 -c shared_buffers=128MB" start

python3 -m moto.server -H 127.0.0.1 -p "$s3_port" >"$services_dir/moto.log" 2>&1 &
moto_pid=$!
for _ in $(seq 1 100); do
  python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$s3_port/')" 2>/dev/null && break
  sleep 0.1
done

export DOCKET_TEST_DATABASE="postgres://docket@127.0.0.1:$pg_port/postgres"
export DOCKET_TEST_BLOBS="s3://docket-tests?endpoint=http://127.0.0.1:$s3_port"
export AWS_ACCESS_KEY_ID=docket-test AWS_SECRET_ACCESS_KEY=docket-test AWS_REGION=us-east-1

docket_services_stop() {
  kill "$moto_pid" 2>/dev/null || true
  "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$services_dir/pg" -m immediate -s stop || true
  rm -rf "$services_dir"
}
set +e +u +o pipefail
