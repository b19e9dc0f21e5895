# shellcheck shell=bash
# Shared by the benches that run Bosun as it ships (runtime/target/bosun-start) on the test bed's engine and drive
# it with a Java client (sourced; REPO set by the caller). Usage:
#   source "$REPO/bench/runtime.sh"; bench_setup NAME APP_ID...; start_runtime; ...; run_client Main.java ARGS...
BOSUN_LOG_PREFIX=bench
# shellcheck source=../scripts/lib.sh
source "$REPO/scripts/lib.sh"
JAVA=${JAVA:-java}

# bench_setup NAME APP_ID...: the test bed's engine, a scratch folder, a free port, and a clean-up at exit that
# stops the runtime and removes the containers and networks of the given apps (and anything bench_extra_cleanup
# names).
bench_setup() {
  local name=$1
  shift
  BENCH_APPS=("$@")
  [[ -x $REPO/runtime/target/bosun-start ]] || die "no runtime/target/bosun-start (./bosun bench builds it)"
  "$REPO/scripts/testbed.sh" --engine-only >/dev/null
  # shellcheck disable=SC1091
  set -a; source "${BOSUN_TESTBED_DIR:-/var/tmp/bosun-testbed}/testbed.env"; set +a
  BASE=$(mktemp -d "${TMPDIR:-/tmp}/bosun-$name-bench.XXXXXX")
  PORT=$(free_port)
  PID=
  mkdir -p "$BASE/data" "$BASE/locks"
  trap bench_cleanup EXIT
}

bench_extra_cleanup() { :; }

bench_cleanup() {
  local rc=$? app ids net
  ((rc == 0)) || { log "the bench failed; the runtime's log ends:"; tail -n 60 "$BASE/supervisor.log" >&2 || true; }
  stop_runtime
  for app in "${BENCH_APPS[@]}"; do
    ids=$(docker ps -aq --filter "label=io.balena.app-id=$app")
    [[ -z $ids ]] || docker rm -f $ids >/dev/null
    for net in $(docker network ls -q --filter "name=${app}_"); do docker network rm "$net" >/dev/null || true; done
  done
  bench_extra_cleanup
  rm -rf -- "$BASE"
}

# start_runtime: starts Bosun on $BASE's data folder and port $PORT, waits for /ping; sets PID (the JVM: the
# script execs it). The first start on a folder makes the class-data archive.
start_runtime() {
  local i
  BOSUN_DATA_DIR=$BASE/data BOSUN_LOCKS_DIR=$BASE/locks BOSUN_API_PORT=$PORT JAVA=$JAVA \
    setsid "$REPO/runtime/target/bosun-start" >>"$BASE/supervisor.log" 2>&1 &
  PID=$!
  for ((i = 0; i < 1200; i++)); do
    curl -fsS "http://127.0.0.1:$PORT/ping" 2>/dev/null | grep -qx OK && return 0
    kill -0 "$PID" 2>/dev/null || die "the runtime exited; see $BASE/supervisor.log"
    sleep 0.1
  done
  die "no /ping from the runtime within 120 s"
}

stop_runtime() {
  [[ -n ${PID:-} ]] || return 0
  kill -TERM -- "-$PID" 2>/dev/null || true
  wait "$PID" 2>/dev/null || true
  PID=
}

# run_client MAIN.java ARGS...: compiles the client with bench/BenchHttp.java and runs it.
run_client() {
  local source=$1 main
  shift
  main=$(basename "$source" .java)
  javac -d "$BASE/classes" "$REPO/bench/BenchHttp.java" "$REPO/bench/$source"
  "$JAVA" -cp "$BASE/classes" "$main" "$@"
}
