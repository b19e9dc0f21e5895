#!/usr/bin/env bash
# GET /v2/state/status over HTTP with N services running (default 5, 20 and 50): p50/p90/p99 on one kept-alive
# connection, beside /ping on the same connection, against Bosun as it ships on the test bed's engine (the tuned
# JVM: a smaller heap must not cost throughput, and this is where it would show).
#
#   bench/status.sh [N ...]        env: BOSUN_JAVA_OPTS (JVM options added by bosun-start), JAVA
set -euo pipefail
REPO=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=runtime.sh
source "$REPO/bench/runtime.sh"
(($#)) || set -- 5 20 50
bench_setup status 7990
start_runtime
log "runtime up on port $PORT; $(nproc) cores, $("$JAVA" -version 2>&1 | head -1)"
run_client StatusBench.java "$PORT" bosun-test/box:1 "$@"
