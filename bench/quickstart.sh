#!/usr/bin/env bash
# The README's quick start, timed: runs a command in a directory (a fresh clone: the README's run command) and
# polls the README's first request until it answers with success, then reports
#   seconds  wall time from launching the command to that answer
#   cpu_s    CPU time (user + system) of every process the command started, ended ones included
#   rss_mb   resident memory of the processes still running then (the server, and Maven when it stays)
#   load     the machine's 1-minute load average at the end
# and stops everything the command started (its own process group).
#
#   bench/quickstart.sh DIR [--port N] -- COMMAND...
#   bench/quickstart.sh /tmp/fresh-clone -- ./agentry
#
# The command gets PORT (default 18080) in its environment, which the server listens on. Needs curl and setsid.
set -uo pipefail

[ $# -ge 3 ] || { echo "usage: $0 DIR [--port N] -- COMMAND..." >&2; exit 2; }
dir=$1; shift
port=18080
if [ "$1" = --port ]; then port=$2; shift 2; fi
[ "$1" = -- ] || { echo "usage: $0 DIR [--port N] -- COMMAND..." >&2; exit 2; }
shift
cd "$dir" || exit 2
log=$(mktemp "${TMPDIR:-/tmp}/quickstart-XXXXXX.log")

start=$(date +%s.%N)
PORT=$port setsid "$@" >"$log" 2>&1 &
leader=$!
trap 'kill -- -$leader 2>/dev/null' EXIT
ok=
for _ in $(seq 1 6000); do
  if curl -s -m 2 "localhost:$port/run" -H 'X-Api-Key: agentry-dev-key' -H 'Content-Type: application/json' \
      -d '{"message": "what is 17*23?", "user_id": "alice"}' 2>/dev/null | grep -q '"success":true'; then
    ok=yes
    break
  fi
  kill -0 "$leader" 2>/dev/null || break
  sleep 0.1
done
end=$(date +%s.%N)

ticks=$(getconf CLK_TCK)
pids=$(ps -o pid= -g "$leader")
# utime + stime of each process and cutime + cstime of the children it has reaped (Maven, when the command ran it)
cpu=$(for p in $pids; do awk -v t="$ticks" '{print ($14 + $15 + $16 + $17) / t}' "/proc/$p/stat" 2>/dev/null; done \
  | awk '{s += $1} END {printf "%.1f", s}')
rss=$(ps -o rss= -g "$leader" | awk '{s += $1} END {printf "%d", s / 1024}')
load=$(cut -d' ' -f1 /proc/loadavg)
if [ -z "$ok" ]; then
  echo "no successful answer; the command's output is in $log" >&2
  exit 1
fi
printf 'seconds=%.1f cpu_s=%s rss_mb=%s load=%s\n' "$(echo "$end - $start" | bc)" "$cpu" "$rss" "$load"
kill -- -"$leader" 2>/dev/null
for _ in $(seq 1 100); do kill -0 "$leader" 2>/dev/null || break; sleep 0.1; done
kill -9 -- -"$leader" 2>/dev/null
trap - EXIT
rm -f "$log"
