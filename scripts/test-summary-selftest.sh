#!/usr/bin/env bash
# Self-test of scripts/TestSummary.java: builds fake project folders with the report shapes surefire 3.5 and the
# bnd 7.1 tester really write (see docs/testbed.md, "Counting"), runs the summary on each and checks its exit code,
# its last line and the lines naming what is wrong. ./bosun test runs it before Maven; about 5 s.
#
#   scripts/test-summary-selftest.sh     prints one line per failed check and "test-summary: N checks passed"
set -euo pipefail

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname -- "$SCRIPT_DIR")
BOSUN_LOG_PREFIX=test-summary
# shellcheck source=lib.sh
source "$SCRIPT_DIR/lib.sh"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/bosun-test-summary.XXXXXX")
trap 'rm -rf -- "$TMP"' EXIT
javac -nowarn -d "$TMP/classes" "$SCRIPT_DIR/TestSummary.java" 2>"$TMP/javac.log" \
  || { cat "$TMP/javac.log" >&2; die "scripts/TestSummary.java does not compile"; }

CHECKS=0 FAILED=0
fail() { FAILED=$((FAILED + 1)); printf 'test-summary: FAIL %s: %s\n' "$CASE" "$*" >&2; }

# --- fake projects

# project NAME MODULE... : a root pom listing the modules. A module "x:unit" has src/test/java, "x:bnd" runs the bnd
# tester, "x:none" has no tests.
project() {
  CASE=$1; shift
  ROOT=$TMP/$CASE
  mkdir -p "$ROOT"
  local m dir kind modules=''
  for m in "$@"; do
    dir=${m%%:*} kind=${m#*:}
    modules+="<module>$dir</module>"
    mkdir -p "$ROOT/$dir"
    case $kind in
      unit) mkdir -p "$ROOT/$dir/src/test/java"; printf '<project><artifactId>%s</artifactId></project>\n' "$dir" >"$ROOT/$dir/pom.xml" ;;
      bnd) printf '<project><build><plugins><plugin><artifactId>bnd-testing-maven-plugin</artifactId></plugin></plugins></build></project>\n' >"$ROOT/$dir/pom.xml" ;;
      none) printf '<project><artifactId>%s</artifactId></project>\n' "$dir" >"$ROOT/$dir/pom.xml" ;;
    esac
  done
  # pluginManagement alone does not make the root a bnd tester module.
  printf '<project><modules>%s</modules><build><pluginManagement><plugins><plugin><artifactId>bnd-testing-maven-plugin</artifactId></plugin></plugins></pluginManagement></build></project>\n' \
    "$modules" >"$ROOT/pom.xml"
}

# surefire MODULE CLASS TESTCASES-XML [SUITE-ATTRIBUTES]: one surefire report (attributes as surefire writes them).
surefire() {
  local dir=$ROOT/$1/target/surefire-reports attrs=${4:-}
  [[ -n $attrs ]] || attrs='tests="1" errors="0" skipped="0" failures="0"'
  mkdir -p "$dir"
  cat >"$dir/TEST-$2.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<testsuite xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="https://maven.apache.org/surefire/maven-surefire-plugin/xsd/surefire-test-report.xsd" version="3.0.2" name="$2" time="0.1" $attrs>
  <properties/>
$3
</testsuite>
EOF
}

# bnd MODULE TESTCASES-XML SUITE-ATTRIBUTES: the bnd tester's one report per test bundle.
bnd() {
  local dir=$ROOT/$1/target/test-reports/itest
  mkdir -p "$dir"
  cat >"$dir/TEST-io.bosun.itests-0.1.0.202612021238.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<testsuite name="[9] io.bosun.itests;0.1.0.202612021238" $3 time="1.5" hostname="vm" timestamp="2026-12-02T12:41:26">
<properties>
<property name="tester.dir" value="/x/itests/target/test-reports/itest"/>
</properties>
$2
</testsuite>
EOF
}

PASS_CASE='<testcase name="passes" classname="io.bosun.a.ATest" time="0.005"/>'
BND_PASS='<testcase name="everyBosunBundleIsActive()" classname="io.bosun.itests.BundleRulesTest" time="0.005">
</testcase>'

# check RC LAST-LINE [PATTERN...]: the summary of $ROOT exits RC, ends with LAST-LINE, and prints each PATTERN
# (a fixed string) on a line before the last.
check() {
  local rc=0 want_rc=$1 want_last=$2 out last body p
  shift 2
  CHECKS=$((CHECKS + 1))
  out=$(java -cp "$TMP/classes" TestSummary "$ROOT" 2>&1) || rc=$?
  last=$(tail -n 1 <<<"$out")
  body=$(sed '$d' <<<"$out")
  [[ $rc == "$want_rc" ]] || fail "exit code $rc, expected $want_rc; output:"$'\n'"$out"
  [[ $last == "$want_last" ]] || fail "last line '$last', expected '$want_last'"
  for p in "$@"; do
    grep -qF -- "$p" <<<"$body" || fail "no line with '$p' before the summary; output:"$'\n'"$out"
  done
}

# --- cases

