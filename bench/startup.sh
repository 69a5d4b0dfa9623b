#!/usr/bin/env bash
# Start to ready: how long the packaged app takes from launch to its first 200 on
# /q/health/ready, for each way of running it, measured by bench/startup/measure.mjs (launches
# rotated, each variant --runs times, probe every 5 ms; loopback only). The variants:
#
#   jdk17          the fast-jar on JDK 17 (what the JVM image runs)
#   jdk25          the same jar on JDK 25
#   jdk25-aot      Quarkus's aot-jar packaging on JDK 25 with the JDK's AOT cache (JEP 483),
#                  trained first by src/main/docker/AotTraining.java, as the JDK 25 image trains
#                  itself: every transport, the page, the probes and the refusals, for 15 s, as a
#                  replica's first minute would; launched as the image's ENTRYPOINT launches it
#
#   bench/startup.sh [--runs 10]
#
# Needs: JDK 17 (JAVA17, default /usr/lib/jvm/java-17-openjdk-amd64), JDK 25 (JAVA25, default
# /usr/lib/jvm/temurin-25-jdk-amd64) and Node 20+. Builds both packagings under target/startup/,
# writes bench/STARTUP.md and the raw figures to target/startup/runs.jsonl.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=10
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
java17=${JAVA17:-/usr/lib/jvm/java-17-openjdk-amd64}/bin/java
java25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
for java in "$java17" "$java25"; do
  [ -x "$java" ] || { echo "no $java (set JAVA17 / JAVA25)" >&2; exit 2; }
done
out=target/startup
rm -rf "$out" && mkdir -p "$out"

echo "== packaging: fast-jar, then aot-jar"
./mvnw -q -B package -DskipTests
cp -r target/quarkus-app "$out/fast-jar"
./mvnw -q -B package -DskipTests -Dquarkus.package.jar.type=aot-jar
cp -r target/quarkus-app "$out/aot-jar"
./mvnw -q -B package -DskipTests   # target/quarkus-app back to the fast-jar every other command expects

# Every variant, and the training run, with the JVM options the JDK 25 image runs with (the JDK 17
# image's, as flags), so the start measured is the deployed one. Both JDKs read JDK_JAVA_OPTIONS.
JDK_JAVA_OPTIONS=$(sed -n 's/^ENV JDK_JAVA_OPTIONS="\(.*\)"$/\1/p' src/main/docker/Dockerfile.jvm-aot)
[ -n "$JDK_JAVA_OPTIONS" ] || { echo "no JDK_JAVA_OPTIONS in src/main/docker/Dockerfile.jvm-aot" >&2; exit 1; }
export JDK_JAVA_OPTIONS MALLOC_ARENA_MAX=2
echo "== training the AOT cache on JDK 25, as the image does (src/main/docker/AotTraining.java)"
"$java25" src/main/docker/AotTraining.java "$out/aot-jar" 15 > "$out/training.log" 2>&1 \
  || { echo "training failed: see $out/training.log" >&2; exit 1; }

# The cached launch is the image's ENTRYPOINT less its "java", and -XX:AOTMode=on, with which the JVM
# refuses to start rather than start without the cache: a cache it could not use is an error here,
# not a slow launch measured as the cached one.
entrypoint=$(sed -n 's/^ENTRYPOINT \[ "java", \(.*\) \]$/\1/p' src/main/docker/Dockerfile.jvm-aot)
[ -n "$entrypoint" ] || { echo "no ENTRYPOINT [ \"java\", ... ] in src/main/docker/Dockerfile.jvm-aot" >&2; exit 1; }

echo "== measuring, $runs launches of each"
variants=$(cat <<JSON
[{"name": "jdk17", "java": "$java17", "args": ["-jar", "quarkus-run.jar"], "cwd": "$PWD/$out/fast-jar"},
 {"name": "jdk25", "java": "$java25", "args": ["-jar", "quarkus-run.jar"], "cwd": "$PWD/$out/fast-jar"},
 {"name": "jdk25-aot", "java": "$java25", "args": ["-XX:AOTMode=on", $entrypoint], "cwd": "$PWD/$out/aot-jar"}]
JSON
)
node bench/startup/measure.mjs "$runs" "$variants" 2> >(grep -v '^NOTE: Picked up JDK_JAVA_OPTIONS' >&2) | tee "$out/runs.jsonl"

summary=$(tail -1 "$out/runs.jsonl")
node - "$summary" "$runs" "$("$java17" -version 2>&1 | grep -v '^NOTE:' | head -1)" "$("$java25" -version 2>&1 | grep -v '^NOTE:' | head -1)" > bench/STARTUP.md <<'NODE'
const [summary, runs, jdk17, jdk25] = process.argv.slice(2);
const rows = JSON.parse(summary).summary;
const base = rows.find((row) => row.variant === 'jdk17').median;
console.log(`# Start to ready

Written by \`bench/startup.sh --runs ${runs}\`: launch to the first 200 on \`/q/health/ready\`,
${runs} launches of each variant, rotated, on this machine (2 cores, shared), in one run, each with
the JVM options of the images (\`JDK_JAVA_OPTIONS\` of src/main/docker/Dockerfile.jvm-aot), and
jdk25-aot with the options of that image's \`ENTRYPOINT\` too.
JDK 17: ${jdk17}; JDK 25: ${jdk25}.

| variant | min | median | median against jdk17 |
|---|---|---|---|`);
for (const row of rows) {
  console.log(`| ${row.variant} | ${row.min} ms | ${row.median} ms | ${(row.median / base).toFixed(2)}× |`);
}
NODE
cat bench/STARTUP.md
