#!/usr/bin/env bash
# Agentry side by side with the reference Python stack (FastAPI + uvicorn, Celery, Redis: ../shared/peer), issue 17.
# The same loads against both, interleaved: for each part, round after round, the peer then Agentry, each started
# afresh for the part and stopped after it, so the machine's drift hits both alike and only the ratios count.
#
#   bench/run.sh versus [--quick] [--no-build] [fast] [slow] [tasks]     (the same as bench/versus.sh ...)
#
# Parts (default all three, in this order):
#   fast   POST /run, zero-latency model, 64 clients: hey (20,000 requests), wrk -t2 -c64 (15 s, bench/versus/post.lua),
#          bench's load generator (20,000 requests); resident memory during and after (the peer's bench/mem.py, both
#          sides); then, on Agentry, the "recorded before the answer" check (LoadGenerator recorded).
#   slow   POST /run, model latency 1,000 ms, at 256, 2,048 and 10,000 clients, each on a fresh server: the load
#          generator (10 s ramp, 10 s warm-up, 20 s measured), then hey (10 requests per client).
#   tasks  2,000 zero-latency background tasks from 16 clients, after 3 warm-up batches: peer hey on POST /tasks and
#          its bench/drain.py (Celery --concurrency 8); Agentry the load generator's tasks mode (its default worker
#          concurrency).
# --quick runs one round of tiny loads to check the harness; its figures mean nothing and it writes its report to the
# results directory only. A full run writes BENCHMARKS.md's side-by-side block (between its markers). Raw results,
# commands and logs go to bench/results/versus-<UTC time>/; the report can be rewritten from them with
#   java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" io.agentry.bench.LoadGenerator versus \
#       --results bench/results/versus-<time> --into BENCHMARKS.md
#
# Knobs (environment): VERSUS_ROUNDS (3; quick 1), VERSUS_PEER_DIR (../shared/peer), VERSUS_PEER_PORT (18491),
# VERSUS_PEER_REDIS_PORT (6390: the peer's own Redis, never the shared 6379), VERSUS_PEER_NODELAY_FIX (1: the peer's
# uvicorn_nodelay.py, without which each keep-alive answer of uvicorn --workers 2 waits ~40 ms for a delayed ACK),
# VERSUS_AGENTRY_PORT (18490), VERSUS_AGENTRY_ARGS (more server arguments; none by default: the embedded default),
# VERSUS_SLOW_CLIENTS ("256 2048 10000"), BENCH_SERVER_JAR (server/target/agentry.jar).
# Needs JDK 25, curl, hey, wrk, redis-server and the peer's Debian packages (/usr/bin/python3 with fastapi, uvicorn,
# uvloop, httptools, celery, redis, psutil); ulimit -n is raised to its hard limit (10,000 clients need > 10,000).
# Loopback only. Run it on a quiet machine: the load clients share the CPUs with the servers.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA="$JAVA_HOME/bin/java"
PY=/usr/bin/python3
PEER_DIR=$(cd "${VERSUS_PEER_DIR:-$ROOT/../shared/peer}" && pwd)
PEER_PORT=${VERSUS_PEER_PORT:-18491}
PEER_REDIS_PORT=${VERSUS_PEER_REDIS_PORT:-6390}
PEER_NODELAY_FIX=${VERSUS_PEER_NODELAY_FIX:-1}
PEER_KEY=dev-key
AGENTRY_PORT=${VERSUS_AGENTRY_PORT:-18490}
KEY=bench-key
read -r -a AGENTRY_ARGS <<< "${VERSUS_AGENTRY_ARGS:-}"
JAR=${BENCH_SERVER_JAR:-"$ROOT/server/target/agentry.jar"}
MESSAGE='What is the capital of France?'
BODY='{"message":"What is the capital of France?","user_id":"bench"}'
SLOW_MODEL_MS=1000
PEER_WORKERS=2
PEER_CONCURRENCY=8

