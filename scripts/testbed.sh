#!/usr/bin/env bash
# Bosun test bed: a Docker engine, two local registries (open + basic auth) and
# small busybox test images, all on 127.0.0.1. Idempotent and fast when warm.
#
#   scripts/testbed.sh              set up (or verify) everything, write testbed.env
#   scripts/testbed.sh --engine-only  only make sure the engine answers (what ./bosun run needs)
#   scripts/testbed.sh --print-env  print testbed.env
#   scripts/testbed.sh --stop       stop the registries (and dockerd if we started it)
#   scripts/testbed.sh --purge      --stop, then delete the state dir and local test images
#
# Environment: BOSUN_TESTBED_DIR (default /var/tmp/bosun-testbed), DOCKER_HOST
# (default unix:///var/run/docker.sock), BOSUN_DOCKERD_TIMEOUT (default 30 s),
# BOSUN_DOCKERD_ARGS (extra dockerd flags when the testbed starts dockerd).
# See docs/testbed.md.
set -euo pipefail

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
BOSUN_LOG_PREFIX=testbed
# shellcheck source=lib.sh
source "$SCRIPT_DIR/lib.sh"

T_START=$(now_ms)
STATE=${BOSUN_TESTBED_DIR:-/var/tmp/bosun-testbed}
ENV_FILE=$STATE/testbed.env
export DOCKER_HOST=${DOCKER_HOST:-unix:///var/run/docker.sock}
DOCKERD_TIMEOUT=${BOSUN_DOCKERD_TIMEOUT:-30}
REGISTRY_TIMEOUT=15
REG_USER=bosun
# A device of the test cloud may pull from the auth registry as balena devices do: user d_<uuid>, its device key as
# the password (docs/cloud.md). The in-framework test gives its device this uuid and key before it registers.
REG_DEVICE_UUID=b05a7e57de71ce0000000000000000d1
PACKAGES=(docker.io docker-registry busybox-static curl apache2-utils iproute2 systemd)
# Test images: bosun-test/<tag>. Each has different content, hence a different ID.
IMAGES=(box:1 box:2 box:3 web:1)
MANIFEST_ACCEPT='application/vnd.docker.distribution.manifest.v2+json'

usage() { awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "$0"; }

ACTION=up
ENGINE_ONLY=
while (($#)); do
  case $1 in
    --engine-only) ENGINE_ONLY=1 ;;
    --stop) ACTION=stop ;;
    --purge) ACTION=purge ;;
    --print-env) ACTION=print-env ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option: $1" ;;
  esac
  shift
done

if [[ $ACTION == print-env ]]; then
  [[ -f $ENV_FILE ]] || die "$ENV_FILE does not exist; run scripts/testbed.sh first"
  cat -- "$ENV_FILE"
  exit 0
fi

mkdir -p -- "$STATE"
# One run at a time. fd 9 is closed for every daemon we spawn (9>&-) so that a
# long-lived child never holds the lock.
exec 9>"$STATE/.lock"
if ! flock -n 9; then
  log "another testbed run holds $STATE/.lock; waiting (max 600 s)"
  flock -w 600 9 || die "could not take $STATE/.lock within 600 s"
fi

TMP=$(mktemp -d "$STATE/.tmp.XXXXXX")
trap 'rm -rf -- "$TMP"' EXIT

# --------------------------------------------------------------------------
# registry helpers (state layout: $STATE/registry-<name>/{config.yml,storage/,
# registry.pid,port,registry.log[,htpasswd,password]})
reg_dir()  { printf '%s\n' "$STATE/registry-$1"; }
reg_pid()  { cat -- "$(reg_dir "$1")/registry.pid" 2>/dev/null || true; }
reg_port() { cat -- "$(reg_dir "$1")/port" 2>/dev/null || true; }

