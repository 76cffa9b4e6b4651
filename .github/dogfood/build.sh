#!/usr/bin/env bash
# Builds this folder on BUILDER with the action's outputs (CACHE_FROM, CACHE_TO: newline
# lists, one entry a line) and checks what came from the cache against EXPECT:
#   cold  no step CACHED (fresh-build on a fresh builder reads nothing)
#   warm  at least one step CACHED (a fresh builder can only have it from the action's cache)
# Writes cached=<N> and steps=<M> (the Dockerfile's steps) to GITHUB_OUTPUT and a line to the job summary.
set -euo pipefail
dir=$(cd "$(dirname "$0")" && pwd)
: "${BUILDER:?BUILDER names the builder to build on}" "${EXPECT:?EXPECT is cold or warm}"

args=()
while IFS= read -r entry; do [ -z "$entry" ] || args+=(--cache-from "$entry"); done <<<"${CACHE_FROM:-}"
while IFS= read -r entry; do [ -z "$entry" ] || args+=(--cache-to "$entry"); done <<<"${CACHE_TO:-}"
echo "docker buildx build --builder $BUILDER ${args[*]} $dir"

log=$(mktemp)
trap 'rm -f "$log"' EXIT
docker buildx build --builder "$BUILDER" --progress=plain --output type=cacheonly "${args[@]}" "$dir" 2>&1 | tee "$log"

# A Dockerfile step's header reads "#5 [content 1/1] COPY ..."; a cache hit adds "#5 CACHED".
count() { { grep -oE "$1" "$log" || true; } | cut -d' ' -f1 | sort -u | wc -l; }
steps=$(count '^#[0-9]+ \[([^]]* )?[0-9]+/[0-9]+\]')
cached=$(count '^#[0-9]+ CACHED$')
line="$EXPECT build: $cached of $steps Dockerfile steps CACHED"
echo "$line"
echo "cached=$cached" >>"${GITHUB_OUTPUT:-/dev/null}"
echo "steps=$steps" >>"${GITHUB_OUTPUT:-/dev/null}"
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then echo "- $line" >>"$GITHUB_STEP_SUMMARY"; fi

if [ "$steps" -eq 0 ]; then
  echo "::error::no Dockerfile step in the build log"
  exit 1
fi
case $EXPECT in
  cold) if [ "$cached" -ne 0 ]; then echo "::error::the cold build found $cached steps CACHED"; exit 1; fi ;;
  warm) if [ "$cached" -eq 0 ]; then echo "::error::the warm build found no step CACHED: the action's cache was not used"; exit 1; fi ;;
  *) echo "::error::EXPECT must be cold or warm, got $EXPECT"; exit 2 ;;
esac
