#!/usr/bin/env bash
# A/B of two server jars on the embedded H2 store, interleaved (A B A B ...) so that the machine's drift hits
# both alike; only the ratio within one run means something. Each round starts the jar in a fresh working
# directory (empty store), warms it up (2,000 runs, 500 tasks), then measures POST /run (16 clients, 3,000
# runs, zero-latency model) and POST /tasks (1,000 tasks, 16 clients, 32 worker slots), and records the size
# of the store's file, before and after a graceful stop.
#
#   bench/ab.sh JAR_A JAR_B [rounds (3)] [server arguments...]
#
# Prints one line per round; raw results go to bench/results/ab-<UTC time>/. Needs JDK 25 (JAVA_HOME), curl
# and python3, and the load generator built (./mvnw -q -pl bench -am -DskipTests package).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
[ $# -ge 2 ] || { echo "usage: $0 JAR_A JAR_B [rounds] [server arguments...]" >&2; exit 2; }
JAR_A=$(realpath "$1"); JAR_B=$(realpath "$2"); shift 2
ROUNDS=3
if [ $# -gt 0 ] && [[ "$1" =~ ^[0-9]+$ ]]; then ROUNDS=$1; shift; fi
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA="$JAVA_HOME/bin/java"
PORT=${BENCH_PORT:-18581}
KEY=bench-key
URL="http://127.0.0.1:$PORT"
OUT="$ROOT/bench/results/ab-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$OUT"
GEN=("$JAVA" -cp "$ROOT/bench/target/classes:$(cat "$ROOT/bench/target/classpath.txt")" io.agentry.bench.LoadGenerator)
SERVER_PID=
trap '[ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null; true' EXIT

round() {
  local name=$1 jar=$2; shift 2
  local dir="$OUT/work-$name"
  mkdir -p "$dir"
  (cd "$dir" && exec "$JAVA" -jar "$jar" --server.port="$PORT" "--agentry.security.keys[0].name=bench" \
      "--agentry.security.keys[0].key=$KEY" --agentry.limits.enabled=false "$@" > server.log 2>&1) &
  SERVER_PID=$!
  for _ in $(seq 1 600); do
    curl -s -o /dev/null -w '%{http_code}' "$URL/health/ready" 2>/dev/null | grep -q 200 && break
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "the server exited; see $dir/server.log" >&2; exit 1; }
    sleep 0.2
  done
  "${GEN[@]}" load --url "$URL" --key "$KEY" --clients 16 --warmup 0s --requests 2000 --duration 60s > /dev/null 2>&1
  "${GEN[@]}" tasks --url "$URL" --key "$KEY" --count 500 --concurrency 16 --user warmup > /dev/null 2>&1
  cut -d' ' -f1-3 /proc/loadavg > "$OUT/$name.load"
  "${GEN[@]}" load --url "$URL" --key "$KEY" --clients 16 --warmup 0s --requests 3000 --duration 120s \
      --expect '"success":true' --pid "$SERVER_PID" > "$OUT/$name-run.json" 2>/dev/null
  "${GEN[@]}" tasks --url "$URL" --key "$KEY" --count 1000 --concurrency 16 --user measured --pid "$SERVER_PID" \
      > "$OUT/$name-tasks.json" 2>/dev/null
  stat -c %s "$dir/data/agentry.mv.db" > "$OUT/$name.size-open"
  kill "$SERVER_PID"; wait "$SERVER_PID" || true
  SERVER_PID=
  stat -c %s "$dir/data/agentry.mv.db" > "$OUT/$name.size-stopped"
  rm -rf "$dir/data"
  python3 - "$OUT" "$name" <<'PY'
import json, sys
out, name = sys.argv[1], sys.argv[2]
run = json.load(open(f"{out}/{name}-run.json"))
tasks = json.load(open(f"{out}/{name}-tasks.json"))
size = lambda s: round(int(open(f"{out}/{name}.size-{s}").read()) / 2**20, 1)
print(f"{name}: runs/s {run['throughput_per_s']} (errors {run['errors']}, p50 {run['latency_ms']['p50']} ms, "
      f"p99 {run['latency_ms']['p99']} ms, server CPU {run.get('server_cpu_ms_per_request')} ms/run) | "
      f"tasks submitted/s {tasks['submit_per_s']} drained/s {tasks.get('drain_per_s')} {tasks.get('statuses')} | "
      f"store file {size('open')} MiB, {size('stopped')} MiB stopped | load {open(f'{out}/{name}.load').read().strip()}")
PY
}

for i in $(seq 1 "$ROUNDS"); do
  round "A$i" "$JAR_A" "$@" | tee -a "$OUT/summary.txt"
  round "B$i" "$JAR_B" "$@" | tee -a "$OUT/summary.txt"
done
echo "A: $JAR_A" >> "$OUT/summary.txt"; echo "B: $JAR_B" >> "$OUT/summary.txt"
