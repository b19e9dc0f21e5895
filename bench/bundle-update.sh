#!/usr/bin/env bash
# Live component updates through a carrier service: per implementation bundle, the time from the carrier image
# being present (the local target posted) to the new build active and to its commit, and the failed requests
# meanwhile (bench/BundleUpdateBench.java).
#
#   bench/bundle-update.sh          env: JAVA
set -euo pipefail
REPO=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
BOSUN_LOG_PREFIX=bench
# shellcheck source=../scripts/lib.sh
source "$REPO/scripts/lib.sh"
JAVA=${JAVA:-java}
JAR=$REPO/runtime/target/bosun.jar
[[ -f $JAR ]] || die "no $JAR (./bosun bench builds it)"
"$REPO/scripts/testbed.sh" >/dev/null
# shellcheck disable=SC1091
set -a; source "${BOSUN_TESTBED_DIR:-/var/tmp/bosun-testbed}/testbed.env"; set +a
cleanup() {
  ids=$(docker ps -aq --filter label=io.balena.app-id=7981)
  [[ -z $ids ]] || docker rm -f $ids >/dev/null
  for net in $(docker network ls -q --filter label=io.balena.app-id=7981); do docker network rm "$net" >/dev/null || true; done
}
trap cleanup EXIT
log "$(nproc) cores, $("$JAVA" -version 2>&1 | head -1)"
"$JAVA" "$REPO/bench/BundleUpdateBench.java" "$JAR" "$REPO" "$BOSUN_REGISTRY/bosun-test/box:1"
