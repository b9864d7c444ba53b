#!/usr/bin/env bash
# Builds the benchmarks in Release and runs all four, each against a Docket server in a child
# process. Usage: bench/run.sh [--quick]   (--quick: smaller sizes, for a smoke run)
# The JSON lines of all four are repeated at the end, and kept in $DOCKET_BENCH_OUT if set.
set -euo pipefail
cd "$(dirname "$0")/.."

quick=false
case "${1:-}" in
  --quick) quick=true ;;
  "") ;;
  *) echo "usage: bench/run.sh [--quick]" >&2; exit 2 ;;
esac

dotnet build bench/Docket.Bench -c Release -nologo -v q
bench=bench/Docket.Bench/bin/Release/net10.0/Docket.Bench

if $quick; then
  runs=(
    "throughput --executions 2000 --warmup 200"
    "wait-latency --samples 40 --warmup 5"
    "upload --size-mb 128"
    "idle --runs 1"
    "client-upload --size-mb 256"
  )
else
  runs=(
    "throughput --executions 10000 --clients 8 --warmup 500"
    "wait-latency --samples 200"
    "upload --size-mb 1024"
    "idle --runs 3"
    "client-upload"
  )
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) (the figures assume an otherwise idle machine)"
for run in "${runs[@]}"; do
  echo
  echo "\$ $bench $run"
  # shellcheck disable=SC2086 # the options are meant to split into words
  "$bench" $run | tee -a "$log"
done

echo
echo "== JSON =="
grep '^{' "$log" | tee ${DOCKET_BENCH_OUT:+-a "$DOCKET_BENCH_OUT"}