# Every docker-registry process serving this config (including orphans whose
# pid file was lost).
reg_pids() {
  local p out=()
  p=$(reg_pid "$1"); [[ -n $p ]] && pid_alive "$p" docker-registry && out+=("$p")
  while read -r p; do
    [[ -n $p && " ${out[*]-} " != *" $p "* ]] && out+=("$p")
  done < <(pgrep -f "docker-registry serve $(reg_dir "$1")/config.yml" 2>/dev/null || true)
  printf '%s\n' "${out[@]-}"
}

stop_registries() {
  local name pid
  for name in open auth; do
    while read -r pid; do
      [[ -n $pid ]] || continue
      log "stopping registry-$name (pid $pid)"
      stop_pid "$pid" 10 || warn "registry-$name (pid $pid) did not exit"
    done < <(reg_pids "$name")
    rm -f -- "$(reg_dir "$name")/registry.pid"
  done
}

stop_dockerd() {
  local pid
  pid=$(cat -- "$STATE/dockerd.pid" 2>/dev/null || true)
  if [[ -z $pid ]]; then
    log "dockerd was not started by the testbed; leaving it alone"
    return 0
  fi
  if pid_alive "$pid" dockerd; then
    log "stopping dockerd (pid $pid, started by the testbed)"
    stop_pid "$pid" 30 || warn "dockerd (pid $pid) did not exit"
  fi
  rm -f -- "$STATE/dockerd.pid"
}

