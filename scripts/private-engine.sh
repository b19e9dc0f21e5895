#!/usr/bin/env bash
# A Docker engine of one test's own, for a test that stops and starts its engine (EngineRestartTest): it must
# never touch the shared engine other tests use. scripts/testbed.sh --engine-only starts it with DIR as its state
# folder and DIR/docker.sock as DOCKER_HOST, hence its own data root, exec root and pid file (DIR/dockerd/); this
# script adds what keeps two engines on one host apart: its own config file (not /etc/docker/daemon.json), its own
# containerd namespace, its own default bridge (a bridge interface it creates, never docker0), and no iptables,
# masquerading or ip_forward changes.
#
# Never pass dockerd --bridge=none or --default-address-pool here: with either, dockerd deletes the host's docker0
# at start (moby's removeDefaultBridgeInterface), which breaks the shared engine's default network.
#
#   scripts/private-engine.sh start DIR [IMAGE...]  start the engine (or check it runs); copy each IMAGE into it
#                                                   from the engine at DOCKER_HOST (docker save | docker load)
#   scripts/private-engine.sh stop DIR              stop it (SIGTERM, bounded wait); DIR stays, start again later
#   scripts/private-engine.sh remove DIR            remove its containers and networks, stop it, end what is left
#                                                   of it, delete its bridge and DIR
#
# DIR must be short (unix socket paths are limited to 107 bytes) and is created if missing. Needs root, as
# dockerd does. On success start prints DOCKER_HOST=unix://DIR/docker.sock. See docs/testbed.md.
set -euo pipefail

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
BOSUN_LOG_PREFIX=private-engine
# shellcheck source=lib.sh
source "$SCRIPT_DIR/lib.sh"

