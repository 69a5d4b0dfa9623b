#!/usr/bin/env bash
# The benchmark: pushclock and the classic Express + ws baseline (bench/baseline-express) under the
# same load, in alternating rounds, with the load generator on the same machine as the server. Each
# run starts a fresh server, so no run inherits another's heap or connections. Loopback only.
#
#   bench/run.sh [--clients 10000] [--rounds 2] [--measure 20] [--transports "websocket sse long-poll"]
#
# Needs: a JDK 17+, Node 20+ and npm, wrk (apt-get install -y wrk). Writes bench/RESULTS.md, and the
# raw results, one JSON object per run, to target/bench/.
set -euo pipefail
cd "$(dirname "$0")/.."

clients=10000
rounds=2
measure=20
ramp=10
warmup=5
transports="websocket sse long-poll ndjson iframe"
while [ $# -gt 0 ]; do
  case "$1" in
    --clients) clients=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --measure) measure=$2; shift 2 ;;
    --ramp) ramp=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --transports) transports=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

for tool in java node npm wrk curl; do
  command -v "$tool" >/dev/null || { echo "bench/run.sh needs $tool" >&2; exit 1; }
done
ulimit -n "$(ulimit -Hn)"
if [ "$(ulimit -n)" -lt $((clients + 1000)) ]; then
  echo "open files are capped at $(ulimit -n): too few for $clients clients" >&2
  exit 1
fi

# How pushclock runs in its container (src/main/docker/Dockerfile.jvm), here with a fixed heap.
PUSHCLOCK_JAVA_OPTS=${PUSHCLOCK_JAVA_OPTS:-"-Xms64m -Xmx256m -Xss512k -XX:+UseG1GC -XX:MaxGCPauseMillis=20"}
# Set to a native executable (./mvnw package -Dnative, where GraalVM exists) to measure it instead.
PUSHCLOCK_BINARY=${PUSHCLOCK_BINARY:-}
export MALLOC_ARENA_MAX=2
pushclock_port=18080
# The benchmark measures how far one transport goes: no connection limit below the load.
limits=""
for transport in poll long-poll iframe websocket sse ndjson; do
  limits="$limits -Dpushclock.max-connections.$transport=$((clients + 1000))"
done
express_port=18081

echo "Building pushclock and the load generator"
./mvnw -B -q package -DskipTests
./mvnw -B -q dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
(cd bench/baseline-express && npm ci --no-audit --no-fund --loglevel=error)
classpath="target/test-classes:$(cat target/bench.classpath)"

mkdir -p target/bench
results="target/bench/results-$(date -u +%Y%m%dT%H%M%SZ).jsonl"
: > "$results"

server_pid=""
start() {  # start <pushclock|express>
  if [ "$1" = pushclock ] && [ -n "$PUSHCLOCK_BINARY" ]; then
    # shellcheck disable=SC2086
    "$PUSHCLOCK_BINARY" -Dquarkus.http.port=$pushclock_port $limits > "target/bench/pushclock.log" 2>&1 &
    server_pid=$!
    port=$pushclock_port
  elif [ "$1" = pushclock ]; then
    # shellcheck disable=SC2086
    java $PUSHCLOCK_JAVA_OPTS -Dquarkus.http.port=$pushclock_port $limits -jar target/quarkus-app/quarkus-run.jar \
      > "target/bench/pushclock.log" 2>&1 &
    server_pid=$!
    port=$pushclock_port
  else
    PORT=$express_port node bench/baseline-express/server.js > "target/bench/express.log" 2>&1 &
    server_pid=$!
    port=$express_port
  fi
  for _ in $(seq 1 100); do
    curl -sf -o /dev/null "http://127.0.0.1:$port/api/clock" && return 0
    sleep 0.2
  done
  echo "$1 did not start" >&2
  exit 1
}

stop() {
  kill -TERM "$server_pid" 2>/dev/null || true
  for _ in $(seq 1 100); do
    kill -0 "$server_pid" 2>/dev/null || return 0
    sleep 0.2
  done
  kill -KILL "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
}

record() {  # record <server> <round> <json>
  echo "$3" | sed "s/^{/{\"server\":\"$1\",\"round\":$2,/" >> "$results"
  echo "  $1: $3"
}

order() {  # alternate who goes first, round by round
  if [ $(($1 % 2)) -eq 1 ]; then echo "pushclock express"; else echo "express pushclock"; fi
}

for round in $(seq 1 "$rounds"); do
  for transport in $transports; do
    echo "Round $round, $transport, $clients clients"
    for server in $(order "$round"); do
      start "$server"
      json=$(java -cp "$classpath" dev.pushclock.bench.LoadGenerator --transport "$transport" --clients "$clients" \
        --url "http://127.0.0.1:$port" --pid "$server_pid" --ramp "$ramp" --warmup "$warmup" --measure "$measure" | tail -n 1)
      stop
      record "$server" "$round" "$json"
    done
  done
  echo "Round $round, polling with wrk"
  for server in $(order "$round"); do
    start "$server"
    wrk -t2 -c100 -d3s "http://127.0.0.1:$port/api/clock" > /dev/null
    rps=$(wrk -t2 -c100 -d"${measure}s" "http://127.0.0.1:$port/api/clock" | awk '/^Requests\/sec:/ {print $2}')
    stop
    record "$server" "$round" "{\"transport\":\"poll\",\"clients\":100,\"requestsPerSecond\":$rps}"
  done
done

java -cp "$classpath" dev.pushclock.bench.Report "$results" bench/RESULTS.md \
  "bench/run.sh --clients $clients --rounds $rounds --measure $measure --transports \"$transports\"" \
  "${PUSHCLOCK_BINARY:-$PUSHCLOCK_JAVA_OPTS}" "$(node --version)"
echo "Wrote bench/RESULTS.md from $results"
