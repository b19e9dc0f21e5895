#!/usr/bin/env bash
# Releases the built spi as the API baseline that bnd baselining compares every later build with.
#   scripts/release-spi.sh 1.1.0
# Deploys bundles/spi/target/io.bosun.spi-*.jar into cnf/releases (a Maven repository in the tree) and sets
# spi.baseline.version in the root pom. Commit cnf/releases and pom.xml afterwards. See docs/versioning.md.
set -euo pipefail
cd "$(dirname -- "${BASH_SOURCE[0]}")/.."
version=${1:?usage: scripts/release-spi.sh <version, e.g. 1.1.0>}
jar=$(ls -t bundles/spi/target/io.bosun.spi-*.jar 2>/dev/null | grep -v -- '-sources' | head -n 1)
[[ -n $jar ]] || { echo "release-spi: build the spi first (mvn install -pl bundles/spi)" >&2; exit 1; }
[[ ! -e cnf/releases/io/bosun/io.bosun.spi/$version ]] || { echo "release-spi: $version is released already" >&2; exit 1; }
# The released jar says what it is: Bundle-Version is the release version, not the snapshot's.
work=$(mktemp -d); trap 'rm -rf -- "$work"' EXIT
mkdir -- "$work/content"
(cd "$work/content" && jar --extract --file "$OLDPWD/$jar")
sed -i "s/^Bundle-Version: .*/Bundle-Version: $version\r/" "$work/content/META-INF/MANIFEST.MF"
jar --create --file "$work/io.bosun.spi-$version.jar" --manifest "$work/content/META-INF/MANIFEST.MF" \
  -C "$work/content" --exclude META-INF/MANIFEST.MF . 2>/dev/null \
  || jar --create --file "$work/io.bosun.spi-$version.jar" --manifest "$work/content/META-INF/MANIFEST.MF" -C "$work/content" .
mvn -B -q -ntp org.apache.maven.plugins:maven-deploy-plugin:3.1.4:deploy-file -Dfile="$work/io.bosun.spi-$version.jar" \
  -DgroupId=io.bosun -DartifactId=io.bosun.spi -Dversion="$version" -Dpackaging=jar \
  -Durl="file://$PWD/cnf/releases" -DgeneratePom=true
sed -i "s#<spi.baseline.version>[^<]*</spi.baseline.version>#<spi.baseline.version>$version</spi.baseline.version>#" pom.xml
echo "release-spi: released $jar as io.bosun:io.bosun.spi:$version in cnf/releases"
