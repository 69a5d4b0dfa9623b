#!/usr/bin/env bash
# The benchmark: pushclock and two baselines of the same contract, the classic Express + ws server
# (bench/baseline-express) and Nchan, nginx's pub/sub module (bench/baseline-nchan), under the same
# load, in rounds that alternate the servers' order, with the load generator on the same machine
# as the server. Each run starts a fresh server, so no run inherits another's heap or connections.
# The server "floor" is the loopback floor (LoopbackFloor: each client's frame written straight to
# its socket at the boundary, nothing else), for WebSocket, SSE, NDJSON and the long-poll: the least
# lag this machine and this generator allow, measured in the same run. Loopback only.
#
#   bench/run.sh [--clients 10000] [--rounds 2] [--measure 20] [--transports "websocket sse long-poll"]
#                [--servers "pushclock express nchan floor pushclock-via-nginx pushclock-via-haproxy"]
#   bench/run.sh --slope 1000,10000 [--transports websocket] [--rounds 1] [--servers …]
#
# The second form measures memory per connection instead: each server and transport at the two
# client counts, and the slope of resident memory between them; it writes bench/SLOPE.md, which
# the first form then includes in bench/RESULTS.md.
#
# pushclock-via-nginx and pushclock-via-haproxy are pushclock behind that proxy, run from its shipped
# file (deploy/nginx.conf, deploy/haproxy.cfg) as the integration tests run it: set beside pushclock
# (--servers "pushclock pushclock-via-nginx"), they measure what the proxy adds. The proxy's own
# memory and CPU are not counted.
#
# Needs: a JDK 17+, Node 20+ and npm, wrk (apt-get install -y wrk), and for Nchan Debian's nginx
# and its Nchan module (apt-get install -y nginx libnginx-mod-nchan). Writes bench/RESULTS.md (or
# bench/SLOPE.md), and the raw results, one JSON object per run, to target/bench/.
set -euo pipefail
cd "$(dirname "$0")/.."

clients=10000
rounds=2
measure=20
ramp=10
warmup=5
transports=""
servers="pushclock express nchan floor"
slope=""
while [ $# -gt 0 ]; do
  case "$1" in
    --clients) clients=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --measure) measure=$2; shift 2 ;;
    --ramp) ramp=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --transports) transports=$2; shift 2 ;;
    --servers) servers=$2; shift 2 ;;
    --slope) slope=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
for server in $servers; do
  case "$server" in
    pushclock|express|nchan|floor|pushclock-via-nginx|pushclock-via-haproxy) ;;
    *) echo "unknown server $server: pushclock, express, nchan, floor, pushclock-via-nginx or pushclock-via-haproxy" >&2; exit 2 ;;
  esac
done
if [ -n "$slope" ]; then
  low=${slope%,*}
  high=${slope#*,}
  if ! [[ "$low" =~ ^[0-9]+$ && "$high" =~ ^[0-9]+$ && "$low" -lt "$high" ]]; then
    echo "--slope takes two client counts, the smaller first: --slope 1000,10000" >&2
    exit 2
  fi
  clients=$high
  transports=${transports:-websocket}
else
  transports=${transports:-"websocket sse long-poll ndjson iframe"}
fi

tools="java curl"
[ -z "$slope" ] && tools="$tools wrk"
case " $servers " in *" express "*|*" nchan "*) tools="$tools node" ;; esac
case " $servers " in *" express "*) tools="$tools npm" ;; esac
case " $servers " in *" nchan "*|*" pushclock-via-nginx "*) tools="$tools nginx" ;; esac
case " $servers " in *" pushclock-via-haproxy "*) tools="$tools haproxy" ;; esac
for tool in $tools; do
  PATH="$PATH:/usr/sbin" command -v "$tool" >/dev/null || { echo "bench/run.sh needs $tool" >&2; exit 1; }
