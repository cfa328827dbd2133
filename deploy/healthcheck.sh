#!/usr/bin/env bash
# Container health check with nothing but bash (the JRE base image has no curl or wget): succeeds when
# GET <path> (default /health/live) on this container's port ($PORT, default 8080) answers 200 within
# the timeout ($HEALTHCHECK_TIMEOUT seconds, default 3).
#
#   healthcheck.sh [/health/live | /health/ready]
set -uo pipefail

path=${1:-/health/live}
port=${PORT:-8080}
timeout=${HEALTHCHECK_TIMEOUT:-3}

{ exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null || { echo "nothing listens on port $port" >&2; exit 1; }
printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n\r\n' "$path" "$port" >&3
if ! IFS= read -r -t "$timeout" status <&3; then
  echo "no answer from $path within ${timeout}s" >&2
  exit 1
fi
exec 3<&-
status=${status%$'\r'}
if [[ $status =~ ^HTTP/1\.[01]\ 200 ]]; then
  exit 0
fi
echo "$path answered: $status" >&2
exit 1