project green a:unit b:unit itests:bnd tools:none
surefire a io.bosun.a.ATest "$PASS_CASE
  <testcase name=\"also\" classname=\"io.bosun.a.ATest\" time=\"0.001\"/>" 'tests="2" errors="0" skipped="0" failures="0"'
surefire b io.bosun.b.BTest "${PASS_CASE//ATest/BTest}"
bnd itests "$BND_PASS" 'tests="1" skipped="0" failures="0" errors="0"'
check 0 "4 passed, 0 failed, 0 skipped"

# Surefire counts a @Nested class's tests in the outer report with tests="0".
project nested a:unit
surefire a io.bosun.a.ATest '<testcase name="one" classname="io.bosun.a.ATest$Inner" time="0.028"/>' \
  'tests="0" errors="0" skipped="0" failures="0"'
check 0 "1 passed, 0 failed, 0 skipped"

# Allowed: [bench], in every shape a skip reason takes.
project bench a:unit itests:bnd
surefire a io.bosun.a.ATest "$PASS_CASE
  <testcase name=\"aborted\" classname=\"io.bosun.a.ATest\" time=\"0.0\">
    <skipped type=\"org.opentest4j.TestAbortedException\"><![CDATA[org.opentest4j.TestAbortedException: Assumption failed: [bench] only with BOSUN_BENCH=1
]]></skipped>
  </testcase>
  <testcase name=\"disabled\" classname=\"io.bosun.a.ATest\" time=\"0.0\">
    <skipped message=\"Environment variable [BOSUN_BENCH] does not exist ==&gt; [bench] run by bench/reconcile.sh\"/>
  </testcase>" 'tests="3" errors="0" skipped="2" failures="0"'
bnd itests "$BND_PASS
<testcase name=\"timeToRunningAgainstPlainDockerRun()\" classname=\"io.bosun.itests.ReconcileBench\" time=\"0\">
<skipped><![CDATA[parent was skipped: Environment variable [BOSUN_BENCH] does not exist ==> [bench] run by bench/reconcile.sh]]></skipped>
</testcase>
<testcase name=\"aborted()\" classname=\"io.bosun.itests.OtherBench\" time=\"0.005\">
<skipped><![CDATA[org.opentest4j.TestAbortedException: Assumption failed: [bench] only with BOSUN_BENCH=1
	at org.junit.jupiter.api.Assumptions.throwAssumptionFailed(Assumptions.java:340)
]]></skipped>
</testcase>" 'tests="3" skipped="2" failures="0" errors="0"'
check 0 "2 passed, 0 failed, 4 skipped" "skipped 4 under [bench]"

# Not allowed: any other reason, named with its test and reason (surefire and bnd shapes).
project badskip locks:unit itests:bnd
surefire locks io.bosun.locks.LockFilesTest "$PASS_CASE
  <testcase name=\"theSecondCreateOfALockFails\" classname=\"io.bosun.locks.LockFilesTest\" time=\"0.0\">
    <skipped type=\"org.opentest4j.TestAbortedException\"><![CDATA[org.opentest4j.TestAbortedException: Assumption failed: the lock tests chown files: run them as root
]]></skipped>
  </testcase>
  <testcase name=\"off\" classname=\"io.bosun.locks.LockFilesTest\" time=\"0.0\">
    <skipped message=\"[needs-root] not in the list\"/>
  </testcase>" 'tests="3" errors="0" skipped="2" failures="0"'
bnd itests "$BND_PASS
<testcase name=\"one()\" classname=\"io.bosun.itests.SomeTest\" time=\"0\">
<skipped><![CDATA[parent was skipped: org.opentest4j.TestAbortedException: Assumption failed: no engine
]]></skipped>
</testcase>
<testcase name=\"two()\" classname=\"io.bosun.itests.SomeTest\" time=\"0\">
<skipped/>
</testcase>" 'tests="3" skipped="2" failures="0" errors="0"'
check 1 "2 passed, 0 failed, 4 skipped" \
  "SKIPPED io.bosun.locks.LockFilesTest.theSecondCreateOfALockFails: the lock tests chown files: run them as root -- not an allowed condition" \
  "SKIPPED io.bosun.locks.LockFilesTest.off: [needs-root] not in the list" \
  "SKIPPED io.bosun.itests.SomeTest.one(): no engine" \
  "SKIPPED io.bosun.itests.SomeTest.two(): (no reason given)"

# A class that aborted as a whole (assumption in @BeforeAll): surefire writes a suite without a testcase.
project classabort a:unit
surefire a io.bosun.a.ATest "$PASS_CASE"
surefire a io.bosun.a.DTest '' 'tests="0" errors="0" skipped="0" failures="0"'
check 1 "1 passed, 0 failed, 1 skipped" "SKIPPED io.bosun.a.DTest: the class ran no test"

