#!/usr/bin/env bash
# create NAME: a fresh docker-container builder with an empty cache, from BUILDKIT_IMAGE
#   (default moby/buildkit:buildx-stable-1; a local image is used as it is, never pulled).
# rm NAME: removes it with its state volume.
set -euo pipefail
case ${1:-} in
  create)
    docker buildx create --name "$2" --driver docker-container \
      --driver-opt "image=${BUILDKIT_IMAGE:-moby/buildkit:buildx-stable-1}" --bootstrap
    docker buildx inspect "$2"
    ;;
  rm) docker buildx rm "$2" ;;
  *) echo "usage: $0 create|rm NAME" >&2; exit 2 ;;
esac
