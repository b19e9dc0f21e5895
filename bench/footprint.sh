#!/usr/bin/env bash
# Memory and idle CPU of Bosun as it ships on the test bed's engine: RSS idle, with 20 services, after 10,000 and
# 100,000 device-API requests, and CPU over the minute after the apply and over the idle minute after that
# (bench/FootprintBench.java). About 3.5 minutes.
#
#   bench/footprint.sh            env: BOSUN_JAVA_OPTS (JVM options added by bosun-start), JAVA
set -euo pipefail
REPO=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=runtime.sh
source "$REPO/bench/runtime.sh"
bench_setup footprint 7990
# The first start makes the class-data archive; the measured one is the second, as on a device.
start_runtime
stop_runtime
start_runtime
log "runtime up on port $PORT (pid $PID); $(nproc) cores, $("$JAVA" -version 2>&1 | head -1)"
run_client FootprintBench.java "$PORT" "$PID" "$BOSUN_REGISTRY/bosun-test/box:1" "$(getconf CLK_TCK)"
