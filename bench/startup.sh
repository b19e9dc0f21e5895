#!/usr/bin/env bash
# Start-up benchmark: process start until GET /ping answers 200 "OK", and RSS, for Bosun as it ships beside the
# floor of any JVM agent here (the JDK's own HTTP server answering /ping, bench/PingFloor.java), in one run.
#
#   bench/startup.sh [--runs N] [--idle S] [--timeout S] [--jar PATH] [--plain [--jvm-opts "..."]]
#
# Bosun is started with runtime/target/bosun-start (what ./bosun run, the systemd unit and the image run) on one
# data folder kept across the runs, as a device restarts: a first, unmeasured start installs the bundles and makes
# the class-data archive (its time is printed), then N measured restarts alternate with N starts of the floor.
# --plain measures `java $JVM_OPTS -jar JAR` with a fresh data folder per run instead (how jars before issue 14
# started). Each run: poll /ping every 5 ms, read VmRSS at the first answer and again after --idle seconds
# (default 5), then stop (SIGTERM, SIGKILL after 10 s). Defaults: 7 runs, 60 s timeout. Env: JAVA (default java).
set -euo pipefail

REPO=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
BOSUN_LOG_PREFIX=bench
# shellcheck source=../scripts/lib.sh
source "$REPO/scripts/lib.sh"

RUNS=7
JVM_OPTS=
JAR=$REPO/runtime/target/bosun.jar
PLAIN=false
TIMEOUT=60
IDLE=5
POLL=0.005
JAVA=${JAVA:-java}
GOAL_MS=450 STRETCH_MS=250 GOAL_RSS_MB=80

usage() { awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "$0"; }
while (($#)); do
  case $1 in
    --runs) RUNS=${2:?--runs needs a number}; shift ;;
    --runs=*) RUNS=${1#*=} ;;
    --jvm-opts) JVM_OPTS=${2?--jvm-opts needs a value}; shift ;;
    --jvm-opts=*) JVM_OPTS=${1#*=} ;;
    --jar) JAR=${2:?--jar needs a path}; shift ;;
    --jar=*) JAR=${1#*=} ;;
    --plain) PLAIN=true ;;
    --timeout) TIMEOUT=${2:?--timeout needs seconds}; shift ;;
    --idle) IDLE=${2:?--idle needs seconds}; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option: $1" ;;
  esac
  shift