# Failures are named; a class-level error is a failure, as surefire writes it (testcase name="") and without any
# testcase at all.
project failures a:unit b:unit
surefire a io.bosun.a.ATest "$PASS_CASE
  <testcase name=\"fails\" classname=\"io.bosun.a.ATest\" time=\"0.016\">
    <failure message=\"one is not two ==&gt; expected: &lt;1&gt; but was: &lt;2&gt;\" type=\"org.opentest4j.AssertionFailedError\"><![CDATA[org.opentest4j.AssertionFailedError: one is not two
	at x]]></failure>
  </testcase>
  <testcase name=\"hangs\" classname=\"io.bosun.a.ATest\" time=\"300.0\">
    <error message=\"hangs() timed out after 5 minutes\" type=\"java.util.concurrent.TimeoutException\"/>
  </testcase>" 'tests="3" errors="1" skipped="0" failures="1"'
surefire a io.bosun.a.CTest '  <testcase name="" classname="io.bosun.a.CTest" time="0.002">
    <error message="class-level boom" type="java.lang.IllegalStateException"><![CDATA[java.lang.IllegalStateException: class-level boom
]]></error>
  </testcase>' 'tests="1" errors="1" skipped="0" failures="0"'
surefire b io.bosun.b.BTest "${PASS_CASE//ATest/BTest}"
surefire b io.bosun.b.ETest '' 'tests="0" errors="1" skipped="0" failures="0"'
check 1 "2 passed, 4 failed, 0 skipped" \
  "FAILED  io.bosun.a.ATest.fails: one is not two ==> expected: <1> but was: <2>" \
  "FAILED  io.bosun.a.ATest.hangs: hangs() timed out after 5 minutes" \
  "FAILED  io.bosun.a.CTest (class-level): class-level boom" \
  "FAILED  io.bosun.b.ETest: 1 error(s) outside any test (class-level)"

# The bnd tester gives every test of a class whose @BeforeAll failed that error.
project bndclass itests:bnd
bnd itests "$BND_PASS
<testcase name=\"one()\" classname=\"io.bosun.itests.CTest\" time=\"0\">
<error message=\"class-level boom\" type=\"java.lang.IllegalStateException\"><![CDATA[java.lang.IllegalStateException: class-level boom
]]></error>
</testcase>" 'tests="2" skipped="0" failures="0" errors="1"'
check 1 "1 passed, 1 failed, 0 skipped" "FAILED  io.bosun.itests.CTest.one(): class-level boom"

# A test module without reports, or with reports that hold no test, fails the summary, naming it.
project noreport a:unit b:unit itests:bnd
surefire a io.bosun.a.ATest "$PASS_CASE"
check 1 "1 passed, 0 failed, 0 skipped" \
  "NO TEST b has src/test/java but wrote no report in b/target/surefire-reports" \
  "NO TEST itests has the bnd testing plugin but wrote no report in itests/target/test-reports"

project emptybnd a:unit itests:bnd
surefire a io.bosun.a.ATest "$PASS_CASE"
bnd itests '' 'tests="0" skipped="0" failures="0" errors="0"'
check 1 "1 passed, 0 failed, 1 skipped" "NO TEST itests has the bnd testing plugin but its reports in itests/target/test-reports hold no test"

# No test at all.
project nothing tools:none
check 1 "0 passed, 0 failed, 0 skipped" "NO TEST ran at all"

project allskipped a:unit
surefire a io.bosun.a.ATest '<testcase name="b" classname="io.bosun.a.ATest" time="0"><skipped message="[bench] x"/></testcase>' \
  'tests="1" errors="0" skipped="1" failures="0"'
check 1 "0 passed, 0 failed, 1 skipped" "NO TEST ran at all"

# A report cut short (the JVM was killed while writing it), and surefire's dump of a forked JVM that timed out.
project broken a:unit
surefire a io.bosun.a.ATest "$PASS_CASE"
printf '<?xml version="1.0"?>\n<testsuite name="io.bosun.a.HTest" tests="1"><testcase name="x"' \
  >"$ROOT/a/target/surefire-reports/TEST-io.bosun.a.HTest.xml"
printf '# Created at 2026-12-02T14:27:42.811\nThread dump for process (16332@vm):\n' \
  >"$ROOT/a/target/surefire-reports/2026-12-02T14-27-33_030-jvmRun1.dump"
printf 'Corrupted channel\n' >"$ROOT/a/target/surefire-reports/2026-12-02T14-27-33_030-jvmRun1.dumpstream"
check 1 "1 passed, 2 failed, 0 skipped" \
  "FAILED  unreadable report a/target/surefire-reports/TEST-io.bosun.a.HTest.xml" \
  "FAILED  a test JVM timed out or crashed: see a/target/surefire-reports/2026-12-02T14-27-33_030-jvmRun1.dump"

# Every allowed condition is written in docs/testbed.md.
CASE=allowed-documented
CHECKS=$((CHECKS + 1))
mapfile -t tags < <(java -cp "$TMP/classes" TestSummary --allowed | awk '{print $1}')
((${#tags[@]})) || fail "TestSummary --allowed lists no condition"
for tag in "${tags[@]}"; do
  grep -qF -- "| \`$tag\` |" "$REPO/docs/testbed.md" || fail "$tag is not in the table of allowed skips in docs/testbed.md"
done

if ((FAILED)); then
  die "$FAILED of $CHECKS checks failed"
fi
printf 'test-summary: %d checks passed\n' "$CHECKS"