done
nchan_module=/usr/lib/nginx/modules/ngx_nchan_module.so
case " $servers " in
  *" nchan "*) [ -f "$nchan_module" ] || { echo "bench/run.sh needs $nchan_module: apt-get install -y nginx libnginx-mod-nchan" >&2; exit 1; } ;;
esac
ulimit -n "$(ulimit -Hn)"
if [ "$(ulimit -n)" -lt $((clients + 1000)) ]; then
  echo "open files are capped at $(ulimit -n): too few for $clients clients" >&2
  exit 1
fi

# How pushclock runs in its container (src/main/docker/Dockerfile.jvm), here with a fixed heap.
# The heap-sizing flags are what run-java.sh adds in the image (ContainerImagesTest holds them equal).
PUSHCLOCK_JAVA_OPTS=${PUSHCLOCK_JAVA_OPTS:-"-Xms64m -Xmx256m -Xss512k -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:-G1UseAdaptiveIHOP -XX:InitiatingHeapOccupancyPercent=90 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 -XX:GCTimeRatio=4 -XX:AdaptiveSizePolicyWeight=90"}
# Set to a native executable (./mvnw package -Dnative, where GraalVM exists) to measure it instead.
PUSHCLOCK_BINARY=${PUSHCLOCK_BINARY:-}
export MALLOC_ARENA_MAX=2
pushclock_port=18080
# The benchmark measures how far one transport goes: no connection limit below the load.
limits=""
for transport in poll long-poll iframe websocket sse ndjson; do
  limits="$limits -Dpushclock.max-connections.$transport=$((clients + 1000))"
done
# Behind a proxy: where its health checks ask (Quarkus's default quarkus.management.port), and the
# settings deploy/replica.properties gives a replica behind the shipped proxies, trusting loopback.
pushclock_management_port=9000
behind_proxy=$(sed -n 's/^\(quarkus\.http\.proxy\.[a-z.-]*\)=\(.*\)$/-D\1=\2/p' deploy/replica.properties \
  | sed 's/^\(-Dquarkus\.http\.proxy\.trusted-proxies\)=.*/\1=127.0.0.1/' | tr '\n' ' ')
express_port=18081
# Both fixed in bench/baseline-nchan/nginx.conf: subscribers, and the publisher's side.
nchan_port=18082
nchan_publish_port=18083
floor_port=18084

echo "Building pushclock and the load generator"
./mvnw -B -q package -DskipTests
./mvnw -B -q dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
case " $servers " in
  *" express "*) (cd bench/baseline-express && npm ci --no-audit --no-fund --loglevel=error) ;;
esac
classpath="target/test-classes:$(cat target/bench.classpath)"

mkdir -p target/bench
results="target/bench/${slope:+slope-}results-$(date -u +%Y%m%dT%H%M%SZ).jsonl"
: > "$results"

