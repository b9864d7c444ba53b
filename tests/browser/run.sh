#!/usr/bin/env bash
# Drives the dashboard of a real Docket server (the Release build of src/Docket.Cli) with Debian's
# Chromium through playwright-core; screenshots go to tests/output/browser/.
set -euo pipefail
cd "$(dirname "$0")"
command -v node >/dev/null && command -v npm >/dev/null || { echo "node and npm are needed for the dashboard tests" >&2; exit 1; }
[ -x /usr/bin/chromium ] || { echo "the dashboard tests need Debian's chromium (apt-get install chromium)" >&2; exit 1; }
if [ ! -f ../../src/Docket.Cli/bin/Release/net10.0/docket.dll ]; then
  dotnet build ../../src/Docket.Cli/Docket.Cli.csproj -c Release --nologo -v quiet -clp:ErrorsOnly
fi
npm ci --no-audit --no-fund --loglevel=error
node --test --test-concurrency=1 dashboard.test.js