usage() { awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "$0"; }
(($# >= 2)) || { usage >&2; exit 2; }
ACTION=$1 DIR=$2
shift 2
[[ $DIR == /* ]] || DIR=$PWD/$DIR
DIR=${DIR%/}
command -v ip >/dev/null || die "ip not found (package iproute2)"
DOCKER=/usr/bin/docker
[[ -x $DOCKER ]] || DOCKER=$(command -v docker) || die "no docker client found (install docker.io)"
export DOCKER_API_VERSION=${DOCKER_API_VERSION:-1.41}
SOURCE_HOST=${DOCKER_HOST:-unix:///var/run/docker.sock}
PRIVATE_HOST=unix://$DIR/docker.sock

# The engine's default bridge: a name of at most 15 characters, kept in DIR/bridge.
bridge_name() {
  if [[ -s $DIR/bridge ]]; then cat -- "$DIR/bridge"; return; fi
  printf 'bpe%s\n' "$(printf '%s' "$DIR" | md5sum | cut -c1-8)"
}
BRIDGE=$(bridge_name)

# ensure_bridge: the bridge interface exists, up, with a /24 in 10.213.0.0/16 that no route of the host uses;
# dockerd takes it as its default network (-b) and leaves it alone.
ensure_bridge() {
  local i net
  [[ -s $DIR/bridge ]] || printf '%s\n' "$BRIDGE" >"$DIR/bridge"
  if ! ip link show "$BRIDGE" >/dev/null 2>&1; then
    ip link add name "$BRIDGE" type bridge || die "could not create bridge $BRIDGE"
  fi
  if [[ -z $(ip -4 -o addr show dev "$BRIDGE") ]]; then
    for ((i = 1 + 0x$(cut -c4-5 <<<"$BRIDGE") % 250, n = 0; n < 250; n++, i = i % 250 + 1)); do
      net=10.213.$i
      ip -4 route show | grep -q "^$net\.0/" && continue
      ip addr add "$net.1/24" dev "$BRIDGE" || die "could not give $BRIDGE $net.1/24"
      break
    done
    [[ -n $(ip -4 -o addr show dev "$BRIDGE") ]] || die "no free /24 in 10.213.0.0/16 for $BRIDGE"
  fi
  ip link set "$BRIDGE" up
}

# testbed.sh on DIR, with the flags that isolate this engine.
testbed() {
  local name args
  name=$(basename -- "$DIR" | tr -c 'A-Za-z0-9_.\n-' '_')
  args="--config-file $DIR/daemon.json --containerd-namespace bosun-$name"
  args+=" --containerd-plugins-namespace bosun-$name-plugins --bridge $BRIDGE"
  args+=" --iptables=false --ip-masq=false --ip-forward=false"
  BOSUN_TESTBED_DIR=$DIR DOCKER_HOST=$PRIVATE_HOST BOSUN_DOCKERD_ARGS=$args "$SCRIPT_DIR/testbed.sh" "$@"
}

private_docker() { DOCKER_HOST=$PRIVATE_HOST timeout 60 "$DOCKER" "$@"; }

case $ACTION in
  start)
    # The longest socket dockerd makes under DIR: its managed containerd's.
    longest=$DIR/dockerd/exec/containerd/containerd.sock.ttrpc
    ((${#longest} < 108)) || die "$DIR is too long for unix sockets ($longest is ${#longest} bytes, at most 107)"
    mkdir -p -- "$DIR"
    [[ -f $DIR/daemon.json ]] || printf '{}\n' >"$DIR/daemon.json"
    ensure_bridge
    testbed --engine-only
    for image in "$@"; do
      if private_docker image inspect "$image" >/dev/null 2>&1; then
        continue
      fi
      log "copying $image from $SOURCE_HOST"
      if ! { DOCKER_HOST=$SOURCE_HOST timeout 120 "$DOCKER" save "$image" \
          | DOCKER_HOST=$PRIVATE_HOST timeout 120 "$DOCKER" load -q >/dev/null; }; then
        die "could not copy $image from $SOURCE_HOST into $PRIVATE_HOST"
      fi
    done
    printf 'DOCKER_HOST=%s\n' "$PRIVATE_HOST"
    ;;
  stop)
    testbed --stop
    ;;
  remove)
    [[ -d $DIR ]] || exit 0
    engine_ok() { curl -sf --max-time 5 --unix-socket "$DIR/docker.sock" http://localhost/_ping >/dev/null 2>&1; }
    if [[ -d $DIR/dockerd ]] && ! engine_ok; then
      # Gone (killed, say): start it once more, since only the engine knows its networks' bridges.
      (ensure_bridge && testbed --engine-only) >/dev/null 2>&1 || warn "could not start the engine of $DIR to clean up"
    fi
    if engine_ok; then
      # Through the engine, so that it deletes its networks' bridges itself.
      mapfile -t ids < <(private_docker ps -aq)
      if ((${#ids[@]})); then
        private_docker rm -f -v "${ids[@]}" >/dev/null || warn "could not remove containers ${ids[*]}"
      fi
      private_docker network prune -f >/dev/null || warn "could not remove the networks of $PRIVATE_HOST"
    fi
    testbed --stop
    # What a killed dockerd leaves: the processes of its containers (found by their cgroups, named by container
    # id), its containerd and shims (their command lines name DIR), then mounts under DIR.
    for id in $(ls -- "$DIR/dockerd/root/containers" 2>/dev/null); do
      [[ $id =~ ^[0-9a-f]{64}$ ]] || continue
      for pid in $(grep -l -- "$id" /proc/[0-9]*/cgroup 2>/dev/null | cut -d/ -f3); do
        pid_gone "$pid" && continue
        warn "ending pid $pid of container ${id:0:12}, left over by the engine of $DIR"
        stop_pid "$pid" 10 || warn "pid $pid did not exit"
      done
    done
    while read -r pid; do
      [[ -n $pid && $pid != "$$" ]] || continue
      pid_gone "$pid" && continue
      warn "ending pid $pid, left over by the engine of $DIR"
      stop_pid "$pid" 10 || warn "pid $pid did not exit"
    done < <(pgrep -f -- "$DIR/" 2>/dev/null || true)
    awk -v d="$DIR/" 'index($2, d) == 1 { print $2 }' /proc/self/mounts | sort -r | while read -r mount; do
      umount "$mount" 2>/dev/null || umount -l "$mount" 2>/dev/null || warn "could not unmount $mount"
    done
    if [[ -s $DIR/bridge ]] && ip link show "$BRIDGE" >/dev/null 2>&1; then
      ip link del "$BRIDGE" || warn "could not delete bridge $BRIDGE"
    fi
    rm -rf -- "$DIR" || die "could not delete $DIR"
    log "removed $DIR"
    ;;
  *) usage >&2; exit 2 ;;
esac
