# shellcheck shell=bash
# Shared shell helpers for Bosun's scripts (sourced, not executed).
# Everything here is side-effect free until called.

# log/warn/die print to stderr with the calling script's name as a prefix.
BOSUN_LOG_PREFIX=${BOSUN_LOG_PREFIX:-$(basename -- "${0:-bosun}" .sh)}

log()  { printf '%s: %s\n' "$BOSUN_LOG_PREFIX" "$*" >&2; }
warn() { printf '%s: WARNING: %s\n' "$BOSUN_LOG_PREFIX" "$*" >&2; }
die()  { printf '%s: ERROR: %s\n' "$BOSUN_LOG_PREFIX" "$*" >&2; exit 1; }

# now_ms: wall clock in milliseconds, without forking when bash has EPOCHREALTIME.
now_ms() {
  if [[ -n ${EPOCHREALTIME:-} ]]; then
    local s=${EPOCHREALTIME%[.,]*} f=${EPOCHREALTIME#*[.,]}
    f=${f}000
    printf '%s\n' "$(( s * 1000 + 10#${f:0:3} ))"
  else
    printf '%s\n' "$(( $(date +%s%N) / 1000000 ))"
  fi
}

# port_in_use PORT: true when a TCP socket (v4 or v6) in any state but TIME_WAIT
# has PORT as its local port (servers bind with SO_REUSEADDR, so TIME_WAIT
# leftovers of a stopped server do not block it).
port_in_use() {
  local hex
  hex=$(printf '%04X' "$1")
  cat /proc/net/tcp /proc/net/tcp6 2>/dev/null |
    awk -v p=":$hex" 'substr($2, length($2) - 4) == p && $4 != "06" { found = 1 } END { exit !found }'
}

# free_port [PREFERRED]: print PREFERRED when it is free, otherwise a random
# free port in 15000..32767 (below the kernel's default ephemeral range).
free_port() {
  local p=${1:-} i
  if [[ -n $p ]] && ! port_in_use "$p"; then
    printf '%s\n' "$p"; return 0
  fi
  for ((i = 0; i < 200; i++)); do
    p=$(( 15000 + RANDOM % 17768 ))
    if ! port_in_use "$p"; then
      printf '%s\n' "$p"; return 0
    fi
  done
  return 1
}

# pid_alive PID [COMM_SUBSTRING]: process exists (and its command line contains
# the given substring, to guard against recycled pids).
pid_alive() {
  local pid=$1 want=${2:-} cmd
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  ! pid_gone "$pid" || return 1
  [[ -z $want ]] && return 0
  cmd=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
  [[ $cmd == *"$want"* ]]
}

# pid_gone PID: the process no longer exists or is a zombie waiting to be reaped.
pid_gone() {
  local stat
  kill -0 "$1" 2>/dev/null || return 0
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
  stat=${stat##*) }
  [[ ${stat:0:1} == Z ]]
}

# stop_pid PID [TIMEOUT_S]: SIGTERM, wait (bounded), then SIGKILL.
stop_pid() {
  local pid=$1 timeout=${2:-10} i
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < timeout * 20; i++)); do
    pid_gone "$pid" && return 0
    sleep 0.05
  done
  warn "pid $pid did not exit within ${timeout}s after SIGTERM; sending SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    pid_gone "$pid" && return 0
    sleep 0.05
  done
  return 1
}

# random_alnum N: N random characters [A-Za-z0-9] (safe in shell and .properties).
random_alnum() {
  local n=${1:-24} out=''
  while ((${#out} < n)); do
    out+=$(head -c 96 /dev/urandom | base64 -w0 | tr -dc 'A-Za-z0-9')
  done
  printf '%s\n' "${out:0:n}"
}
