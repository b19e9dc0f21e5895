#!/usr/bin/env bash
# The cloud connector's idle cost: the runtime's CPU-s/min managed by the test cloud against the same device
# unmanaged, and the requests and bytes a day it sends the cloud (bench/CloudIdleBench.java).
#
#   bench/cloud-idle.sh            env: BOSUN_BENCH_SECONDS (the window of each measure, default 120), JAVA
set -euo pipefail
REPO=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
BOSUN_LOG_PREFIX=bench
# shellcheck source=../scripts/lib.sh
source "$REPO/scripts/lib.sh"
JAVA=${JAVA:-java}
JAR=$REPO/runtime/target/bosun.jar
CLOUD_JAR=$REPO/testing/testcloud/target/io.bosun.testcloud-0.1.0-SNAPSHOT.jar
[[ -f $JAR && -f $CLOUD_JAR ]] || die "jars not found: $JAR, $CLOUD_JAR (./bosun bench builds them)"
"$REPO/scripts/testbed.sh" >/dev/null
# shellcheck disable=SC1091
set -a; source "${BOSUN_TESTBED_DIR:-/var/tmp/bosun-testbed}/testbed.env"; set +a
M2=${MAVEN_REPO:-$HOME/.m2/repository}/com/fasterxml/jackson/core
CP=$CLOUD_JAR
for a in jackson-databind jackson-core jackson-annotations; do
  j=$(find "$M2/$a" -name "$a-2.*.jar" ! -name '*sources*' | sort -V | tail -n1)
  [[ -n $j ]] || die "no $a jar in $M2"
  CP=$CP:$j
done
# One class-data archive folder for the bench's two runtimes (bosun-start reads it), gone with the bench.
BOSUN_CDS_DIR=$(mktemp -d "${TMPDIR:-/tmp}/bosun-cloud-bench-cds.XXXXXX")
export BOSUN_CDS_DIR
cleanup() {
  rm -rf -- "$BOSUN_CDS_DIR"
  for app in 7990 7991; do
    ids=$(docker ps -aq --filter label=io.balena.app-id=$app)
    [[ -z $ids ]] || docker rm -f $ids >/dev/null
    for net in $(docker network ls -q --filter label=io.balena.app-id=$app); do docker network rm "$net" >/dev/null || true; done
  done
}
trap cleanup EXIT
log "$(nproc) cores, $("$JAVA" -version 2>&1 | head -1)"
"$JAVA" -cp "$CP" "$REPO/bench/CloudIdleBench.java" "$JAR" "$BOSUN_REGISTRY/bosun-test/box:1" "${BOSUN_BENCH_SECONDS:-120}"