if [[ $ACTION == stop || $ACTION == purge ]]; then
  if [[ $ACTION == purge ]]; then
    # Remove the local test images while the engine still runs.
    docker_cli=/usr/bin/docker; [[ -x $docker_cli ]] || docker_cli=$(command -v docker || true)
    if [[ -n $docker_cli ]] && DOCKER_API_VERSION=${DOCKER_API_VERSION:-1.41} timeout 10 "$docker_cli" version >/dev/null 2>&1; then
      mapfile -t refs < <(DOCKER_API_VERSION=${DOCKER_API_VERSION:-1.41} "$docker_cli" images \
        --format '{{.Repository}}:{{.Tag}}' --filter 'reference=bosun-test/*' 2>/dev/null || true)
      if ((${#refs[@]})); then
        log "removing local images ${refs[*]}"
        DOCKER_API_VERSION=${DOCKER_API_VERSION:-1.41} "$docker_cli" rmi "${refs[@]}" >/dev/null 2>&1 \
          || warn "could not remove all of ${refs[*]} (in use by containers?)"
      fi
    fi
  fi
  stop_registries
  stop_dockerd
  if [[ $ACTION == purge ]]; then
    log "removing $STATE"
    find "$STATE" -mindepth 1 -maxdepth 1 ! -name .lock -exec rm -rf -- {} +
  fi
  log "stopped ($(($(now_ms) - T_START)) ms)"
  exit 0
fi

# --------------------------------------------------------------------------
# 1. packages
ensure_packages() {
  local status p missing=()
  status=$(dpkg-query -W -f='${Package} ${db:Status-Status}\n' "${PACKAGES[@]}" 2>/dev/null || true)
  for p in "${PACKAGES[@]}"; do
    grep -qx "$p installed" <<<"$status" || missing+=("$p")
  done
  ((${#missing[@]})) || return 0
  [[ $EUID -eq 0 ]] || die "missing packages (${missing[*]}) and not root; install them with apt-get"
  log "installing ${missing[*]} (apt log: $STATE/apt.log)"
  export DEBIAN_FRONTEND=noninteractive
  if ! { apt-get update -q && apt-get install -y -q --no-install-recommends "${missing[@]}"; } \
      >>"$STATE/apt.log" 2>&1; then
    tail -n 20 "$STATE/apt.log" >&2 || true
    die "apt-get install ${missing[*]} failed; see $STATE/apt.log"
  fi
  INSTALLED=${missing[*]}
}
INSTALLED=
ensure_packages

for bin in /usr/bin/docker-registry /usr/bin/htpasswd; do
  [[ -x $bin ]] || die "$bin is missing although its package is installed"
done
DOCKER=/usr/bin/docker
[[ -x $DOCKER ]] || DOCKER=$(command -v docker) || die "no docker client found (install docker.io)"
export DOCKER_CONFIG=$STATE/docker-config   # private: never touch ~/.docker
mkdir -p -- "$DOCKER_CONFIG"

# --------------------------------------------------------------------------
# 2. docker engine
if [[ $DOCKER_HOST == unix://* ]]; then
  DOCKER_SOCK=${DOCKER_HOST#unix://}
  engine_get() { curl -sf --max-time 5 --unix-socket "$DOCKER_SOCK" "http://localhost$1"; }
else
  DOCKER_SOCK=
  engine_get() {
    local out
    out=$(DOCKER_API_VERSION='' timeout 10 "$DOCKER" version \
      --format '"ApiVersion":"{{.Server.APIVersion}}","Version":"{{.Server.Version}}"' 2>/dev/null) || return 1
    case $1 in
      /_ping) echo OK ;;
      /version) printf '%s\n' "$out" ;;
    esac
  }
fi
engine_ok() { [[ $(engine_get /_ping 2>/dev/null || true) == OK ]]; }

start_dockerd() {
  [[ -n $DOCKER_SOCK ]] || die "no Docker engine answers on DOCKER_HOST=$DOCKER_HOST, and the testbed only starts dockerd for a unix:// DOCKER_HOST"
  [[ $EUID -eq 0 ]] || die "no Docker engine answers on $DOCKER_HOST and starting dockerd needs root"
  command -v dockerd >/dev/null || die "dockerd not found (package docker.io)"
  local log_file=$STATE/dockerd.log pid i args=(--host "$DOCKER_HOST")
  if [[ $DOCKER_SOCK != /var/run/docker.sock && $DOCKER_SOCK != /run/docker.sock ]]; then
    # A private engine next to a possible system one: own data, exec root and pid file.
    args+=(--data-root "$STATE/dockerd/root" --exec-root "$STATE/dockerd/exec" --pidfile "$STATE/dockerd/docker.pid")
    mkdir -p -- "$STATE/dockerd"
  fi
  # A pid file left by a dockerd that died (killed with its session, or a zombie) makes dockerd refuse to start.
  # Likewise the pid file of the containerd that dockerd manages: dockerd would wait for that pid's socket and give
  # up ("timeout waiting for containerd to start").
  local pid_file=/var/run/docker.pid exec_root=/var/run/docker stale name
  [[ ${args[*]} == *--pidfile* ]] && pid_file=$STATE/dockerd/docker.pid exec_root=$STATE/dockerd/exec
  for name in dockerd containerd; do
    [[ $name == containerd ]] && pid_file=$exec_root/containerd/containerd.pid
    stale=$(cat -- "$pid_file" 2>/dev/null || true)
    if [[ -n $stale ]] && ! pid_alive "$stale" "$name"; then
      log "removing stale $pid_file (pid $stale is not a running $name)"
      rm -f -- "$pid_file"
    fi
  done
  # shellcheck disable=SC2206 # word splitting of extra args is intended
  args+=(${BOSUN_DOCKERD_ARGS:-})
  log "no engine on $DOCKER_HOST; starting dockerd (log: $log_file)"
  mkdir -p -- "$(dirname -- "$DOCKER_SOCK")"
  printf '\n==== %s testbed.sh starts dockerd %s\n' "$(date -Is)" "${args[*]}" >>"$log_file"
  setsid dockerd "${args[@]}" </dev/null >>"$log_file" 2>&1 9>&- &
  pid=$!
  printf '%s\n' "$pid" >"$STATE/dockerd.pid"
  for ((i = 0; i < DOCKERD_TIMEOUT * 10; i++)); do
    engine_ok && { log "dockerd (pid $pid) answers after $((i / 10)).$((i % 10)) s"; return 0; }
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f -- "$STATE/dockerd.pid"
      tail -n 15 "$log_file" >&2 || true
      die "dockerd exited during startup; see $log_file"
    fi
    sleep 0.1
  done
  tail -n 15 "$log_file" >&2 || true
  die "dockerd (pid $pid) did not answer on $DOCKER_HOST within ${DOCKERD_TIMEOUT} s; see $log_file"
}

if ! engine_ok; then
  # A dockerd we started earlier may still be coming up (or wedged).
  old=$(cat -- "$STATE/dockerd.pid" 2>/dev/null || true)
  if [[ -n $old ]] && pid_alive "$old" dockerd; then
    for ((i = 0; i < DOCKERD_TIMEOUT * 10; i++)); do engine_ok && break; sleep 0.1; done
    engine_ok || die "dockerd (pid $old, started by the testbed) does not answer on $DOCKER_HOST; see $STATE/dockerd.log (scripts/testbed.sh --stop to reset)"
  else
    rm -f -- "$STATE/dockerd.pid"
    start_dockerd
  fi
fi

ENGINE_VERSION=$(engine_get /version) || die "GET /version from the engine on $DOCKER_HOST failed"
ENGINE_API=$(grep -o '"ApiVersion":"[0-9.]*"' <<<"$ENGINE_VERSION" | head -n1 | cut -d'"' -f4)
ENGINE_SERVER=$(grep -o '"Version":"[^"]*"' <<<"$ENGINE_VERSION" | tail -n1 | cut -d'"' -f4)
[[ -n $ENGINE_API ]] || die "could not read the engine API version from $DOCKER_HOST"
# Newer clients (e.g. 28.x in /usr/local/bin) must not ask a 20.10 daemon for a
# newer API; the 20.10 client must not be asked for more than 1.41.
if [[ -z ${DOCKER_API_VERSION:-} ]]; then
  if (( ${ENGINE_API#1.} > 41 )); then DOCKER_API_VERSION=1.41; else DOCKER_API_VERSION=$ENGINE_API; fi
fi
export DOCKER_API_VERSION
dk() { "$DOCKER" "$@"; }

if [[ -n $ENGINE_ONLY ]]; then
  log "engine ready on $DOCKER_HOST (engine only: no registries or test images)"
  exit 0
fi

# --------------------------------------------------------------------------
# 3. registries
REG_PASSWORD=
REG_DEVICE_KEY=
AUTH_CHANGED=
ensure_auth_files() {
  local dir; dir=$(reg_dir auth)
  mkdir -p -- "$dir"
  if [[ ! -s $dir/password ]]; then
    (umask 077; random_alnum 24 >"$dir/password")
    rm -f -- "$dir/htpasswd"
  fi
  if [[ ! -s $dir/device-key ]]; then
    (umask 077; random_alnum 32 >"$dir/device-key")
    rm -f -- "$dir/htpasswd"
  fi
  REG_PASSWORD=$(<"$dir/password")
  REG_DEVICE_KEY=$(<"$dir/device-key")
  if [[ ! -s $dir/htpasswd ]] || ! grep -q "^d_$REG_DEVICE_UUID:" "$dir/htpasswd"; then
    { htpasswd -Bbn -C 5 "$REG_USER" "$REG_PASSWORD"; htpasswd -Bbn -C 5 "d_$REG_DEVICE_UUID" "$REG_DEVICE_KEY"; } \
      2>/dev/null | sed '/^$/d' >"$dir/htpasswd.tmp"
    [[ $(wc -l <"$dir/htpasswd.tmp") -eq 2 ]] || die "htpasswd failed to create $dir/htpasswd"
    mv -f -- "$dir/htpasswd.tmp" "$dir/htpasswd"
    AUTH_CHANGED=1
  fi
}

# reg_healthy NAME PORT: /v2/ answers as expected (auth: 401 anonymous, 200 with our credentials).
reg_healthy() {
  local name=$1 port=$2 code
  [[ -n $port ]] || return 1
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$port/v2/" 2>/dev/null || true)
  if [[ $name == open ]]; then
    [[ $code == 200 ]]
  else
    [[ $code == 401 ]] || return 1
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 -u "$REG_USER:$REG_PASSWORD" \
      "http://127.0.0.1:$port/v2/" 2>/dev/null || true)
    [[ $code == 200 ]]
  fi
}

write_registry_config() {
  local name=$1 port=$2 dir secret
  dir=$(reg_dir "$name")
  secret=$(cat -- "$dir/http-secret" 2>/dev/null || true)
  if [[ -z $secret ]]; then secret=$(random_alnum 32); printf '%s\n' "$secret" >"$dir/http-secret"; fi
  {
    cat <<EOF
# Written by scripts/testbed.sh; rewritten on every registry start.
version: 0.1
log:
  level: info
  formatter: text
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $dir/storage
  delete:
    enabled: true
  cache:
    blobdescriptor: inmemory
  maintenance:
    uploadpurging:
      enabled: false
http:
  addr: 127.0.0.1:$port
  secret: $secret
  headers:
    X-Content-Type-Options: [nosniff]
EOF
    if [[ $name == auth ]]; then
      cat <<EOF
auth:
  htpasswd:
    realm: bosun-testbed
    path: $dir/htpasswd
EOF
    fi
  } >"$dir/config.yml"
}

REG_STARTED=()
ensure_registry() {
  local name=$1 dir pid port attempt i
  dir=$(reg_dir "$name")
  mkdir -p -- "$dir/storage"
  pid=$(reg_pid "$name"); port=$(reg_port "$name")
  if [[ -n $pid ]] && pid_alive "$pid" docker-registry && reg_healthy "$name" "$port"; then
    return 0
  fi
  # Not healthy: get rid of whatever serves this config, then start afresh,
  # preferring the previous port so that testbed.env stays stable.
  while read -r i; do [[ -n $i ]] && stop_pid "$i" 5; done < <(reg_pids "$name")
  rm -f -- "$dir/registry.pid"
  for attempt in 1 2 3; do
    port=$(free_port "$port") || die "no free TCP port found for registry-$name"
    write_registry_config "$name" "$port"
    printf '\n==== %s testbed.sh starts registry-%s on 127.0.0.1:%s\n' "$(date -Is)" "$name" "$port" >>"$dir/registry.log"
    setsid /usr/bin/docker-registry serve "$dir/config.yml" </dev/null >>"$dir/registry.log" 2>&1 9>&- &
    pid=$!
    for ((i = 0; i < REGISTRY_TIMEOUT * 20; i++)); do
      if reg_healthy "$name" "$port"; then
        printf '%s\n' "$pid" >"$dir/registry.pid"
        printf '%s\n' "$port" >"$dir/port"
        REG_STARTED+=("$name")
        log "registry-$name started on 127.0.0.1:$port (pid $pid)"
        return 0
      fi
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.05
    done
    if kill -0 "$pid" 2>/dev/null; then
      stop_pid "$pid" 5 || true
      tail -n 10 "$dir/registry.log" >&2 || true
      die "registry-$name (pid $pid) did not answer on 127.0.0.1:$port/v2/ within ${REGISTRY_TIMEOUT} s; see $dir/registry.log"
    fi
    if tail -n 5 "$dir/registry.log" | grep -q 'address already in use'; then
      warn "port $port was taken before registry-$name could bind it; retrying with another"
      port=
      continue
    fi
    tail -n 10 "$dir/registry.log" >&2 || true
    die "registry-$name exited during startup; see $dir/registry.log"
  done
  die "registry-$name could not bind a free port after 3 attempts; see $dir/registry.log"
}

ensure_auth_files
# The registry reads its users once, at start: a new user file needs a new registry process.
if [[ -n $AUTH_CHANGED ]]; then
  while read -r i; do [[ -n $i ]] && stop_pid "$i" 5; done < <(reg_pids auth)
fi
ensure_registry open
ensure_registry auth
REG_OPEN=127.0.0.1:$(reg_port open)
REG_AUTH=127.0.0.1:$(reg_port auth)

# --------------------------------------------------------------------------
# 4. test images
# manifest_info REGISTRY REPO TAG [auth] -> "<manifest digest> <config digest>" or ""
manifest_info() {
  local reg=$1 repo=$2 tag=$3 creds=() code dig cfg
  [[ ${4:-} == auth ]] && creds=(-u "$REG_USER:$REG_PASSWORD")
  code=$(curl -s --max-time 5 "${creds[@]}" -H "Accept: $MANIFEST_ACCEPT" -D "$TMP/h" -o "$TMP/b" \
    -w '%{http_code}' "http://$reg/v2/$repo/manifests/$tag" 2>/dev/null || true)
  [[ $code == 200 ]] || return 0
  dig=$(tr -d '\r' <"$TMP/h" | grep -i '^docker-content-digest:' | head -n1 | awk '{print $2}')
  cfg=$(tr -d ' \n\t\r' <"$TMP/b" | grep -o '"config":{[^}]*}' | grep -o 'sha256:[0-9a-f]\{64\}' | head -n1 || true)
  [[ -n $dig && -n $cfg ]] && printf '%s %s\n' "$dig" "$cfg"
  return 0
}

ROOTFS=
make_rootfs() {
  [[ -n $ROOTFS ]] && return 0
  local bb=/bin/busybox a
  [[ -x $bb ]] || die "$bb missing (package busybox-static)"
  if ldd "$bb" >/dev/null 2>&1; then die "$bb is dynamically linked; install busybox-static"; fi
  ROOTFS=$TMP/rootfs
  mkdir -p "$ROOTFS"/{bin,sbin,usr/bin,usr/sbin,etc,tmp,root,proc,sys,dev,var/run,www}
  chmod 1777 "$ROOTFS/tmp"
  cp "$bb" "$ROOTFS/bin/busybox"
  for a in $("$bb" --list); do
    [[ $a == busybox ]] || ln -sf busybox "$ROOTFS/bin/$a"
  done
  for a in sh sleep echo cat ls wget nc httpd touch rm test env date; do
    [[ -e $ROOTFS/bin/$a ]] || die "busybox applet '$a' is missing from $bb"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$ROOTFS/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$ROOTFS/etc/group"
}

# build_image TAG -> prints the new image ID
build_image() {
  local tag=$1 ref=bosun-test/$1 name=${1%%:*} ver=${1#*:} root changes=()
  make_rootfs
  root=$TMP/img-$name-$ver
  rm -rf -- "$root"; cp -a -- "$ROOTFS" "$root"
  printf '%s\n' "$ref" >"$root/etc/bosun-testimage"
  changes+=(-c "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
            -c "ENV BOSUN_TEST_IMAGE=$ref"
            -c "LABEL io.bosun.test.image=$ref"
            -c "LABEL io.bosun.test.version=$ver")
  case $name in
    box)
      changes+=(-c "CMD [\"/bin/sh\",\"-c\",\"trap 'exit 0' TERM INT; echo $ref up; sleep 2147483647 & wait\"]")
      ;;
    web)
      printf '<html><body><h1>bosun-test web %s</h1></body></html>\n' "$ver" >"$root/www/index.html"
      printf 'OK %s\n' "$ref" >"$root/www/health"
      changes+=(-c "ENV PORT=8080"
                -c "LABEL io.bosun.test.port=8080"
                -c "EXPOSE 8080/tcp"
                -c "WORKDIR /www"
                -c "CMD [\"/bin/sh\",\"-c\",\"trap 'exit 0' TERM INT; httpd -f -p 8080 -h /www & wait\"]")
      ;;
    *) die "no recipe for test image $ref" ;;
  esac
  tar --sort=name --mtime='2024-01-01 00:00:00Z' --owner=0 --group=0 --numeric-owner \
      -C "$root" -cf "$TMP/$name-$ver.tar" .
  dk import "${changes[@]}" -m "bosun testbed image $ref" "$TMP/$name-$ver.tar" "$ref" >/dev/null 2>"$TMP/err" \
    || { cat "$TMP/err" >&2; die "docker import of $ref failed"; }
}

LOGGED_IN=
push_to() {
  local reg=$1 ref=$2 kind=$3
  if [[ $kind == auth && -z $LOGGED_IN ]]; then
    printf '%s' "$REG_PASSWORD" | dk login --username "$REG_USER" --password-stdin "$reg" >"$TMP/login.log" 2>&1 \
      || { cat "$TMP/login.log" >&2; die "docker login $reg as $REG_USER failed"; }
    LOGGED_IN=$reg
  fi
  dk tag "$ref" "$reg/$ref"
  if ! dk push "$reg/$ref" >"$TMP/push.log" 2>&1; then
    cat "$TMP/push.log" >&2
    dk rmi "$reg/$ref" >/dev/null 2>&1 || true
    die "docker push $reg/$ref failed"
  fi
  dk rmi "$reg/$ref" >/dev/null 2>&1 || true
}

declare -A LOCAL_ID=()
local_images=$(dk images --no-trunc --format '{{.Repository}}:{{.Tag}} {{.ID}}' --filter 'reference=bosun-test/*') \
  || die "docker images failed (client $DOCKER, engine on $DOCKER_HOST)"
while read -r r id; do
  [[ -n ${r:-} ]] && LOCAL_ID[$r]=$id
done <<<"$local_images"

BUILT=0 PUSHED=0 PULLED=0
declare -A IMAGE_ID=() IMAGE_DIGEST=()
for tag in "${IMAGES[@]}"; do
  ref=bosun-test/$tag repo=bosun-test/${tag%%:*} t=${tag#*:}
  lid=${LOCAL_ID[$ref]:-}
  read -r odig ocfg < <(manifest_info "$REG_OPEN" "$repo" "$t"; echo) || true
  read -r adig acfg < <(manifest_info "$REG_AUTH" "$repo" "$t" auth; echo) || true
  if [[ -z $lid ]]; then
    if [[ -n ${ocfg:-} ]]; then
      # Restore from the open registry: keeps image IDs stable across `docker rmi`.
      if dk pull -q "$REG_OPEN/$ref" >"$TMP/pull.log" 2>&1; then
        dk tag "$REG_OPEN/$ref" "$ref" && dk rmi "$REG_OPEN/$ref" >/dev/null 2>&1 || true
        lid=$(dk image inspect -f '{{.Id}}' "$ref")
        PULLED=$((PULLED + 1))
      else
        warn "pull of $REG_OPEN/$ref failed; rebuilding"; cat "$TMP/pull.log" >&2
      fi
    fi
    if [[ -z $lid ]]; then
      build_image "$tag"
      lid=$(dk image inspect -f '{{.Id}}' "$ref")
      BUILT=$((BUILT + 1))
    fi
  fi
  if [[ ${ocfg:-} != "$lid" ]]; then
    push_to "$REG_OPEN" "$ref" open; PUSHED=$((PUSHED + 1))
    read -r odig ocfg < <(manifest_info "$REG_OPEN" "$repo" "$t"; echo) || true
    [[ ${ocfg:-} == "$lid" ]] || die "after pushing, $REG_OPEN/$ref has config ${ocfg:-<none>}, expected $lid"
  fi
  if [[ ${acfg:-} != "$lid" ]]; then
    push_to "$REG_AUTH" "$ref" auth; PUSHED=$((PUSHED + 1))
    read -r adig acfg < <(manifest_info "$REG_AUTH" "$repo" "$t" auth; echo) || true
    [[ ${acfg:-} == "$lid" ]] || die "after pushing, $REG_AUTH/$ref has config ${acfg:-<none>}, expected $lid"
  fi
  IMAGE_ID[$tag]=$lid
  IMAGE_DIGEST[$tag]=$odig
done
if [[ -n $LOGGED_IN ]]; then
  dk logout "$LOGGED_IN" >/dev/null 2>&1 || warn "docker logout $LOGGED_IN failed"
fi

# --------------------------------------------------------------------------
# 5. testbed.env (rewritten only when something changed)
key_of() { local k=${1^^}; k=${k//[^A-Z0-9]/_}; printf '%s\n' "$k"; }
images_open= images_auth=
for tag in "${IMAGES[@]}"; do
  images_open+=${images_open:+,}$REG_OPEN/bosun-test/$tag
  images_auth+=${images_auth:+,}$REG_AUTH/bosun-test/$tag
done
{
  printf '# Bosun test bed, written by scripts/testbed.sh (see docs/testbed.md). Shell and Java-properties compatible.\n'
  printf 'DOCKER_HOST=%s\n' "$DOCKER_HOST"
  printf 'DOCKER_API_VERSION=%s\n' "$DOCKER_API_VERSION"
  printf 'BOSUN_DOCKER_CLI=%s\n' "$DOCKER"
  printf 'BOSUN_DOCKER_SERVER_VERSION=%s\n' "$ENGINE_SERVER"
  printf 'BOSUN_TESTBED_DIR=%s\n' "$STATE"
  printf 'BOSUN_REGISTRY=%s\n' "$REG_OPEN"
  printf 'BOSUN_REGISTRY_AUTH=%s\n' "$REG_AUTH"
  printf 'BOSUN_REGISTRY_USER=%s\n' "$REG_USER"
  printf 'BOSUN_REGISTRY_PASSWORD=%s\n' "$REG_PASSWORD"
  printf 'BOSUN_REGISTRY_DEVICE_UUID=%s\n' "$REG_DEVICE_UUID"
  printf 'BOSUN_REGISTRY_DEVICE_KEY=%s\n' "$REG_DEVICE_KEY"
  printf 'BOSUN_TEST_IMAGES=%s\n' "$images_open"
  printf 'BOSUN_TEST_IMAGES_AUTH=%s\n' "$images_auth"
  for tag in "${IMAGES[@]}"; do
    printf 'BOSUN_IMAGE_ID_%s=%s\n' "$(key_of "$tag")" "${IMAGE_ID[$tag]}"
  done
  for tag in "${IMAGES[@]}"; do
    printf 'BOSUN_IMAGE_DIGEST_%s=%s\n' "$(key_of "$tag")" "${IMAGE_DIGEST[$tag]}"
  done
} >"$TMP/testbed.env"
if cmp -s "$TMP/testbed.env" "$ENV_FILE"; then
  ENV_NOTE=unchanged
else
  mv -f -- "$TMP/testbed.env" "$ENV_FILE"
  ENV_NOTE=updated
fi

changes=()
[[ -n $INSTALLED ]] && changes+=("installed $INSTALLED")
[[ -f $STATE/dockerd.pid ]] && changes+=("dockerd pid $(<"$STATE/dockerd.pid") (testbed-owned)")
((${#REG_STARTED[@]})) && changes+=("started registry ${REG_STARTED[*]}")
((BUILT)) && changes+=("built $BUILT")
((PULLED)) && changes+=("restored $PULLED")
((PUSHED)) && changes+=("pushed $PUSHED")
summary=$(IFS=,; printf '%s' "${changes[*]-}")
printf 'testbed: ready in %d ms | engine %s (API %s) on %s | registry %s (open), %s (auth %s) | %d images | env %s (%s)%s\n' \
  "$(($(now_ms) - T_START))" "$ENGINE_SERVER" "$DOCKER_API_VERSION" "$DOCKER_HOST" "$REG_OPEN" "$REG_AUTH" \
  "$REG_USER" "${#IMAGES[@]}" "$ENV_FILE" "$ENV_NOTE" "${summary:+ | ${summary//,/, }}"
