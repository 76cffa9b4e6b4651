#!/usr/bin/env bash
# Every test: unit suites and the engine-backed suites (which run the bundled
# dist/ against a real Docker engine). Installs what is missing first.
# Ends with one line "N passed, N failed" read from jest's JSON results.
set -euo pipefail
cd "$(dirname "$0")/.."

[ -d node_modules/.bin ] || npm install --no-audit --no-fund
bash scripts/engine.sh
bash scripts/node-versions.sh
npx tsc --noEmit

mkdir -p .tmp
results=.tmp/jest-results.json
rm -f "$results"
status=0
# In band: the engine suites share one builder and prune its cache between builds.
NODE_OPTIONS=--experimental-vm-modules npx jest --runInBand --json --outputFile="$results" "$@" || status=$?
if [ -f "$results" ]; then
  node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); console.log(`${r.numPassedTests} passed, ${r.numFailedTests + r.numRuntimeErrorTestSuites} failed`)' "$results"
else
  echo "0 passed, 1 failed"
fi
exit "$status"
