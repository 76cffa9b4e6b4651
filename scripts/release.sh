#!/usr/bin/env bash
# scripts/release.sh X.Y.Z
#   Releases version X.Y.Z: checks the tree, rebuilds dist/ and requires it unchanged,
#   sets the version, commits, tags vX.Y.Z and moves the major tag vX.
# scripts/release.sh --move-major vX.Y.Z [REMOTE]
#   Moves the major tag vX to the existing tag vX.Y.Z when that is the newest release of
#   its major (a patch to an older line leaves vX alone) and, with REMOTE, pushes vX there.
#   The release workflow runs this for a tag pushed without the first form.
set -euo pipefail
cd "$(dirname "$0")/.."

# move_major TAG: points vX at TAG's commit unless it is there already or TAG is not the newest vX.*.*.
move_major() {
  local tag=$1 major=${1%%.*}
  local target newest current
  target=$(git rev-parse -q --verify "refs/tags/$tag^{commit}") || { echo "no tag $tag" >&2; return 1; }
  newest=$(git tag -l "$major.*.*" | grep -E '^v[0-9]+\.[0-9]+\.[0-9]+$' | sort -V | tail -n 1)
  if [ "$newest" != "$tag" ]; then
    echo "$major stays: $newest is newer than $tag"
    return 0
  fi
  current=$(git rev-parse -q --verify "refs/tags/$major^{commit}" || true)
  if [ "$current" = "$target" ]; then
    echo "$major is at $tag already"
    return 0
  fi
  git tag -fa "$major" -m "$major ($tag)" "$target" >/dev/null
  echo "moved $major to $tag (${target:0:12})"
}

if [ "${1:-}" = --move-major ]; then
  tag=${2:?usage: scripts/release.sh --move-major vX.Y.Z [REMOTE]}
  [[ $tag =~ ^v[0-9]+\.[0-9]+\.[0-9]+$ ]] || { echo "tag must be vX.Y.Z, got $tag" >&2; exit 2; }
  move_major "$tag"
  if [ -n "${3:-}" ]; then git push --force "$3" "refs/tags/${tag%%.*}"; fi
  exit 0
fi

version=${1:?usage: scripts/release.sh X.Y.Z | --move-major vX.Y.Z [REMOTE]}
[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || { echo "version must be X.Y.Z, got $version" >&2; exit 2; }
major=v${version%%.*}
[ -z "$(git status --porcelain)" ] || { echo "the work tree has uncommitted changes" >&2; exit 1; }
grep -q "^## $version\$" CHANGELOG.md || { echo "CHANGELOG.md has no '## $version' section" >&2; exit 1; }
git rev-parse -q --verify "refs/tags/v$version" >/dev/null && { echo "tag v$version exists" >&2; exit 1; }
npm run package >/dev/null
[ -z "$(git status --porcelain -- dist)" ] || { echo "dist/ is stale: commit what 'npm run package' builds first" >&2; exit 1; }
npm version "$version" --no-git-tag-version --allow-same-version >/dev/null
git commit -qm "Release v$version" --allow-empty package.json package-lock.json
git tag -a "v$version" -m "v$version"
move_major "v$version"
echo "tagged v$version; publish with: git push origin HEAD refs/tags/v$version +refs/tags/$major"
