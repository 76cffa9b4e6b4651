#!/usr/bin/env bash
# Every test: unit suites and the engine-backed suites (which run the bundled
# dist/ against a real Docker engine), the engine suites twice: with the default
# buildx client (Debian trixie's) and with Debian sid's, installed by
# scripts/engine.sh into a private DOCKER_CONFIG. The daemon is the same.
# Ends with one line "N passed, N failed" over both runs, read from jest's JSON results.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILDX_SID_CONFIG=${BUILDX_SID_CONFIG:-/var/lib/cachekeeper-buildx-sid}
export BUILDX_SID_CONFIG

[ -d node_modules/.bin ] || npm install --no-audit --no-fund
bash scripts/engine.sh
bash scripts/node-versions.sh
npx tsc --noEmit

buildx_version() { docker buildx version 2>/dev/null | awk '{print $2}'; }
default_buildx=$(buildx_version)
sid_buildx=$(DOCKER_CONFIG=$BUILDX_SID_CONFIG buildx_version || true)
# Fail, never skip: a run that silently used the default client twice would prove nothing.
if [ -z "$sid_buildx" ] || [ "$sid_buildx" = "$default_buildx" ]; then
  echo "test: sid's buildx client is missing from $BUILDX_SID_CONFIG/cli-plugins (got '${sid_buildx}', default '${default_buildx}'): run scripts/engine.sh" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
# The private DOCKER_CONFIG carries the user's registry credentials and contexts (links, never copies).
user_config=${DOCKER_CONFIG:-$HOME/.docker}
if [ "$(realpath -m "$user_config")" != "$(realpath -m "$BUILDX_SID_CONFIG")" ]; then
  for entry in config.json contexts; do
    if [ -e "$user_config/$entry" ]; then ln -sfn "$user_config/$entry" "$BUILDX_SID_CONFIG/$entry"; fi
  done
fi

mkdir -p .tmp
summary() { # results-file label -> "label: N passed, N failed; engine suites S s"
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))
    const engine = r.testResults.filter((t) => t.name.includes("/__tests__/engine/"))
    const seconds = engine.reduce((sum, t) => sum + (t.endTime - t.startTime), 0) / 1000
    console.log(`${process.argv[2]}: ${r.numPassedTests} passed, ${r.numFailedTests + r.numRuntimeErrorTestSuites} failed; engine suites ${seconds.toFixed(0)} s`)
  ' "$1" "$2"
}
status=0
# In band: the engine suites share one builder and prune its cache between builds.
results_default=.tmp/jest-results.json
results_sid=.tmp/jest-results-buildx-sid.json
rm -f "$results_default" "$results_sid"
# --coverage: the unit and slow suites' coverage of src/ is reported, and a phase module under its threshold fails the run.
BUILDX_EXPECTED=$default_buildx NODE_OPTIONS=--experimental-vm-modules \
  npx jest --runInBand --coverage --json --outputFile="$results_default" "$@" || status=$?
BUILDX_EXPECTED=$sid_buildx DOCKER_CONFIG=$BUILDX_SID_CONFIG NODE_OPTIONS=--experimental-vm-modules \
  npx jest --runInBand --selectProjects engine --passWithNoTests --json --outputFile="$results_sid" "$@" || status=$?

[ -f "$results_default" ] && summary "$results_default" "all suites, buildx $default_buildx"
[ -f "$results_sid" ] && summary "$results_sid" "engine suites, buildx $sid_buildx (DOCKER_CONFIG=$BUILDX_SID_CONFIG)"
JEST_STATUS=$status node -e '
  const fs = require("fs")
  let passed = 0, failed = 0
  for (const file of process.argv.slice(1)) {
    if (!fs.existsSync(file)) { failed += 1; continue }
    const r = JSON.parse(fs.readFileSync(file, "utf8"))
    passed += r.numPassedTests
    failed += r.numFailedTests + r.numRuntimeErrorTestSuites
  }
  // jest failing with every test passed: a coverage threshold (or jest itself) failed; it counts as one failure.
  if (failed === 0 && process.env.JEST_STATUS !== "0") failed = 1
  console.log(`${passed} passed, ${failed} failed`)
' "$results_default" "$results_sid"
exit "$status"
