#!/usr/bin/env bash
# Releases version X.Y.Z: checks the tree, rebuilds dist/ and requires it unchanged,
# sets the version, commits, tags vX.Y.Z and moves the major tag vX.
set -euo pipefail
cd "$(dirname "$0")/.."
version=${1:?usage: scripts/release.sh X.Y.Z}
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
git tag -fa "$major" -m "$major (v$version)"
echo "tagged v$version and moved $major; publish with: git push origin HEAD --tags --force"
