#!/usr/bin/env bash
# Time from handing the reconciler a target of 1, 5 and 20 services (image on the device) until all run, beside
# plain `docker run -d` of the same containers in parallel, measured in the same run on the test bed's engine.
# Runs inside the framework (itests' ReconcileBench, enabled by BOSUN_BENCH=1) and prints its BENCH lines.
#
#   bench/reconcile.sh
set -euo pipefail
REPO=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO"
scripts/testbed.sh >/dev/null
mvn -B -q -ntp -Dstyle.color=never install -DskipTests -pl itests -am
log=$(mktemp); trap 'rm -f -- "$log"' EXIT
if ! BOSUN_BENCH=1 mvn -B -ntp -Dstyle.color=never -pl itests verify -Dtest=io.bosun.itests.ReconcileBench \
    -Dsurefire.failIfNoSpecifiedTests=false >"$log" 2>&1; then
  tail -50 "$log" >&2
  exit 1
fi
grep '^BENCH' "$log" | sed 's/^BENCH //'
