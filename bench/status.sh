#!/usr/bin/env bash
# GET /v2/state/status over HTTP with N services running (default 5, 20 and 50): p50/p90/p99 on one kept-alive
# connection, beside /ping on the same connection, against the exported runtime on the test bed's engine.
#
#   bench/status.sh [N ...]        env: BOSUN_JAVA_OPTS (JVM options of the runtime), JAVA
set -euo pipefail
REPO=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
BOSUN_LOG_PREFIX=bench
# shellcheck source=../scripts/lib.sh
source "$REPO/scripts/lib.sh"
JAVA=${JAVA:-java}
JAR=$REPO/runtime/target/bosun.jar
[[ -f $JAR ]] || die "jar not found: $JAR (./bosun bench builds it)"
(($#)) || set -- 5 20 50
"$REPO/scripts/testbed.sh" --engine-only >/dev/null
# shellcheck disable=SC1091
set -a; source "${BOSUN_TESTBED_DIR:-/var/tmp/bosun-testbed}/testbed.env"; set +a

BASE=$(mktemp -d "${TMPDIR:-/tmp}/bosun-status-bench.XXXXXX")
PORT=$(free_port)
PID=
cleanup() {
  local rc=$?
  ((rc == 0)) || { log "the bench failed; the runtime's log ends:"; tail -n 60 "$BASE/supervisor.log" >&2 || true; }
  [[ -n $PID ]] && { kill -TERM -- "-$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; }
  ids=$(docker ps -aq --filter label=io.balena.app-id=7990)
  [[ -z $ids ]] || docker rm -f $ids >/dev/null
  for net in $(docker network ls -q --filter name=7990_); do docker network rm "$net" >/dev/null || true; done
  rm -rf -- "$BASE"
}
trap cleanup EXIT
mkdir -p "$BASE/data" "$BASE/locks"
# shellcheck disable=SC2086
BOSUN_DATA_DIR=$BASE/data BOSUN_LOCKS_DIR=$BASE/locks BOSUN_API_PORT=$PORT \
  setsid "$JAVA" ${BOSUN_JAVA_OPTS:-} -jar "$JAR" >"$BASE/supervisor.log" 2>&1 &
PID=$!
for ((i = 0; i < 600; i++)); do
  curl -fsS "http://127.0.0.1:$PORT/ping" >/dev/null 2>&1 && break
  kill -0 "$PID" 2>/dev/null || die "the runtime exited; see $BASE/supervisor.log"
  sleep 0.1
done
log "runtime up on port $PORT; $(nproc) cores, $("$JAVA" -version 2>&1 | head -1)"
"$JAVA" "$REPO/bench/StatusBench.java" "$PORT" bosun-test/box:1 "$@"
