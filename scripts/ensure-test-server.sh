#!/usr/bin/env bash
# Fetches the Temporal time-skipping test server (io.temporal:temporal-test-server)
# and its runtime dependencies from Maven Central into .tools/, once, and writes a
# wrapper that `exec`s java (exec matters: the SDK kills the process it started,
# and without exec the JVM would be orphaned). Prints the wrapper's path on stdout.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
pom="$root/scripts/test-server/pom.xml"
version="$(sed -n 's:.*<temporal.testserver.version>\(.*\)</temporal.testserver.version>.*:\1:p' "$pom")"
dest="$root/.tools/temporal-test-server/$version"
wrapper="$dest/temporal-test-server"
if [ -x "$wrapper" ] && ls "$dest"/lib/temporal-test-server-*.jar >/dev/null 2>&1; then
  echo "$wrapper"; exit 0
fi
command -v mvn >/dev/null || { echo "ensure-test-server: Maven (mvn) is not installed; set TEMPORAL_TEST_SERVER_PATH" >&2; exit 1; }
command -v java >/dev/null || { echo "ensure-test-server: java is not installed" >&2; exit 1; }
echo "ensure-test-server: fetching io.temporal:temporal-test-server:$version from Maven Central..." >&2
rm -rf "$dest.tmp" && mkdir -p "$dest.tmp/lib"
mvn -q -B -f "$pom" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$dest.tmp/lib" >&2
# Tiered C1 + serial GC: the JVM starts noticeably faster on 2 busy cores, and the
# test server is small; the SDK only waits a few seconds for the port.
cat > "$dest.tmp/temporal-test-server" <<WRAP
#!/bin/sh
exec java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto \${TEMPORAL_TEST_SERVER_JAVA_OPTS:-} -cp "\$(dirname "\$0")/lib/*" io.temporal.testserver.TestServer "\$@"
WRAP
chmod +x "$dest.tmp/temporal-test-server"
rm -rf "$dest" && mv "$dest.tmp" "$dest"
echo "ensure-test-server: ready ($(ls "$dest/lib" | wc -l) jars)" >&2
echo "$wrapper"
