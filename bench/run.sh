#!/usr/bin/env bash
# The Agentry benchmark suite. Builds the server jar and the load generator, then for each scenario starts
# a server on this machine with the settings the scenario needs, loads it, stops it, and finally writes the
# figures into BENCHMARKS.md (between the load-test section's markers; the rest of the file is left alone).
#
#   bench/run.sh [--quick] [--no-build] [scenario ...]
#
# Scenarios (default: all, in this order): sync, slow, tasks, ttft, coldstart. `bench/run.sh versus [--quick] [fast|slow|
# tasks]` instead runs the same loads against Agentry and the reference Python stack, side by side (bench/versus.sh;
# it is not part of "all" and runs alone). --quick runs every scenario
# small and short, to check the suite itself; its figures mean nothing. Raw results, commands and server
# logs go to bench/results/<UTC time>/. Needs JDK 25 (JAVA_HOME), curl, and ulimit -n above 20,000 for the
# 10,000-client scenario. Run it on a quiet machine: the load generator shares the CPUs with the server.
#
# BENCH_SERVER_JAR=<jar> with BENCH_SERVER_NOTE=<what it is> measures another build of the server (the note is
# printed with the scenario); BENCH_RESULTS=<dir> adds to an earlier run's results instead of starting anew.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA="$JAVA_HOME/bin/java"
PORT=${BENCH_PORT:-18480}
KEY=bench-key
SERVER_JVM=${BENCH_SERVER_JVM:-}
QUICK=false
BUILD=true
SCENARIOS=()
for arg in "$@"; do
  if [ "$arg" = versus ]; then
    exec "$ROOT/bench/versus.sh" "$@"
  fi
done
for arg in "$@"; do
  case "$arg" in
    --quick) QUICK=true ;;
    --no-build) BUILD=false ;;
    sync|slow|tasks|ttft|coldstart) SCENARIOS+=("$arg") ;;
    *) echo "unknown argument: $arg (see the comment at the top of $0)" >&2; exit 2 ;;
  esac
done
[ ${#SCENARIOS[@]} -eq 0 ] && SCENARIOS=(sync slow tasks ttft coldstart)
TTFT_MODEL_MS=50

RESULTS=${BENCH_RESULTS:-"$ROOT/bench/results/$(date -u +%Y%m%dT%H%M%SZ)"}
RESULTS=$(mkdir -p "$RESULTS" && cd "$RESULTS" && pwd)
JAR=${BENCH_SERVER_JAR:-"$ROOT/server/target/agentry.jar"}
SERVER_PID=

log() { echo "[bench $(date -u +%H:%M:%S)] $*" >&2; }

# quick: tiny figures to exercise the suite; full: the figures BENCHMARKS.md reports
if $QUICK; then
  SYNC_CLIENTS=(1 16 64); SYNC_WARMUP=2s; SYNC_DURATION=3s; SERVER_WARMUP=3s
  SLOW_CLIENTS=(256 2048); SLOW_RAMP=2s; SLOW_WARMUP=4s; SLOW_DURATION=5s
  TASKS_ZERO=200; TASKS_WARMUP_BATCHES=1; TASKS_SLOW=40; TASKS_WAITING=100; TASKS_WAIT_MS=8000
  TTFT_WARMUP=2s; TTFT_DURATION=3s; COLD_RUNS=1
else
  SYNC_CLIENTS=(1 16 64); SYNC_WARMUP=5s; SYNC_DURATION=20s; SERVER_WARMUP=15s
  SLOW_CLIENTS=(256 2048 10000); SLOW_RAMP=10s; SLOW_WARMUP=15s; SLOW_DURATION=30s
  TASKS_ZERO=2000; TASKS_WARMUP_BATCHES=4; TASKS_SLOW=200; TASKS_WAITING=1000; TASKS_WAIT_MS=30000
  TTFT_WARMUP=5s; TTFT_DURATION=20s; COLD_RUNS=5
fi

if $BUILD; then
  log "building the server jar and the load generator"
  ./mvnw -q -B -DskipTests package
fi
GEN=("$JAVA" -cp "bench/target/classes:$(cat bench/target/classpath.txt)" io.agentry.bench.LoadGenerator)

stop_server() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID"
    for _ in $(seq 1 300); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=
  # a busy server logs a line per run: keep the end of each log only
  for log in "$RESULTS"/server-*/server.log; do
    [ -f "$log" ] && tail -n 200 "$log" > "$log.tail" && rm "$log"
  done
  return 0
}
trap stop_server EXIT

# start_server NAME [server arguments...]: a fresh working directory (empty H2 store) per server
start_server() {
  local name=$1; shift
  local dir="$RESULTS/server-$name"
  rm -rf "$dir" && mkdir -p "$dir"
  echo "java $SERVER_JVM -jar server/target/agentry.jar --server.port=$PORT --agentry.limits.enabled=false $*" > "$dir/command"
  # shellcheck disable=SC2086
  (cd "$dir" && exec "$JAVA" $SERVER_JVM -jar "$JAR" --server.port="$PORT" \
      "--agentry.security.keys[0].name=bench" "--agentry.security.keys[0].key=$KEY" \
      --agentry.limits.enabled=false "$@" > server.log 2>&1) &
  SERVER_PID=$!
  for _ in $(seq 1 600); do
    if curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/health/ready" 2>/dev/null | grep -q 200; then
      log "server $name up (pid $SERVER_PID)"
      return
    fi
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "the server exited; see $dir/server.log" >&2; exit 1; }
    sleep 0.2
  done
  echo "the server did not become ready; see $dir/server.log" >&2
  exit 1
}