done
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "--runs must be a positive integer, got '$RUNS'"
[[ $TIMEOUT =~ ^[1-9][0-9]*$ ]] || die "--timeout must be a positive integer (seconds), got '$TIMEOUT'"
[[ $IDLE =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "--idle must be a number of seconds, got '$IDLE'"
[[ -f $JAR ]] || die "jar not found: $JAR (build the runtime first, or pass --jar PATH)"
JAR=$(realpath -- "$JAR")
START=$(dirname -- "$JAR")/bosun-start
$PLAIN || [[ -x $START ]] || die "no bosun-start beside $JAR (build the runtime, or use --plain)"
command -v "$JAVA" >/dev/null || die "java not found (set JAVA=/path/to/java)"
BASE=$(mktemp -d "${TMPDIR:-/tmp}/bosun-bench.XXXXXX")
PID=

# Stop the benchmarked process (and anything in its session); bounded.
stop_run() {
  local pid=$PID i left
  [[ -n $pid ]] || return 0
  PID=
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 200; i++)); do
    pid_gone "$pid" && break
    sleep 0.05
  done
  if ! pid_gone "$pid"; then
    warn "pid $pid ignored SIGTERM for 10 s; sending SIGKILL"
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
  # Anything the process spawned in its session (setsid made it the leader).
  left=$(pgrep -s "$pid" 2>/dev/null || true)
  if [[ -n $left ]]; then
    warn "killing leftover processes of session $pid: $(echo $left)"
    kill -KILL $left 2>/dev/null || true
  fi
}
cleanup() { stop_run; rm -rf -- "$BASE"; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Fork-free sleep: read with a timeout on a fifo nobody writes to.
mkfifo "$BASE/.nap"
exec {NAP_FD}<>"$BASE/.nap"
nap() { read -r -t "$1" -u "$NAP_FD" _ || true; }

# now_us: wall clock in µs (EPOCHREALTIME is the same clock as `date +%s%N`,
# read without forking so the poll loop stays tight).
now_us() {
  if [[ -n ${EPOCHREALTIME:-} ]]; then
    local s=${EPOCHREALTIME%[.,]*} f=${EPOCHREALTIME#*[.,]}
    printf '%s\n' "$(( s * 1000000 + 10#$f ))"
  else
    printf '%s\n' "$(( $(date +%s%N) / 1000 ))"
  fi
}

# ping_ok PORT: GET /ping answers 200 with body "OK" (bash /dev/tcp, no fork).
ping_ok() {
  local fd line status body=''
  exec {fd}<>"/dev/tcp/127.0.0.1/$1" || return 1
  if ! printf 'GET /ping HTTP/1.0\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n\r\n' "$1" >&"$fd" 2>/dev/null; then
    exec {fd}>&-; return 1
  fi
  local len=''
  IFS= read -r -t 5 -u "$fd" status || { exec {fd}>&-; return 1; }
  while IFS= read -r -t 5 -u "$fd" line; do   # headers
    line=${line%$'\r'}
    [[ $line == '' ]] && break
    shopt -s nocasematch
    [[ $line =~ ^content-length:\ *([0-9]+) ]] && len=${BASH_REMATCH[1]}
    shopt -u nocasematch
  done
  if [[ -n $len ]]; then   # exact body; does not depend on the server closing
    ((len == 0)) || IFS= read -r -t 5 -N "$len" -u "$fd" body || true
  else                     # until EOF; tolerates chunked encoding
    while IFS= read -r -t 5 -u "$fd" line || [[ -n $line ]]; do
      [[ ${line%$'\r'} == OK ]] && body=OK
      line=
    done
  fi
  exec {fd}>&-
  body=${body%$'\n'}; body=${body%$'\r'}
  [[ $status =~ ^HTTP/1\.[01]\ 200 && $body == OK ]]
}

rss_kb() {
  local k v _
  while read -r k v _; do
    [[ $k == VmRSS: ]] && { printf '%s\n' "$v"; return 0; }
  done <"/proc/$1/status" 2>/dev/null
  printf '0\n'
}
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

# median/min/max of integers on stdin -> "median min max"
stats() {
  sort -n | awk '{ v[NR] = $1 } END {
    if (NR == 0) { print "- - -"; exit }
    m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "%s %s %s\n", m, v[1], v[NR] }'
}

jar_mb=$(mb $(( $(stat -c %s "$JAR") / 1024 )))
echo "Bosun start-up benchmark"
printf '  jar:       %s (%s MB)\n' "$JAR" "$jar_mb"
printf '  java:      %s (%s)\n' "$(command -v "$JAVA")" "$("$JAVA" -version 2>&1 | head -n1)"
if $PLAIN; then
  printf '  launch:    java %s -jar (fresh data folder per run)\n' "${JVM_OPTS:-(no options)}"
else
  printf '  launch:    bosun-start, data folder kept across runs\n'
fi
printf '  runs:      %s of each, /ping polled every 5 ms, RSS again after %s s idle, timeout %s s\n' "$RUNS" "$IDLE" "$TIMEOUT"
printf '  machine:   %s cores, %s\n' "$(nproc)" "$(uname -r)"
printf '  balena:    its Supervisor answers /ping 471 ms after start with 100-114 MB RSS on this machine kind\n\n'

javac -d "$BASE/floor" "$REPO/bench/PingFloor.java"

# start_one LABEL DIR COMMAND...: spawn, wait for /ping, sample RSS, stop; sets R_MS, R_RSS and R_IDLE (kB).
start_one() {
  local label=$1 dir=$2 port t0 t1 deadline rc rss1 rss2  # bosun-start execs java: $PID is the JVM
  shift 2
  mkdir -p "$dir/data" "$dir/locks"
  port=$(free_port) || die "no free port"
  t0=$(now_us)
  (
    cd "$dir"
    export BOSUN_DATA_DIR=$dir/data BOSUN_LOCKS_DIR=$dir/locks BOSUN_API_PORT=$port
    exec setsid "$@" "$port"
  ) </dev/null >>"$dir/out.log" 2>&1 &
  PID=$!
  deadline=$(( t0 + TIMEOUT * 1000000 ))
  until ping_ok "$port" 2>/dev/null; do
    if pid_gone "$PID"; then
      wait "$PID" 2>/dev/null && rc=0 || rc=$?
      PID=
      tail -n 30 "$dir/out.log" >&2 || true
      die "$label: the process exited (status $rc) before /ping answered 200 OK on port $port"
    fi
    (( $(now_us) < deadline )) || { tail -n 30 "$dir/out.log" >&2 || true; die "$label: no /ping within $TIMEOUT s"; }
    nap "$POLL"
  done
  t1=$(now_us)
  rss1=$(rss_kb "$PID")
  nap "$IDLE"
  pid_gone "$PID" && { tail -n 30 "$dir/out.log" >&2 || true; die "$label: the process exited while idle"; }
  rss2=$(rss_kb "$PID")
  stop_run
  R_MS=$(( (t1 - t0) / 1000 )) R_RSS=$rss1 R_IDLE=$rss2
}

# The port goes last on the command line: the floor takes it as its argument, Bosun reads it from the environment
# and gets it as an argument it ignores.
bosun_cmd() {
  if $PLAIN; then
    # shellcheck disable=SC2206 # JVM_OPTS is a list of options
    local opts=($JVM_OPTS)
    printf '%s\0' "$JAVA" "${opts[@]}" -jar "$JAR"
  else
    printf '%s\0' env JAVA="$JAVA" "$START"
  fi
}
mapfile -d '' -t BOSUN < <(bosun_cmd)
FLOOR=("$JAVA" -cp "$BASE/floor" PingFloor)

if ! $PLAIN; then
  start_one "first start" "$BASE/bosun" "${BOSUN[@]}"
  printf 'first start after install (installs the bundles, makes the class-data archive): %s ms, %s MB idle\n\n' \
    "$R_MS" "$(mb "$R_IDLE")"
fi

printf '%4s  %-7s  %10s  %11s  %11s\n' run what startup_ms rss_ping_mb rss_idle_mb
B_MS=() B_RSS=() B_IDLE=() F_MS=() F_RSS=() F_IDLE=()
for ((run = 1; run <= RUNS; run++)); do
  if $PLAIN; then dir=$BASE/bosun-$run; else dir=$BASE/bosun; fi
  start_one "bosun run $run" "$dir" "${BOSUN[@]}"
  $PLAIN && rm -rf -- "$dir"
  B_MS+=("$R_MS") B_RSS+=("$R_RSS") B_IDLE+=("$R_IDLE")
  printf '%4d  %-7s  %10d  %11s  %11s\n' "$run" bosun "$R_MS" "$(mb "$R_RSS")" "$(mb "$R_IDLE")"
  start_one "floor run $run" "$BASE/floor-run" "${FLOOR[@]}"
  F_MS+=("$R_MS") F_RSS+=("$R_RSS") F_IDLE+=("$R_IDLE")
  printf '%4d  %-7s  %10d  %11s  %11s\n' "$run" floor "$R_MS" "$(mb "$R_RSS")" "$(mb "$R_IDLE")"
done

median() { printf '%s\n' "$@" | stats | awk '{ print $1 }'; }
range() { printf '%s\n' "$@" | stats | awk '{ print $2 "-" $3 }'; }
verdict() { awk -v v="$1" -v g="$2" 'BEGIN { print (v <= g) ? "met" : "MISSED" }'; }
b_ms=$(median "${B_MS[@]}") f_ms=$(median "${F_MS[@]}")
b_idle=$(mb "$(median "${B_IDLE[@]}")") f_idle=$(mb "$(median "${F_IDLE[@]}")")
echo
printf 'bosun: /ping after %s ms median (%s), RSS %s MB at /ping, %s MB idle\n' "$b_ms" "$(range "${B_MS[@]}")" \
  "$(mb "$(median "${B_RSS[@]}")")" "$b_idle"
printf 'floor: /ping after %s ms median (%s), RSS %s MB at /ping, %s MB idle\n' "$f_ms" "$(range "${F_MS[@]}")" \
  "$(mb "$(median "${F_RSS[@]}")")" "$f_idle"
printf 'ratio: start-up %s x the floor, idle RSS %s x the floor\n' \
  "$(awk -v a="$b_ms" -v b="$f_ms" 'BEGIN { printf "%.2f", a / b }')" \
  "$(awk -v a="$b_idle" -v b="$f_idle" 'BEGIN { printf "%.2f", a / b }')"
printf 'goal: start-up <= %s ms %s (stretch %s ms %s; balena 471 ms), idle RSS <= %s MB %s (balena 100-114 MB)\n' \
  "$GOAL_MS" "$(verdict "$b_ms" "$GOAL_MS")" "$STRETCH_MS" "$(verdict "$b_ms" "$STRETCH_MS")" \
  "$GOAL_RSS_MB" "$(verdict "$b_idle" "$GOAL_RSS_MB")"
