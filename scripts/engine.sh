#!/usr/bin/env bash
# Makes a Docker engine with buildx and a loopback registry reachable, installing
# Debian's packages when none is (docker.io/containerd/docker-buildx from trixie,
# runc from bookworm), then imports the busybox base image the tests build on.
# Also installs a second, newer buildx client (Debian sid's docker-buildx) into a
# private DOCKER_CONFIG (below), so the suites can run with today's buildx too;
# the daemon stays trixie's and the user's ~/.docker is never touched.
# Idempotent: an engine that already answers is used as it is.
set -euo pipefail

log() { echo "engine: $*" >&2; }
BASE_IMAGE=${BASE_IMAGE:-cachekeeper-busybox:latest}
REGISTRY_PORT=${REGISTRY_PORT:-5000}
# DOCKER_CONFIG=$BUILDX_SID_CONFIG makes `docker buildx` the sid client (scripts/test.sh does this).
BUILDX_SID_CONFIG=${BUILDX_SID_CONFIG:-/var/lib/cachekeeper-buildx-sid}

engine_up() { timeout 10 docker info >/dev/null 2>&1; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# add_apt_suite SUITE PRIORITY SOURCES_NAME PIN_NAME: a Debian suite apt may use only for packages named with /SUITE.
add_apt_suite() {
  as_root tee "/etc/apt/sources.list.d/$3.sources" >/dev/null <<SRC
Types: deb
URIs: http://deb.debian.org/debian
Suites: $1
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  as_root tee "/etc/apt/preferences.d/$4" >/dev/null <<PIN
Package: *
Pin: release n=$1
Pin-Priority: $2
PIN
}

install_packages() {
  log "installing Docker engine, buildx and registry from Debian packages"
  if ! grep -rqsE '(^|[[:space:]])trixie([[:space:]]|$)' /etc/apt/sources.list /etc/apt/sources.list.d/; then
    # trixie only for the packages named below; everything else stays on bookworm.
    add_apt_suite trixie 100 trixie trixie-low
  fi
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends \
    docker.io/trixie containerd/trixie docker-buildx/trixie runc/bookworm \
    docker-registry busybox-static iptables ca-certificates >/dev/null
}

start_dockerd() {
  as_root mkdir -p /etc/docker
  if [ ! -s /etc/docker/daemon.json ]; then
    echo '{"features":{"containerd-snapshotter":true}}' | as_root tee /etc/docker/daemon.json >/dev/null
  fi
  # A dockerd or containerd killed uncleanly leaves pid files that block the next start.
  for pidfile in /var/run/docker.pid /run/docker/containerd/containerd.pid /run/containerd/containerd.pid; do
    if [ -f "$pidfile" ]; then
      pid=$(cat "$pidfile" 2>/dev/null || true)
      if [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null || grep -qs '^State:.*Z' "/proc/$pid/status"; then
        log "removing stale $pidfile"; as_root rm -f "$pidfile"
      fi
    fi
  done
  log "starting dockerd (log: /var/log/dockerd.log)"
  as_root sh -c 'nohup dockerd >>/var/log/dockerd.log 2>&1 &'
  for _ in $(seq 1 60); do engine_up && return 0; sleep 1; done
  log "dockerd did not answer within 60 s; last log lines:"; tail -n 30 /var/log/dockerd.log >&2 || true
  return 1
}

start_registry() {
  if curl -fsS "http://127.0.0.1:${REGISTRY_PORT}/v2/" >/dev/null 2>&1; then return 0; fi
  command -v docker-registry >/dev/null || { log "docker-registry not installed"; return 1; }
  local dir=/var/lib/cachekeeper-registry
  as_root mkdir -p "$dir"
  as_root tee "$dir/config.yml" >/dev/null <<CFG
version: 0.1
log: { level: warn }
storage:
  filesystem: { rootdirectory: $dir/data }
  delete: { enabled: true }
http: { addr: 127.0.0.1:${REGISTRY_PORT} }
CFG
  as_root sh -c "nohup docker-registry serve $dir/config.yml >>/var/log/cachekeeper-registry.log 2>&1 &"
  for _ in $(seq 1 30); do curl -fsS "http://127.0.0.1:${REGISTRY_PORT}/v2/" >/dev/null 2>&1 && return 0; sleep 0.5; done
  log "registry did not answer on 127.0.0.1:${REGISTRY_PORT}"; return 1
}

# Debian sid's docker-buildx, unpacked from its .deb into $BUILDX_SID_CONFIG/cli-plugins:
# installing the package would replace trixie's client for everyone on this machine.
install_sid_buildx() {
  local plugin=$BUILDX_SID_CONFIG/cli-plugins/docker-buildx
  if [ -x "$plugin" ] && "$plugin" version >/dev/null 2>&1; then return 0; fi
  log "installing Debian sid's docker-buildx into $BUILDX_SID_CONFIG/cli-plugins"
  local policy; policy=$(apt-cache policy docker-buildx 2>/dev/null || true)
  if ! grep -q ' sid/' <<<"$policy"; then
    # sid only for `apt-get download docker-buildx/sid`: never installed from by apt itself.
    add_apt_suite sid 50 cachekeeper-sid cachekeeper-sid-low
    as_root apt-get update -qq
  fi
  local tmp; tmp=$(mktemp -d)
  chmod 0777 "$tmp" # apt's download user writes here
  (cd "$tmp" && apt-get download -qq docker-buildx/sid >/dev/null)
  dpkg-deb -x "$tmp"/docker-buildx_*.deb "$tmp/root"
  as_root install -D -m 0755 "$tmp/root/usr/libexec/docker/cli-plugins/docker-buildx" "$plugin"
  # buildx keeps its own state (builders, build records) in DOCKER_CONFIG: the test user must own it.
  as_root chown -R "$(id -u):$(id -g)" "$BUILDX_SID_CONFIG"
  rm -rf "$tmp"
  "$plugin" version >/dev/null || { log "sid's docker-buildx does not run here"; return 1; }
}

# promtool (Debian's prometheus package) checks the metrics file; prometheus-node-exporter serves it:
# the tests start their own exporter on 127.0.0.1, so the packages' services are kept from starting here.
install_metrics_tools() {
  if command -v promtool >/dev/null && command -v prometheus-node-exporter >/dev/null; then return 0; fi
  log "installing promtool (prometheus) and prometheus-node-exporter from Debian packages"
  local guard= status=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | as_root tee /usr/sbin/policy-rc.d >/dev/null
    as_root chmod 0755 /usr/sbin/policy-rc.d
    guard=1
  fi
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends prometheus prometheus-node-exporter >/dev/null || status=$?
  if [ -n "$guard" ]; then as_root rm -f /usr/sbin/policy-rc.d; fi
  [ "$status" = 0 ] || { log "prometheus / prometheus-node-exporter did not install"; return 1; }
}

import_base_image() {
  docker image inspect "$BASE_IMAGE" >/dev/null 2>&1 && return 0
  local bb; bb=$(command -v busybox || echo /bin/busybox)
  [ -x "$bb" ] || { log "busybox-static is missing"; return 1; }
  local root; root=$(mktemp -d)
  mkdir -p "$root/bin" "$root/tmp" "$root/etc"
  cp "$bb" "$root/bin/busybox"
  for app in sh ls cat echo head dd sleep true false mkdir rm cp mv sha256sum wc date touch; do ln -s busybox "$root/bin/$app"; done
  tar -C "$root" -c . | docker import -c 'ENV PATH=/bin' - "$BASE_IMAGE" >/dev/null
  rm -rf "$root"
  log "imported $BASE_IMAGE"
}

if ! engine_up; then
  if ! command -v dockerd >/dev/null || ! command -v docker-registry >/dev/null || ! docker buildx version >/dev/null 2>&1; then
    install_packages
  fi
  start_dockerd
fi
if ! docker buildx version >/dev/null 2>&1; then
  command -v apt-get >/dev/null && install_packages
fi
command -v curl >/dev/null || { DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq curl >/dev/null; }
start_registry
import_base_image
install_sid_buildx
install_metrics_tools
log "ready: $(docker version -f 'engine {{.Server.Version}}' 2>/dev/null), $(docker buildx version 2>/dev/null | awk '{print "buildx", $2}'), sid's $(DOCKER_CONFIG=$BUILDX_SID_CONFIG docker buildx version 2>/dev/null | awk '{print "buildx", $2}') with DOCKER_CONFIG=$BUILDX_SID_CONFIG"
