#!/usr/bin/env bash
# Builds the OCI image of Bosun (runtime/src/main/oci/Dockerfile) from the built runtime, offline: a Java runtime
# jlink'ed from this machine's JDK 17 with the modules the bundles use, the C libraries it links, busybox-static
# for the start script, and runtime/target/{bosun.jar,bosun-start}.
#
#   scripts/image.sh [TAG]     default TAG: bosun/supervisor:dev; prints the tag it built
set -euo pipefail
REPO=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
BOSUN_LOG_PREFIX=image
# shellcheck source=lib.sh
source "$REPO/scripts/lib.sh"
TAG=${1:-bosun/supervisor:dev}
JAR=$REPO/runtime/target/bosun.jar
[[ -f $JAR && -x $REPO/runtime/target/bosun-start ]] || die "build the runtime first (mvn install -pl runtime -am)"
[[ -x /bin/busybox ]] || die "busybox-static is missing (apt-get install busybox-static; scripts/testbed.sh installs it)"
JDK=$(dirname "$(dirname "$(readlink -f "$(command -v jlink)")")")
# Every module a bundle or the framework reads, with the crypto and unsupported ones TLS and SQLite load
# reflectively (jdeps cannot see those).
MODULES=java.base,java.desktop,java.logging,java.management,java.naming,java.net.http,java.security.jgss,java.sql
MODULES+=,java.xml,jdk.crypto.ec,jdk.unsupported,jdk.zipfs,jdk.net,java.rmi,java.management.rmi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/bosun-image.XXXXXX")
trap 'rm -rf -- "$WORK"' EXIT
ROOT=$WORK/rootfs
mkdir -p "$ROOT/bin" "$ROOT/usr/lib/bosun" "$ROOT/var/lib/bosun" "$ROOT/tmp" "$ROOT/etc" "$ROOT/opt"
chmod 1777 "$ROOT/tmp"
"$JDK/bin/jlink" --add-modules "$MODULES" --output "$ROOT/opt/java" --strip-debug --no-man-pages \
  --no-header-files --compress=2 --generate-cds-archive
cp "$JAR" "$REPO/runtime/target/bosun-start" "$ROOT/usr/lib/bosun/"
cp /bin/busybox "$ROOT/bin/busybox"
for tool in sh cat md5sum cut dirname env id kill ls mkdir mktemp mv readlink rm sleep stat tail touch wget; do
  ln -s busybox "$ROOT/bin/$tool"
done
# The C libraries of the runtime and of SQLite's native library (extracted from its jar at run time), at the paths
# the loader looks for them.
# (The JDK's jar tool, not unzip: a fresh Debian has the one, not always the other.)
mkdir -p "$WORK/native"
SQLITE=$("$JDK/bin/jar" tf "$JAR" | grep '^jar/sqlite-jdbc-.*\.jar$')
(cd "$WORK/native" && "$JDK/bin/jar" xf "$JAR" "$SQLITE" && "$JDK/bin/jar" xf "$SQLITE" \
  $("$JDK/bin/jar" tf "$SQLITE" | grep "^org/sqlite/native/Linux/$(uname -m)/.*\.so$"))
find "$ROOT/opt/java" "$WORK/native/org" -type f \( -name '*.so' -o -path '*/bin/*' \) -print0 | xargs -0 ldd 2>/dev/null |
  awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\/.*ld-linux/ { print $1 }' | sort -u | while read -r lib; do
    mkdir -p "$ROOT$(dirname "$lib")"
    cp -L "$lib" "$ROOT$lib"
  done
printf 'root:x:0:0:root:/root:/bin/sh\n' >"$ROOT/etc/passwd"
printf 'root:x:0:\n' >"$ROOT/etc/group"
cp "$REPO/runtime/src/main/oci/Dockerfile" "$WORK/Dockerfile"
DOCKER_BUILDKIT=0 docker build -q -t "$TAG" "$WORK" >/dev/null
log "built $TAG ($(docker image inspect -f '{{.Size}}' "$TAG" | awk '{ printf "%.0f MB", $1 / 1e6 }'))"
printf '%s\n' "$TAG"
