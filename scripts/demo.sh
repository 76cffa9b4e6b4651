#!/usr/bin/env bash
# The demo: a cold build, the builder cache cleared, a warm build, all through
# the bundled action in the runner emulation against a real Docker engine.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules/.bin ] || npm install --no-audit --no-fund
if ! bash scripts/engine.sh; then
  cat >&2 <<MSG
The demo needs a Docker engine with buildx. scripts/engine.sh could not provide one:
it installs Debian's docker.io, containerd, docker-buildx, runc and docker-registry
(apt, as root) when no engine answers, then starts dockerd. See its output above.
MSG
  exit 1
fi
node scripts/demo.mjs