QUICK=false
BUILD=true
PARTS=()
ARGS=()
for arg in "$@"; do
  case "$arg" in
    --quick) QUICK=true; ARGS+=("$arg") ;;
    --no-build) BUILD=false ;;
    fast|slow|tasks) PARTS+=("$arg"); ARGS+=("$arg") ;;
    versus) ;;  # bench/run.sh passes its scenario name along
    *) echo "unknown argument: $arg (see the comment at the top of $0)" >&2; exit 2 ;;
  esac
done
[ ${#PARTS[@]} -eq 0 ] && PARTS=(fast slow tasks)

if $QUICK; then
  ROUNDS=${VERSUS_ROUNDS:-1}
  FAST_REQUESTS=640; FAST_WARMUP=2s; WRK_DURATION=2s; PROBES=20
  read -r -a SLOW_CLIENTS <<< "${VERSUS_SLOW_CLIENTS:-32 64 128}"
  SLOW_WAVES=2; SLOW_RAMP=1s; SLOW_WARMUP=3s; SLOW_DURATION=4s
  TASKS=96; TASK_WARMUPS=1
else
  ROUNDS=${VERSUS_ROUNDS:-3}
  FAST_REQUESTS=20000; FAST_WARMUP=10s; WRK_DURATION=15s; PROBES=200
  read -r -a SLOW_CLIENTS <<< "${VERSUS_SLOW_CLIENTS:-256 2048 10000}"
  SLOW_WAVES=10; SLOW_RAMP=10s; SLOW_WARMUP=10s; SLOW_DURATION=20s
  TASKS=2000; TASK_WARMUPS=3
fi
FAST_CLIENTS=64
TASK_CLIENTS=16
TASKS=$((TASKS / TASK_CLIENTS * TASK_CLIENTS))  # hey sends n / c requests per client: keep the count exact

RESULTS=${BENCH_RESULTS:-"$ROOT/bench/results/versus-$(date -u +%Y%m%dT%H%M%SZ)"}
RESULTS=$(mkdir -p "$RESULTS" && cd "$RESULTS" && pwd)
PEER_RUN="$RESULTS/peer-run"
AGENTRY_URL="http://127.0.0.1:$AGENTRY_PORT"
PEER_URL="http://127.0.0.1:$PEER_PORT"

log() { echo "[versus $(date -u +%H:%M:%S)] $*" >&2; }
die() { echo "versus: $*" >&2; exit 1; }

for tool in curl hey wrk redis-server redis-cli "$PY"; do
  command -v "$tool" >/dev/null || die "$tool is not installed (see the comment at the top of $0)"
done
[ -x "$PEER_DIR/start.sh" ] || die "no peer in $PEER_DIR (VERSUS_PEER_DIR)"
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
for c in "${SLOW_CLIENTS[@]}"; do
  [ "$(ulimit -n)" -gt $((c + 1000)) ] || log "warning: ulimit -n is $(ulimit -n): $c clients will run out of descriptors"
done

if $BUILD; then
  log "building the server jar and the load generator"
  ./mvnw -q -B -DskipTests package
fi
[ -f "$JAR" ] || die "$JAR not found: ./mvnw -DskipTests package"
GEN=("$JAVA" -cp "bench/target/classes:$(cat bench/target/classpath.txt)" io.agentry.bench.LoadGenerator)
# shellcheck disable=SC2016
GEN_TYPED='java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" io.agentry.bench.LoadGenerator'  # as typed

AGENTRY_PID=
WATCH_PID=
PEER_UP=false

stop_agentry() {
  if [ -n "$AGENTRY_PID" ] && kill -0 "$AGENTRY_PID" 2>/dev/null; then
    kill "$AGENTRY_PID"
    for _ in $(seq 1 300); do kill -0 "$AGENTRY_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$AGENTRY_PID" 2>/dev/null || true
  fi
  AGENTRY_PID=
  rm -f "$RESULTS/agentry.pid"
}

stop_peer() {
  if $PEER_UP; then
    PEER_RUN_DIR="$PEER_RUN" "$PEER_DIR/stop.sh" all >> "$RESULTS/peer-stop.log" 2>&1 || true
    PEER_UP=false
  fi
}

cleanup() {
  if [ -n "$WATCH_PID" ]; then kill "$WATCH_PID" 2>/dev/null || true; fi
  stop_agentry
  stop_peer
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# keep the end of a busy server's log (a line per run) in DIR
keep_logs() {
  local dir=$1; shift
  mkdir -p "$dir"
  for f in "$@"; do
    [ -f "$f" ] && tail -n 200 "$f" > "$dir/$(basename "$f").tail" && rm -f "$f"
  done
  return 0
}

# the command as it is typed from the repository's root, with the run's own paths shortened
tidy() {
  sed -e "s|$RESULTS|bench/results/<run>|g" -e "s|$ROOT/||g" -e "s|$JAVA|java|g" -e "s|$PEER_DIR|../shared/peer|g"
}

# quote ARG...: the arguments as a shell would need them typed
quote() {
  local out=() arg
  for arg in "$@"; do
    if [[ "$arg" =~ ^[A-Za-z0-9_./:=,+@%-]+$ ]]; then out+=("$arg"); else out+=("'${arg//\'/\'\\\'\'}'"); fi
  done
  echo "${out[*]}"
}

agentry_command() {  # agentry_command [server arguments...]: the server's command line
  quote java -jar "$JAR" --server.port="$AGENTRY_PORT" "--agentry.security.keys[0].name=bench" \
      "--agentry.security.keys[0].key=$KEY" --agentry.limits.enabled=false "${AGENTRY_ARGS[@]}" "$@" | tidy
}

# start_agentry NAME [server arguments...]: a fresh working directory (empty H2 store)
start_agentry() {
  local name=$1; shift
  local dir="$RESULTS/agentry-$name"
  rm -rf "$dir" && mkdir -p "$dir"
  agentry_command "$@" > "$dir/command"
  (cd "$dir" && exec "$JAVA" -jar "$JAR" --server.port="$AGENTRY_PORT" "--agentry.security.keys[0].name=bench" \
      "--agentry.security.keys[0].key=$KEY" --agentry.limits.enabled=false "${AGENTRY_ARGS[@]}" "$@" > server.log 2>&1) &
  AGENTRY_PID=$!
  echo "$AGENTRY_PID" > "$RESULTS/agentry.pid"
  for _ in $(seq 1 900); do
    if curl -s -o /dev/null -w '%{http_code}' "$AGENTRY_URL/health/ready" 2>/dev/null | grep -q 200; then
      log "agentry $name up (pid $AGENTRY_PID)"
      return
    fi
    kill -0 "$AGENTRY_PID" 2>/dev/null || die "Agentry exited; see $dir/server.log"
    sleep 0.2
  done
  die "Agentry did not become ready; see $dir/server.log"
}

finish_agentry() {  # finish_agentry NAME
  stop_agentry
  keep_logs "$RESULTS/agentry-$1" "$RESULTS/agentry-$1/server.log"
  rm -rf "$RESULTS/agentry-$1/data"
}

peer_env() {  # peer_env MODEL_MS: the environment of the peer's start.sh
  echo "PEER_RUN_DIR=$PEER_RUN REDIS_PORT=$PEER_REDIS_PORT API_PORT=$PEER_PORT API_WORKERS=$PEER_WORKERS" \
       "WORKER_CONCURRENCY=$PEER_CONCURRENCY RATE_LIMIT_ENABLED=0 UVICORN_LOOP=uvloop UVICORN_HTTP=httptools" \
       "UVICORN_NODELAY_FIX=$PEER_NODELAY_FIX FAKE_LLM_MS=$1"
}

# start_peer NAME MODEL_MS: Redis on its own port, the API (uvicorn, 2 workers), the Celery worker
start_peer() {
  local name=$1 ms=$2
  redis-cli -p "$PEER_REDIS_PORT" ping >/dev/null 2>&1 && die "something answers on 127.0.0.1:$PEER_REDIS_PORT already"
  curl -s -o /dev/null "$PEER_URL/health" 2>/dev/null && die "something answers on $PEER_URL already"
  mkdir -p "$PEER_RUN"
  PEER_UP=true
  # shellcheck disable=SC2046
  env $(peer_env "$ms") timeout 120 "$PEER_DIR/start.sh" all >> "$RESULTS/peer-start.log" 2>&1 \
      || die "the peer's start.sh failed; see $RESULTS/peer-start.log"
  for _ in $(seq 1 600); do
    curl -fs "$PEER_URL/health" 2>/dev/null | grep -q '"agent_ready":true' && break
    sleep 0.1
  done
  curl -fs "$PEER_URL/health" 2>/dev/null | grep -q '"agent_ready":true' || die "the peer's API is not ready; see $PEER_RUN/api.log"
  for _ in $(seq 1 600); do grep -q ' ready\.' "$PEER_RUN/worker.log" 2>/dev/null && break; sleep 0.1; done
  grep -q ' ready\.' "$PEER_RUN/worker.log" || die "the peer's Celery worker is not ready; see $PEER_RUN/worker.log"
  log "peer $name up (api pid $(cat "$PEER_RUN/api.pid"), worker pid $(cat "$PEER_RUN/worker.pid"))"
}

finish_peer() {  # finish_peer NAME
  stop_peer
  keep_logs "$RESULTS/peer-$1" "$PEER_RUN/api.log" "$PEER_RUN/worker.log" "$PEER_RUN/redis.log"
}

side_url() { if [ "$1" = peer ]; then echo "$PEER_URL"; else echo "$AGENTRY_URL"; fi; }
side_key() { if [ "$1" = peer ]; then echo "$PEER_KEY"; else echo "$KEY"; fi; }

# client NAME OUT SECONDS COMMAND...: one measurement, its output in NAME.OUT, its command and load average beside it
client() {
  local name=$1 out=$2 limit=$3; shift 3
  local command
  command=$(quote "$@")
  command=${command//"$(quote "${GEN[@]}")"/$GEN_TYPED}
  echo "$command" | tidy > "$RESULTS/$name.cmd"
  cut -d' ' -f1-3 /proc/loadavg > "$RESULTS/$name.load"
  log "$name"
  timeout "$limit" "$@" > "$RESULTS/$name.$out" 2> "$RESULTS/$name.err" || log "$name: exit status $? (see $name.err)"
}

mem_targets() {  # mem_targets SIDE: the process trees bench/mem.py measures
  if [ "$1" = peer ]; then echo "api=$PEER_RUN/api.pid worker=$PEER_RUN/worker.pid"; else echo "agentry=$RESULTS/agentry.pid"; fi
}

part_fast() {
  local r=$1 side=$2 name="fast-r$1-$2"
  local url key
  url=$(side_url "$side"); key=$(side_key "$side")
  if [ "$side" = peer ]; then start_peer "fast-r$r" 0; else start_agentry "fast-r$r"; fi
  "${GEN[@]}" load --url "$url" --key "$key" --body "$BODY" --clients "$FAST_CLIENTS" --warmup 0s \
      --duration "$FAST_WARMUP" --timeout 30s > "$RESULTS/$name-warmup.json" 2> "$RESULTS/$name-warmup.err" || true
  rm -f "$RESULTS/$name.stop"
  # shellcheck disable=SC2046
  "$PY" "$PEER_DIR/bench/mem.py" watch "$RESULTS/$name.stop" 900 $(mem_targets "$side") > "$RESULTS/$name-mempeak.json" &
  WATCH_PID=$!
  client "$name-hey" out 600 hey -n "$FAST_REQUESTS" -c "$FAST_CLIENTS" -t 30 -m POST -H "X-Api-Key: $key" -T application/json -d "$BODY" "$url/run"
  client "$name-wrk" out 300 wrk -t2 -c"$FAST_CLIENTS" -d"$WRK_DURATION" --timeout 10s --latency \
      -s "$ROOT/bench/versus/post.lua" "$url/run" -- "$key" "$BODY"
  client "$name-gen" json 600 "${GEN[@]}" load --url "$url" --key "$key" --body "$BODY" --clients "$FAST_CLIENTS" \
      --requests "$FAST_REQUESTS" --warmup 0s --duration 300s --timeout 30s --expect '"success":true'
  touch "$RESULTS/$name.stop"
  wait "$WATCH_PID" || true
  WATCH_PID=
  rm -f "$RESULTS/$name.stop"
  # shellcheck disable=SC2046
  "$PY" "$PEER_DIR/bench/mem.py" snap $(mem_targets "$side") > "$RESULTS/$name-mem.json"
  if [ "$side" = agentry ]; then
    local answered
    answered=$("$PY" - "$RESULTS" "$name" <<'PY'
import json, re, sys
d, n = sys.argv[1], sys.argv[2]
def read(f):
    try:
        return open(f"{d}/{n}-{f}").read()
    except OSError:
        return ""
total = 0
for f in ("warmup.json", "gen.json"):
    t = read(f)
    total += json.loads(t)["completed"] if t.strip() else 0
total += sum(int(c) for c in re.findall(r"^\s*\[2\d\d\]\s+(\d+) responses", read("hey.out"), re.M))
for line in read("wrk.out").splitlines():
    if line.startswith('{"wrk":'):
        w = json.loads(line)
        total += w["requests"] - w["errors"]["status"]
print(total)
PY
)
    client "$name-recorded" json 300 "${GEN[@]}" recorded --url "$url" --key "$key" --message "$MESSAGE" \
        --probes "$PROBES" --clients 8 --user bench --answered "$answered" --timeout 30s
    agentry_command > "$RESULTS/agentry-fast.cmd"
    finish_agentry "fast-r$r"
  else
    echo "$(peer_env 0) ../shared/peer/start.sh all" | tidy > "$RESULTS/peer-fast.cmd"
    finish_peer "fast-r$r"
  fi
}

# each concurrency on a fresh server: the load generator first (its ramp and warm-up open the connections and warm the
# JIT; it lets its requests finish before it exits), then hey; a server hey overloaded does not carry requests its
# clients gave up on into the next measurement
part_slow() {
  local r=$1 side=$2
  local url key
  url=$(side_url "$side"); key=$(side_key "$side")
  for c in "${SLOW_CLIENTS[@]}"; do
    local name="slow-r$r-$side-c$c"
    if [ "$side" = peer ]; then start_peer "slow-r$r-c$c" "$SLOW_MODEL_MS"
    else start_agentry "slow-r$r-c$c" --agentry.models.offline.latency-ms="$SLOW_MODEL_MS"; fi
    client "$name-gen" json 900 "${GEN[@]}" load --url "$url" --key "$key" --body "$BODY" --clients "$c" \
        --ramp "$SLOW_RAMP" --warmup "$SLOW_WARMUP" --duration "$SLOW_DURATION" --timeout 60s --expect '"success":true'
    client "$name-hey" out 900 hey -n $((c * SLOW_WAVES)) -c "$c" -t 30 -m POST -H "X-Api-Key: $key" \
        -T application/json -d "$BODY" "$url/run"
    if [ "$side" = agentry ]; then finish_agentry "slow-r$r-c$c"; else finish_peer "slow-r$r-c$c"; fi
  done
  if [ "$side" = agentry ]; then
    agentry_command --agentry.models.offline.latency-ms="$SLOW_MODEL_MS" > "$RESULTS/agentry-slow.cmd"
  else
    echo "$(peer_env "$SLOW_MODEL_MS") ../shared/peer/start.sh all" | tidy > "$RESULTS/peer-slow.cmd"
  fi
}

peer_forget_results() {  # drain.py reads every result in the backend: drop the warm-up's
  redis-cli -p "$PEER_REDIS_PORT" --scan --pattern 'celery-task-meta-*' | xargs -r -n 500 redis-cli -p "$PEER_REDIS_PORT" del > /dev/null
}

part_tasks() {
  local r=$1 side=$2 name="tasks-r$1-$2"
  if [ "$side" = peer ]; then
    start_peer "tasks-r$r" 0
    for w in $(seq 1 "$TASK_WARMUPS"); do
      timeout 300 hey -n "$TASKS" -c "$TASK_CLIENTS" -t 30 -m POST -H "X-Api-Key: $PEER_KEY" -T application/json \
          -d "$BODY" "$PEER_URL/tasks" > "$RESULTS/$name-warmup$w.out" 2>&1 || true
      timeout 400 "$PY" "$PEER_DIR/bench/drain.py" "$TASKS" 300 "$PEER_REDIS_PORT" >> "$RESULTS/$name-warmup$w.out" || true
      peer_forget_results
    done
    client "$name-hey" out 300 hey -n "$TASKS" -c "$TASK_CLIENTS" -t 30 -m POST -H "X-Api-Key: $PEER_KEY" \
        -T application/json -d "$BODY" "$PEER_URL/tasks"
    client "$name-drain" json 400 "$PY" "$PEER_DIR/bench/drain.py" "$TASKS" 300 "$PEER_REDIS_PORT"
    echo "$(peer_env 0) ../shared/peer/start.sh all" | tidy > "$RESULTS/peer-tasks.cmd"
    finish_peer "tasks-r$r"
  else
    start_agentry "tasks-r$r"
    local slots
    slots=$(curl -s -H "X-Api-Key: $KEY" "$AGENTRY_URL/metrics" | awk '/^agent_worker_slots_capacity / {print int($2)}')
    for w in $(seq 1 "$TASK_WARMUPS"); do
      "${GEN[@]}" tasks --url "$AGENTRY_URL" --key "$KEY" --count "$TASKS" --concurrency "$TASK_CLIENTS" \
          --user "bench-warmup-$w" --message "$MESSAGE" --timeout 300s > "$RESULTS/$name-warmup$w.json" 2>&1 || true
    done
    client "$name-gen" json 400 "${GEN[@]}" tasks --url "$AGENTRY_URL" --key "$KEY" --count "$TASKS" \
        --concurrency "$TASK_CLIENTS" --user bench --message "$MESSAGE" --slots "${slots:-unknown}" --timeout 300s
    agentry_command > "$RESULTS/agentry-tasks.cmd"
    finish_agentry "tasks-r$r"
  fi
}

versions() {
  dpkg-query -W -f='${Package} ${Version}, ' python3-fastapi python3-uvicorn python3-uvloop python3-httptools \
      python3-celery redis-server 2>/dev/null | sed 's/, $//'
}

parts_json=$(IFS=,; echo "${PARTS[*]}")
VERSUS_DATE="$(date -u '+%Y-%m-%d %H:%M UTC')" VERSUS_COMMIT="$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- core server bench || echo '+local changes')" \
VERSUS_ARGS="${ARGS[*]:-}" VERSUS_CPUS="$(nproc)" \
VERSUS_CPU_MODEL="$(lscpu 2>/dev/null | sed -n 's/^Model name:[[:space:]]*//p' | head -1)" \
VERSUS_MEMORY="$(free -g | awk '/^Mem:/ {print $2}') GiB" VERSUS_OS="$(uname -sr)" \
VERSUS_JDK="$("$JAVA" -version 2>&1 | head -1)" VERSUS_LOAD="$(cut -d' ' -f1-3 /proc/loadavg)" \
VERSUS_PEER_VERSIONS="$(versions) , $("$PY" --version 2>&1)" VERSUS_HEY="$(dpkg-query -W -f='${Version}' hey 2>/dev/null || echo '?')" \
VERSUS_WRK="$(dpkg-query -W -f='${Version}' wrk 2>/dev/null || echo '?')" VERSUS_BODY="$BODY" \
VERSUS_PEER_COMMAND="$(peer_env '<0 or 1000>' | tidy) ../shared/peer/start.sh all" \
VERSUS_AGENTRY_COMMAND="$(agentry_command)" \
"$PY" - "$RESULTS/versus.json" "$QUICK" "$ROUNDS" "$parts_json" "$FAST_CLIENTS" "$FAST_REQUESTS" "$FAST_WARMUP" \
    "$WRK_DURATION" "$SLOW_MODEL_MS" "${SLOW_CLIENTS[*]}" "$SLOW_WAVES" "$SLOW_RAMP" "$SLOW_WARMUP" "$SLOW_DURATION" \
    "$TASKS" "$TASK_CLIENTS" "$TASK_WARMUPS" "$PEER_CONCURRENCY" "$PEER_DIR" <<'PY'
import json, os, sys
(out, quick, rounds, parts, fast_clients, fast_requests, fast_warmup, wrk_duration, slow_ms, slow_clients, waves, ramp,
 warmup, duration, tasks, task_clients, task_warmups, peer_concurrency, peer_dir) = sys.argv[1:]
e = lambda k: os.environ["VERSUS_" + k]
s = {"date": e("DATE"), "commit": e("COMMIT"), "args": e("ARGS"), "cpus": e("CPUS"), "cpu_model": e("CPU_MODEL"),
     "memory": e("MEMORY"), "os": e("OS"), "jdk": e("JDK"), "load": e("LOAD"), "peer_dir": "../shared/peer",
     "peer_versions": e("PEER_VERSIONS").replace(" , ", ", "), "hey": e("HEY"), "wrk": e("WRK"), "body": e("BODY"),
     "peer_command": e("PEER_COMMAND"), "agentry_command": e("AGENTRY_COMMAND"),
     "quick": quick == "true", "rounds": int(rounds)}
parts = parts.split(",")
if "fast" in parts:
    s["fast"] = {"clients": int(fast_clients), "requests": int(fast_requests), "warmup": fast_warmup,
                 "wrk_duration": wrk_duration}
if "slow" in parts:
    s["slow"] = {"model_ms": int(slow_ms), "clients": [int(c) for c in slow_clients.split()], "waves": int(waves),
                 "ramp": ramp, "warmup": warmup, "duration": duration}
if "tasks" in parts:
    s["tasks"] = {"count": int(tasks), "clients": int(task_clients), "warmup_batches": int(task_warmups),
                  "peer_concurrency": int(peer_concurrency)}
json.dump(s, open(out, "w"), indent=1)
PY

log "results -> ${RESULTS#"$ROOT"/}; parts ${PARTS[*]}, $ROUNDS round(s), peer then Agentry in each"
for part in "${PARTS[@]}"; do
  for r in $(seq 1 "$ROUNDS"); do
    for side in peer agentry; do
      "part_$part" "$r" "$side"
    done
  done
done

rm -rf "$PEER_RUN"
"${GEN[@]}" versus --results "$RESULTS" > "$RESULTS/versus.md"
if $QUICK; then
  log "done (quick: BENCHMARKS.md left alone); report in ${RESULTS#"$ROOT"/}/versus.md"
else
  "${GEN[@]}" versus --results "$RESULTS" --into "$ROOT/BENCHMARKS.md"
  log "done: BENCHMARKS.md updated; raw results and report in ${RESULTS#"$ROOT"/}"
fi
