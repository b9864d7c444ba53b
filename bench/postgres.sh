#!/usr/bin/env bash
# Docket and Hangfire side by side on one PostgreSQL, in one run: Docket's no-op throughput over
# HTTP (--runs times), then Hangfire 1.8 + Hangfire.PostgreSql enqueuing and processing no-op
# jobs on the same server, then Docket's claim latency with 10,000 queued; ends with the median
# and the ratio. Usage:
#   bench/postgres.sh [--database postgres://user@host:port/db] [--runs 3] [--executions 10000] [--jobs 4000]
# Without --database (or DOCKET_TEST_DATABASE) it starts a throw-away cluster with .ci/services.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

database=${DOCKET_TEST_DATABASE:-}
runs=3
executions=10000
jobs=4000
while [ $# -gt 0 ]; do
  case "$1" in
    --database) database=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --executions) executions=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    *) echo "usage: bench/postgres.sh [--database URL] [--runs N] [--executions N] [--jobs N]" >&2; exit 2 ;;
  esac
done

started=false
if [ -z "$database" ]; then
  source .ci/services.sh
  trap docket_services_stop EXIT
  docket_services_start
  database=$DOCKET_TEST_DATABASE
  started=true
fi

dotnet build bench/Docket.Bench -c Release -nologo -v q
dotnet build bench/Docket.Bench.Hangfire -c Release -nologo -v q
bench=bench/Docket.Bench/bin/Release/net10.0/Docket.Bench
log=$(mktemp)
trap 'rm -f "$log"; if $started; then docket_services_stop; fi' EXIT

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) (the figures assume an otherwise idle machine)"
for run in $(seq "$runs"); do
  echo
  echo "== Docket, run $run of $runs =="
  "$bench" throughput --database "$database" --executions "$executions" --warmup 20000 --workers 32 | tee -a "$log"
done

echo
echo "== Hangfire =="
dotnet bench/Docket.Bench.Hangfire/bin/Release/net10.0/Docket.Bench.Hangfire.dll --database "$database" --jobs "$jobs" --clients 8 --warmup 500 --workers 32 | tee -a "$log"

echo
echo "== Claim latency =="
"$bench" claim-latency --database "$database" | tee -a "$log"

echo
echo "== Summary =="
grep '^{' "$log" | python3 -c '
import json, statistics, sys
rows = [json.loads(line) for line in sys.stdin]
docket = [r["completed_per_s"] for r in rows if r["benchmark"] == "throughput"]
hangfire = [r["completed_per_s"] for r in rows if r["benchmark"] == "hangfire-throughput"]
claims = [r for r in rows if r["benchmark"] == "claim-latency"]
median = statistics.median(docket)
print("Docket executions/s: " + " / ".join(f"{d:,.0f}" for d in docket) + f" (median {median:,.0f}; {sum(d >= 1500 for d in docket)} of {len(docket)} at or above 1,500)")
if hangfire:
    print(f"Hangfire jobs/s: {hangfire[0]:,.0f}; Docket (median) / Hangfire = {median / hangfire[0]:.1f}x")
for c in claims:
    q, p50, p99, top = c["queued"], c["claim_p50_ms"], c["claim_p99_ms"], c["claim_max_ms"]
    print(f"claim latency with {q:,} queued: p50 {p50} ms, p99 {p99} ms, max {top} ms")
'
