#!/usr/bin/env bash
# Startup benchmark for the exported Bosun runtime jar.
#
#   bench/startup.sh [--runs N] [--jvm-opts "..."] [--jar PATH] [--timeout S] [--idle S]
#
# For each run: start `java $JVM_OPTS -jar bosun.jar` with a fresh temporary
# BOSUN_DATA_DIR / BOSUN_LOCKS_DIR and a free BOSUN_API_PORT, poll
# GET http://127.0.0.1:<port>/ping every 5 ms until it answers 200 "OK", and
# record the time since spawn, the RSS (VmRSS) right then and again after
# --idle seconds (default 2). The process is then stopped (SIGTERM, SIGKILL
# after 10 s) and nothing is left behind. Defaults: 7 runs, jar
# runtime/target/bosun.jar, 60 s timeout per run. Env: JAVA (default java).
set -euo pipefail

REPO=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
BOSUN_LOG_PREFIX=bench
# shellcheck source=../scripts/lib.sh
source "$REPO/scripts/lib.sh"

RUNS=7
JVM_OPTS=
JAR=$REPO/runtime/target/bosun.jar
TIMEOUT=60
IDLE=2
POLL=0.005
JAVA=${JAVA:-java}

usage() { awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "$0"; }
while (($#)); do
  case $1 in
    --runs) RUNS=${2:?--runs needs a number}; shift ;;
    --runs=*) RUNS=${1#*=} ;;
    --jvm-opts) JVM_OPTS=${2?--jvm-opts needs a value}; shift ;;
    --jvm-opts=*) JVM_OPTS=${1#*=} ;;
    --jar) JAR=${2:?--jar needs a path}; shift ;;
    --jar=*) JAR=${1#*=} ;;
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
java_ver=$("$JAVA" $JVM_OPTS -version 2>&1 | head -n1 || true)
echo "Bosun startup benchmark"
printf '  jar:       %s (%s MB)\n' "$JAR" "$jar_mb"
printf '  java:      %s (%s)\n' "$(command -v "$JAVA")" "$java_ver"
printf '  jvm opts:  %s\n' "${JVM_OPTS:-(none)}"
printf '  runs:      %s, /ping polled every 5 ms, RSS again after %s s idle, timeout %s s\n' "$RUNS" "$IDLE" "$TIMEOUT"
printf '  machine:   %s cores, %s\n' "$(nproc)" "$(uname -r)"
printf '  reference: balena Supervisor answers /ping 471 ms after start, 100-114 MB RSS\n'
printf '  goal:      Bosun <= 250 ms, <= 64 MB RSS\n\n'
printf '%4s  %10s  %11s  %11s  %7s\n' run startup_ms rss_ping_mb rss_idle_mb stop_ms

STARTUP=() RSS1=() RSS2=()
for ((run = 1; run <= RUNS; run++)); do
  dir=$BASE/run-$run
  mkdir -p "$dir/data" "$dir/locks"
  port=$(free_port) || die "no free port"
  t0=$(now_us)
  (
    cd "$dir"
    export BOSUN_DATA_DIR=$dir/data BOSUN_LOCKS_DIR=$dir/locks BOSUN_API_PORT=$port
    # shellcheck disable=SC2086 # JVM_OPTS is a list of options
    exec setsid "$JAVA" $JVM_OPTS -jar "$JAR"
  ) </dev/null >"$dir/out.log" 2>&1 &
  PID=$!
  deadline=$(( t0 + TIMEOUT * 1000000 ))
  while :; do
    if ping_ok "$port" 2>/dev/null; then
      t1=$(now_us)
      break
    fi
    if pid_gone "$PID"; then
      wait "$PID" 2>/dev/null && rc=0 || rc=$?
      PID=
      tail -n 30 "$dir/out.log" >&2 || true
      die "run $run: the process exited (status $rc) before /ping answered 200 OK on port $port"
    fi
    if (( $(now_us) > deadline )); then
      tail -n 30 "$dir/out.log" >&2 || true
      die "run $run: /ping did not answer 200 OK on 127.0.0.1:$port within $TIMEOUT s"
    fi
    nap "$POLL"
  done
  rss1=$(rss_kb "$PID")
  nap "$IDLE"
  if pid_gone "$PID"; then
    tail -n 30 "$dir/out.log" >&2 || true
    die "run $run: the process exited during the ${IDLE} s idle period"
  fi
  rss2=$(rss_kb "$PID")
  ts=$(now_us)
  stop_run
  stop_ms=$(( ($(now_us) - ts) / 1000 ))
  startup_ms=$(( (t1 - t0) / 1000 ))
  STARTUP+=("$startup_ms") RSS1+=("$rss1") RSS2+=("$rss2")
  printf '%4d  %10d  %11s  %11s  %7d\n' "$run" "$startup_ms" "$(mb "$rss1")" "$(mb "$rss2")" "$stop_ms"
  rm -rf -- "$dir"
done

read -r s_med s_min s_max < <(printf '%s\n' "${STARTUP[@]}" | stats)
read -r r_med r_min r_max < <(printf '%s\n' "${RSS1[@]}" | stats)
read -r i_med i_min i_max < <(printf '%s\n' "${RSS2[@]}" | stats)
s_med=$(awk -v v="$s_med" 'BEGIN { printf "%d", v + 0.5 }')
verdict() { awk -v v="$1" -v g="$2" 'BEGIN { print (v <= g) ? "met" : "MISSED" }'; }
echo
printf 'goal: startup <= 250 ms %s (median %s ms; balena 471 ms), RSS <= 64 MB %s (median %s MB; balena 100-114 MB)\n' \
  "$(verdict "$s_med" 250)" "$s_med" "$(verdict "$(mb "$r_med")" 64)" "$(mb "$r_med")"
printf 'startup_ms median=%s min=%s max=%s  rss_mb median=%s min=%s max=%s  rss_idle_mb median=%s min=%s max=%s\n' \
  "$s_med" "$s_min" "$s_max" "$(mb "$r_med")" "$(mb "$r_min")" "$(mb "$r_max")" \
  "$(mb "$i_med")" "$(mb "$i_min")" "$(mb "$i_max")"