# quote ARG...: the arguments as a shell would need them typed
quote() {
  local out=() arg
  for arg in "$@"; do
    if [[ "$arg" =~ ^[A-Za-z0-9_./:=,+@%-]+$ ]]; then out+=("$arg"); else out+=("'${arg//\'/\'\\\'\'}'"); fi
  done
  echo "${out[*]}"
}

# measure NAME load-generator-arguments...: one measurement into NAME.json, with its command and load average
measure() {
  local name=$1; shift
  echo "java -cp \"bench/target/classes:\$(cat bench/target/classpath.txt)\" io.agentry.bench.LoadGenerator $(quote "$@")" \
      | sed -e "s|$RESULTS|bench/results/<run>|g" -e "s|$ROOT/||g" -e "s|$JAVA|java|g" \
            -e "s|--pid $SERVER_PID|--pid <server pid>|g" > "$RESULTS/$name.cmd"
  cut -d' ' -f1-3 /proc/loadavg > "$RESULTS/$name.load"
  if [ -n "${BENCH_SERVER_NOTE:-}" ]; then echo "$BENCH_SERVER_NOTE" > "$RESULTS/$name.note"; else rm -f "$RESULTS/$name.note"; fi
  log "$name: $*"
  "${GEN[@]}" "$@" > "$RESULTS/$name.json"
}

URL="http://127.0.0.1:$PORT"
BODY='{"message":"hello","user_id":"bench"}'

scenario_sync() {
  start_server sync
  "${GEN[@]}" load --url "$URL" --key "$KEY" --clients 64 --warmup 0s --duration "$SERVER_WARMUP" > /dev/null
  for c in "${SYNC_CLIENTS[@]}"; do
    measure "sync-c$c" load --url "$URL" --key "$KEY" --body "$BODY" --clients "$c" --warmup "$SYNC_WARMUP" \
        --duration "$SYNC_DURATION" --expect '"success":true' --pid "$SERVER_PID"
  done
  stop_server
}

scenario_slow() {
  for c in "${SLOW_CLIENTS[@]}"; do
    start_server "slow-$c" --agentry.models.offline.latency-ms=1000 --server.tomcat.max-connections=20000 \
        --server.tomcat.accept-count=4096 --server.tomcat.max-keep-alive-requests=-1
    measure "slow-c$c" load --url "$URL" --key "$KEY" --body "$BODY" --clients "$c" --ramp "$SLOW_RAMP" \
        --warmup "$SLOW_WARMUP" --duration "$SLOW_DURATION" --timeout 60s --expect '"success":true' --pid "$SERVER_PID"
    stop_server
  done
}

scenario_tasks() {
  start_server tasks-zero
  # batches of the same size warm the server up (JIT: a task's path is longer than a run's and one batch leaves much
  # of it still compiling); the next one is measured
  for warmup in $(seq 1 "$TASKS_WARMUP_BATCHES"); do
    "${GEN[@]}" tasks --url "$URL" --key "$KEY" --count "$TASKS_ZERO" --concurrency 64 --user "bench-warmup-$warmup" > /dev/null
  done
  measure tasks-zero tasks --url "$URL" --key "$KEY" --count "$TASKS_ZERO" --concurrency 64 --label "zero-latency model" \
      --slots 32 --pid "$SERVER_PID"
  stop_server
  for slots in 32 200; do
    start_server "tasks-2s-$slots" --agentry.models.offline.latency-ms=2000 --agentry.worker.concurrency="$slots"
    measure "tasks-2s-c$slots" tasks --url "$URL" --key "$KEY" --count "$TASKS_SLOW" --concurrency 64 \
        --label "2 s model call" --slots "$slots" --pid "$SERVER_PID"
    stop_server
  done
  start_server tasks-30s --agentry.models.offline.latency-ms="$TASKS_WAIT_MS" \
      --agentry.worker.concurrency="$TASKS_WAITING"
  measure "tasks-30s-$TASKS_WAITING" tasks --url "$URL" --key "$KEY" --count "$TASKS_WAITING" --concurrency 64 \
      --await-running "$TASKS_WAITING" --label "$((TASKS_WAIT_MS / 1000)) s model call, all at once" \
      --slots "$TASKS_WAITING" --pid "$SERVER_PID"
  stop_server
}

