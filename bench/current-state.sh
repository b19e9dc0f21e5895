#!/usr/bin/env bash
# Current-state query cost with N supervised containers running (default 5 and 20), on the test bed's engine:
# Bosun's event-driven view against balena's list-and-inspect-each. Prints p50/p99 per query and the ratio.
#
#   bench/current-state.sh [N ...]
set -euo pipefail
REPO=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO"
scripts/testbed.sh --engine-only >/dev/null
mvn -B -q -ntp -Dstyle.color=never install -DskipTests -pl bundles/engine -am
cp=$(mktemp); trap 'rm -f -- "$cp"' EXIT
mvn -B -q -ntp -Dstyle.color=never -pl bundles/engine dependency:build-classpath -Dmdep.outputFile="$cp" \
  -Dmdep.includeScope=test >/dev/null
exec java -cp "bundles/engine/target/classes:bundles/engine/target/test-classes:$(cat "$cp")" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn io.bosun.engine.CurrentStateBench "$@"