server_pid=""
publisher_pid=""
proxy_pid=""
start() {  # start <server>
  local taken
  for taken in $pushclock_port $express_port $nchan_port $nchan_publish_port $floor_port; do
    if (exec 3<> "/dev/tcp/127.0.0.1/$taken") 2>/dev/null; then
      echo "something already listens on port $taken: it would be measured, or keep $1 from starting" >&2
      exit 1
    fi
  done
  local settings="$limits"
  [ "${1#pushclock-via-}" = "$1" ] || settings="$limits $behind_proxy"
  if [ "${1%%-via-*}" = pushclock ] && [ -n "$PUSHCLOCK_BINARY" ]; then
    # shellcheck disable=SC2086
    "$PUSHCLOCK_BINARY" -Dquarkus.http.port=$pushclock_port $settings > "target/bench/pushclock.log" 2>&1 &
    server_pid=$!
    port=$pushclock_port
  elif [ "${1%%-via-*}" = pushclock ]; then
    # shellcheck disable=SC2086
    java $PUSHCLOCK_JAVA_OPTS -Dquarkus.http.port=$pushclock_port $settings -jar target/quarkus-app/quarkus-run.jar \
      > "target/bench/pushclock.log" 2>&1 &
    server_pid=$!
    port=$pushclock_port
  elif [ "$1" = floor ]; then
    java -Xmx64m -cp "$classpath" dev.pushclock.bench.LoopbackFloor $floor_port > "target/bench/floor.log" 2>&1 &
    server_pid=$!
    port=$floor_port
  elif [ "$1" = express ]; then
    PORT=$express_port node bench/baseline-express/server.js > "target/bench/express.log" 2>&1 &
    server_pid=$!
    port=$express_port
  else
    # nginx's master stays in the foreground (daemon off), so its pid is the server's: the load
    # generator sums it with its workers. The publisher is measured on its own.
    mkdir -p target/bench/nchan
    nginx -p "$PWD/target/bench/nchan/" -e stderr -c "$PWD/bench/baseline-nchan/nginx.conf" > "target/bench/nchan.log" 2>&1 &
    server_pid=$!
    PUBLISH="http://127.0.0.1:$nchan_publish_port" node bench/baseline-nchan/publisher.js > "target/bench/nchan-publisher.log" 2>&1 &
    publisher_pid=$!
    port=$nchan_port
  fi
  # Ready once it answers with a tick (Nchan: once the publisher has posted one), within a minute:
  # a JVM starts slowly on a busy machine.
  local _
  for _ in $(seq 1 300); do
    [[ "$(curl -sf "http://127.0.0.1:$port/api/clock" 2>/dev/null)" == *'"seq"'* ]] && break
    sleep 0.2
  done
  [[ "$(curl -sf "http://127.0.0.1:$port/api/clock" 2>/dev/null)" == *'"seq"'* ]] || { echo "$1 did not start" >&2; exit 1; }
  [ "${1#pushclock-via-}" != "$1" ] || return 0
  # The proxy in front, from its shipped file, on a free port it prints once it answers.
  local proxy=${1#pushclock-via-} url=""
  PATH="$PATH:/usr/sbin" java -cp "$classpath" dev.pushclock.bench.ViaProxy "$proxy" "$pushclock_port" \
    "$pushclock_management_port" > "target/bench/$proxy.url" 2> "target/bench/$proxy.log" &
  proxy_pid=$!
  for _ in $(seq 1 300); do
    url=$(head -n 1 "target/bench/$proxy.url")
    [ -z "$url" ] && kill -0 "$proxy_pid" 2>/dev/null || break
    sleep 0.2
  done
  [ -n "$url" ] || { echo "$proxy did not start:" >&2; cat "target/bench/$proxy.log" >&2; exit 1; }
  port=${url##*:}
  port=${port%/}
}

stop_process() {
  [ -n "$1" ] || return 0
  kill -TERM "$1" 2>/dev/null || true
  for _ in $(seq 1 100); do
    kill -0 "$1" 2>/dev/null || return 0
    sleep 0.2
  done
  kill -KILL "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

stop() {
  stop_process "$proxy_pid"
  proxy_pid=""
  stop_process "$publisher_pid"
  publisher_pid=""
  stop_process "$server_pid"
  server_pid=""
}
trap stop EXIT

cpu_ticks() {  # user plus system CPU time of a process so far, in clock ticks
  cut -d')' -f2 "/proc/$1/stat" | awk '{print $12 + $13}'
}

record() {  # record <server> <round> <json>
  echo "$3" | sed "s/^{/{\"server\":\"$1\",\"round\":$2,/" >> "$results"
  echo "  $1: $3"
}

# The servers as listed in odd rounds, reversed in even ones: over two rounds, each one's mean place
# in the order is the same.
order() {  # order <round>
  if [ $(($1 % 2)) -eq 1 ]; then echo "$servers"; else echo "$servers" | tr ' ' '\n' | tac | tr '\n' ' '; fi
}

serves() {  # serves <server> <transport>: Nchan has no forever frame of pushclock's contract; the
  # floor pushes WebSocket, SSE, NDJSON and the long-poll only
  case "$1/$2" in
    nchan/iframe|floor/iframe|floor/poll) return 1 ;;
  esac
}

run() {  # run <server> <round> <transport> <clients>: one fresh server under one load, recorded
  if ! serves "$1" "$3"; then
    echo "  $1: no $3 endpoint, skipped"
    return 0
  fi
  start "$1"
  local cpu_before started json
  if [ -n "$publisher_pid" ]; then
    cpu_before=$(cpu_ticks "$publisher_pid")
    started=$(date +%s%N)
  fi
  json=$(java -cp "$classpath" dev.pushclock.bench.LoadGenerator --transport "$3" --clients "$4" \
    --url "http://127.0.0.1:$port" --pid "$server_pid" --ramp "$ramp" --warmup "$warmup" --measure "$measure" | tail -n 1)
  if [ -n "$publisher_pid" ] && [ -n "$json" ]; then
    # The publisher's own memory and CPU, over the whole run: not part of the server's figures.
    local rss cores
    rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$publisher_pid/status")
    cores=$(awk -v ticks=$(($(cpu_ticks "$publisher_pid") - cpu_before)) -v hz="$(getconf CLK_TCK)" \
      -v nanos=$(($(date +%s%N) - started)) 'BEGIN {printf "%.4f", ticks / hz / (nanos / 1e9)}')
    json="${json%\}},\"publisherRssKib\":$rss,\"publisherCpuCores\":$cores}"
  fi
  stop
  record "$1" "$2" "$json"
}

if [ -n "$slope" ]; then
  for round in $(seq 1 "$rounds"); do
    for transport in $transports; do
      for server in $(order "$round"); do
        for count in $low $high; do
          echo "Round $round, $transport, $server, $count clients"
          run "$server" "$round" "$transport" "$count"
        done
      done
    done
  done
  java -cp "$classpath" dev.pushclock.bench.SlopeReport "$results" bench/SLOPE.md \
    "bench/run.sh --slope $slope --rounds $rounds --ramp $ramp --warmup $warmup --measure $measure --transports \"$transports\" --servers \"$servers\""
  echo "Wrote bench/SLOPE.md from $results"
  exit 0
fi

for round in $(seq 1 "$rounds"); do
  for transport in $transports; do
    echo "Round $round, $transport, $clients clients"
    for server in $(order "$round"); do
      run "$server" "$round" "$transport" "$clients"
    done
  done
  echo "Round $round, polling with wrk"
  for server in $(order "$round"); do
    serves "$server" poll || continue
    start "$server"
    wrk -t2 -c100 -d3s "http://127.0.0.1:$port/api/clock" > /dev/null
    rps=$(wrk -t2 -c100 -d"${measure}s" "http://127.0.0.1:$port/api/clock" | awk '/^Requests\/sec:/ {print $2}')
    stop
    record "$server" "$round" "{\"transport\":\"poll\",\"clients\":100,\"requestsPerSecond\":$rps}"
  done
done

nchan_version=""
case " $servers " in
  *" nchan "*) nchan_version="$(nginx -v 2>&1 | sed 's/^nginx version: //'), libnginx-mod-nchan $(dpkg-query -W -f='${Version}' libnginx-mod-nchan 2>/dev/null || echo '(version unknown)')" ;;
esac
node_version=""
case " $servers " in *" express "*|*" nchan "*) node_version=$(node --version) ;; esac
java -cp "$classpath" dev.pushclock.bench.Report "$results" bench/RESULTS.md \
  "bench/run.sh --clients $clients --rounds $rounds --ramp $ramp --warmup $warmup --measure $measure --transports \"$transports\" --servers \"$servers\"" \
  "${PUSHCLOCK_BINARY:-$PUSHCLOCK_JAVA_OPTS}" "$node_version" "$nchan_version"
echo "Wrote bench/RESULTS.md from $results"