# streaming through the embedded mode's in-process event log, then (when the local Redis answers) through Redis
# Streams, the distributed mode's event log
scenario_ttft() {
  rm -f "$RESULTS"/ttft-*.json  # a reused results directory may hold a Redis run this one will not make
  ttft embedded in-process
  if [ -f "$RESULTS/ttft.skipped" ]; then
    return 0  # a build that does not stream does not stream through Redis either
  fi
  if redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    ttft redis "Redis Streams" --agentry.redis.url=redis://127.0.0.1:6379/0 "--agentry.redis.key-prefix=bench-$(date +%s):"
  else
    log "ttft: no Redis on 127.0.0.1:6379, measured with the in-process event log only"
  fi
}

# ttft NAME LABEL [server arguments...]
ttft() {
  local name=$1 label=$2; shift 2
  start_server "ttft-$name" --agentry.models.offline.latency-ms="$TTFT_MODEL_MS" "$@"
  local type
  type=$(curl -s -o /dev/null -w '%{content_type}' "$URL/run" -H "X-Api-Key: $KEY" -H 'Content-Type: application/json' \
      -H 'Accept: text/event-stream' -d '{"message":"hello","user_id":"bench","stream":true}' || true)
  if [[ "$type" != text/event-stream* ]]; then
    echo "Not measured: this build does not stream (\`POST /run\` with \`\"stream\": true\` answered \`${type:-nothing}\`, not \`text/event-stream\`). Streaming is issue 5; once it is merged, \`bench/run.sh ttft\` measures it through the SSE endpoint." \
        > "$RESULTS/ttft.skipped"
    log "ttft: skipped, the server does not stream"
  else
    rm -f "$RESULTS/ttft.skipped"
    # warm the server up (JIT) on the streaming path as scenario 1 does on its own: at one stream every 50 ms the
    # code would otherwise still run interpreted or in C1 and the "overhead" would measure the JIT, not the server
    "${GEN[@]}" load --url "$URL" --key "$KEY" --stream --clients 64 --warmup 0s --duration "$SERVER_WARMUP" > /dev/null
    measure "ttft-$name" load --url "$URL" --key "$KEY" --body "$BODY" --stream --clients 1 --warmup "$TTFT_WARMUP" \
        --duration "$TTFT_DURATION" --model-latency-ms "$TTFT_MODEL_MS" --label "$label" --pid "$SERVER_PID"
  fi
  stop_server
}

# the three ways of running the jar (plain, extracted, extracted with the AOT cache: the image's default), prepared
# with deploy/app-image.sh as the Dockerfile does, on the embedded store
scenario_coldstart() {
  measure coldstart coldstart --runs "$COLD_RUNS" --jar "$JAR" --workdir "$RESULTS/coldstart" --key "$KEY" \
      --body "$BODY" ${SERVER_JVM:+--jvm-options "$SERVER_JVM"} \
      -- "--agentry.security.keys[0].name=bench" "--agentry.security.keys[0].key=$KEY"
  # keep the start logs, not the copies of the application (a few hundred MB) and the store
  find "$RESULTS/coldstart" -type f ! -name '*.log' -delete
  find "$RESULTS/coldstart" -type d -empty -delete
}

[ -f "$RESULTS/machine.json" ] || cat > "$RESULTS/machine.json" <<EOF
{"date": "$(date -u '+%Y-%m-%d %H:%M UTC')",
 "commit": "$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- core server bench || echo '+local changes')",
 "args": "$*",
 "cpus": "$(nproc)",
 "cpu_model": "$(lscpu 2>/dev/null | sed -n 's/^Model name:[[:space:]]*//p' | head -1)",
 "memory": "$(free -g | awk '/^Mem:/ {print $2}') GiB",
 "os": "$(uname -sr)",
 "jdk": "$("$JAVA" -version 2>&1 | head -1 | sed 's/"/\\"/g')",
 "load": "$(cut -d' ' -f1-3 /proc/loadavg)",
 "server_jvm_options": "${SERVER_JVM:-(defaults)}"}
EOF

for scenario in "${SCENARIOS[@]}"; do
  "scenario_$scenario"
done

"${GEN[@]}" report --results "$RESULTS" --into "$ROOT/BENCHMARKS.md"
log "done: BENCHMARKS.md updated; raw results in ${RESULTS#"$ROOT"/}"
