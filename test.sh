#!/usr/bin/env bash
# Runs Docket's whole test suite: build (warnings are errors), then every test, then one summary line.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p tests/output
dotnet build Docket.slnx -c Release --nologo -v quiet -clp:ErrorsOnly
status=0
dotnet test tests/Docket.Tests/Docket.Tests.csproj -c Release --no-build --nologo \
  --logger "console;verbosity=normal" --results-directory tests/output "$@" 2>&1 | tee tests/output/test.log || status=$?
passed=$(grep -E '^ +Passed: +[0-9]+' tests/output/test.log | tail -1 | grep -oE '[0-9]+' || true)
failed=$(grep -E '^ +Failed: +[0-9]+' tests/output/test.log | tail -1 | grep -oE '[0-9]+' || true)
skipped=$(grep -E '^ +Skipped: +[0-9]+' tests/output/test.log | tail -1 | grep -oE '[0-9]+' || true)
if [ "$status" -ne 0 ] && [ "${failed:-0}" = 0 ]; then failed=1; fi
echo "tests: ${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
exit $status
