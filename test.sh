#!/usr/bin/env bash
# Runs Docket's whole test suite: the build (warnings are errors), the .NET tests, the Node tests of
# the published npm client against a real server, the dashboard's browser tests (Chromium), then
# one summary line.
set -uo pipefail
cd "$(dirname "$0")"
mkdir -p tests/output

# System packages the tests use (.ci/apt-packages: Tesseract OCR, poppler's pdftoppm, Chromium), installed when missing.
need=()
for pkg in $(cat .ci/apt-packages 2>/dev/null); do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "The tests need these Debian packages: ${need[*]} (sudo apt-get install ${need[*]})" >&2
    exit 1
  fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" || exit 1
fi

dotnet build Docket.slnx -c Release --nologo -v quiet -clp:ErrorsOnly || exit 1

status=0
dotnet test tests/Docket.Tests/Docket.Tests.csproj -c Release --no-build --nologo \
  --logger "console;verbosity=normal" --results-directory tests/output "$@" 2>&1 | tee tests/output/dotnet.log
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
count() { grep -E "$1" "$2" | tail -1 | grep -oE '[0-9]+' | tail -1; }
passed=$(count '^ +Passed: +[0-9]+' tests/output/dotnet.log); failed=$(count '^ +Failed: +[0-9]+' tests/output/dotnet.log)
skipped=$(count '^ +Skipped: +[0-9]+' tests/output/dotnet.log)

if [ $# -eq 0 ]; then
  tests/node/run.sh 2>&1 | tee tests/output/node.log
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  passed=$(( ${passed:-0} + $(count '^# pass [0-9]+' tests/output/node.log || echo 0) ))
  failed=$(( ${failed:-0} + $(count '^# fail [0-9]+' tests/output/node.log || echo 0) ))

  tests/browser/run.sh 2>&1 | tee tests/output/browser.log
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  passed=$(( ${passed:-0} + $(count '^# pass [0-9]+' tests/output/browser.log || echo 0) ))
  failed=$(( ${failed:-0} + $(count '^# fail [0-9]+' tests/output/browser.log || echo 0) ))
  skipped=$(( ${skipped:-0} + $(count '^# skipped [0-9]+' tests/output/browser.log || echo 0) ))
fi

if [ "$status" -ne 0 ] && [ "${failed:-0}" = 0 ]; then failed=1; fi
echo "tests: ${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
exit $status
