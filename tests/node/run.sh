#!/usr/bin/env bash
# Drives a real Docket server (the Release test host) with the published npm client vlmrun@0.2.12.
set -euo pipefail
cd "$(dirname "$0")"
command -v node >/dev/null && command -v npm >/dev/null || { echo "node and npm are needed for the Node client tests" >&2; exit 1; }
if [ ! -f ../Docket.TestHost/bin/Release/net10.0/Docket.TestHost.dll ]; then
  dotnet build ../Docket.TestHost/Docket.TestHost.csproj -c Release --nologo -v quiet -clp:ErrorsOnly
fi
npm ci --no-audit --no-fund --loglevel=error
node --test legacy-client.test.js
