#!/usr/bin/env bash
# The soak: pushclock under mixed load for a long time, with clients coming and going all along.
# Clients that stay (every streaming transport and long-polling, evenly) must miss no tick; the
# server's resident memory must stay flat; its open files must come back to where they started.
#
#   bench/soak.sh [--minutes 30] [--stayers 4000] [--churn-pool 1000] [--churn-per-second 25]
#
# Each second the churn closes --churn-per-second clients and opens as many: with the defaults,
# 50 connects and disconnects a second. Writes bench/SOAK.md, and the samples to target/bench/.
set -euo pipefail
cd "$(dirname "$0")/.."

minutes=30
stayers=4000
churn_pool=1000
churn_per_second=25
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) minutes=$2; shift 2 ;;
    --stayers) stayers=$2; shift 2 ;;
    --churn-pool) churn_pool=$2; shift 2 ;;
    --churn-per-second) churn_per_second=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
ulimit -n "$(ulimit -Hn)"

# The image's collector (GC_CONTAINER_OPTIONS in src/main/docker/Dockerfile.jvm, ContainerImagesTest
# holds them equal) and the bench's heap, here committed whole and touched at start: the heap growing
# to its ceiling is not a leak, and would otherwise read as one. With the whole heap committed, G1's
# fixed marking threshold (90 % of it) sits near the ceiling, where it has the least room to spare:
# the collector's log goes to target/bench/soak-gc.log.
PUSHCLOCK_JAVA_OPTS=${PUSHCLOCK_JAVA_OPTS:-"-Xms256m -Xmx256m -XX:+AlwaysPreTouch -Xss512k -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:-G1UseAdaptiveIHOP -XX:InitiatingHeapOccupancyPercent=90"}
export MALLOC_ARENA_MAX=2
port=18090
seconds=$((minutes * 60))
warmup=60
linger=30

./mvnw -B -q package -DskipTests
./mvnw -B -q dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
classpath="target/test-classes:$(cat target/bench.classpath)"
mkdir -p target/bench
samples=target/bench/soak-samples.csv

# shellcheck disable=SC2086
java $PUSHCLOCK_JAVA_OPTS -Xlog:gc:file=target/bench/soak-gc.log -Dquarkus.http.port=$port -jar target/quarkus-app/quarkus-run.jar > target/bench/soak-server.log 2>&1 &
server=$!
trap 'kill -KILL $server 2>/dev/null || true' EXIT
until curl -sf -o /dev/null "http://127.0.0.1:$port/api/clock"; do sleep 0.2; done
fds_before=$(ls /proc/$server/fd | wc -l)

per_transport=$((stayers / 5))
generators=()
for transport in websocket sse ndjson iframe long-poll; do
  java -cp "$classpath" dev.pushclock.bench.LoadGenerator --transport "$transport" --clients "$per_transport" \
    --url "http://127.0.0.1:$port" --pid "$server" --ramp 20 --warmup "$warmup" --measure "$((seconds - warmup - 20))" \
    --event-loops 1 --linger "$linger" > "target/bench/soak-$transport.json" 2> "target/bench/soak-$transport.err" &
  generators+=($!)
done
# The churn goes on past the stayers' windows, and they stay open past its end: no client's
# closing, the churn's or another generator's, falls in a window.
java -cp "$classpath" dev.pushclock.bench.Churn "http://127.0.0.1:$port" "$churn_pool" "$churn_per_second" "$((seconds + linger / 2))" \
  > target/bench/soak-churn.json 2> target/bench/soak-churn.err &
churn=$!

echo "seconds,rss_kib,open_files" > "$samples"
started=$(date +%s)
while kill -0 "$churn" 2>/dev/null; do
  echo "$(($(date +%s) - started)),$(awk '/VmRSS/ {print $2}' /proc/$server/status),$(ls /proc/$server/fd | wc -l)" >> "$samples"
  sleep 10
done
for generator in "${generators[@]}"; do wait "$generator"; done
wait "$churn" || true
sleep 15
fds_after=$(ls /proc/$server/fd | wc -l)

java -cp "$classpath" dev.pushclock.bench.SoakReport bench/SOAK.md "$minutes" "$stayers" "$churn_pool" \
  "$churn_per_second" "$fds_before" "$fds_after" "$samples" target/bench/soak-churn.json \
  target/bench/soak-websocket.json target/bench/soak-sse.json target/bench/soak-ndjson.json \
  target/bench/soak-iframe.json target/bench/soak-long-poll.json
echo "Wrote bench/SOAK.md"
