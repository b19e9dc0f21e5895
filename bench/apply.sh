#!/usr/bin/env bash
# Apply as a user runs it (bench/ApplyBench.java): Bosun as it ships on the test bed's engine, a local target of 20
# services sharing one named volume and one network, until all 20 run, against the same made with the docker CLI
# (network and volume, then 20 parallel `docker run -d`); three runs of three.
#
#   bench/apply.sh            env: BOSUN_JAVA_OPTS (JVM options added by bosun-start), JAVA
set -euo pipefail
REPO=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=runtime.sh
source "$REPO/bench/runtime.sh"
bench_extra_cleanup() {
  local ids
  ids=$(docker ps -aq --filter name=bench_s)
  [[ -z $ids ]] || docker rm -f $ids >/dev/null
  docker network rm bench_net >/dev/null 2>&1 || true
  docker volume rm -f 7991_shared bench_shared >/dev/null 2>&1 || true
}
bench_setup apply 7991
start_runtime
log "runtime up on port $PORT; $(nproc) cores, engine $BOSUN_DOCKER_SERVER_VERSION"
run_client ApplyBench.java "$PORT" "$BOSUN_REGISTRY/bosun-test/box:1" "${BOSUN_DOCKER_CLI:-docker}" "$PID" \
  "$(getconf CLK_TCK)"
