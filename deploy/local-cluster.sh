#!/usr/bin/env bash
# The topology of deploy/compose.yaml on one machine, without containers: N api JVMs and M worker JVMs
# sharing the local PostgreSQL (a database of their own) and Redis (a key prefix of their own), behind an
# nginx that runs deploy/nginx.conf with these processes as its upstream servers.
#
#   deploy/local-cluster.sh start [options]     start everything; prints the URL when all of it is ready
#   deploy/local-cluster.sh status [--dir DIR]  what runs
#   deploy/local-cluster.sh stop [--dir DIR]    stop exactly the processes this cluster started
#
# start options:
#   --api N            api processes (default 2)
#   --workers M        worker processes (default 4)
#   --port P           nginx port on 127.0.0.1 (default 8080)
#   --dir DIR          state: pid files, logs, nginx configuration (default ${TMPDIR:-/tmp}/agentry-local-cluster)
#   --jar PATH         the server jar (default server/target/agentry.jar; build it with ./mvnw -DskipTests package)
#   --aot              run as the container image does: the extracted jar with a JDK AOT cache
#                      (deploy/app-image.sh assemble; made once per jar)
#   --database NAME    PostgreSQL database, created when missing (default agentry_local)
#   --redis-url URL    Redis (default redis://127.0.0.1:6379/0)
#   --redis-prefix P   prefix of every Redis key (default agentry-local:)
#
# Environment: JAVA_HOME (JDK 25); JAVA_OPTS for every JVM (default -Xmx512m); PGHOST, PGPORT, PGUSER for
# PostgreSQL (default 127.0.0.1, 5432, postgres). Every AGENTRY_* or SPRING_* variable you set reaches every
# process (e.g. AGENTRY_WORKER_CONCURRENCY=8), except the role, port, database and Redis settings, which this
# script sets. API keys: none configured means the development key agentry-dev-key, as in the embedded mode.
# Nothing here is a service and the system's nginx is not touched: nginx gets its own configuration, pid
# file, logs and temporary files under DIR and is started in the background by this script, like the JVMs,
# as the user who runs it.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
command=${1:-}
[[ -n $command ]] && shift

apis=2
workers=4
port=8080
dir=${TMPDIR:-/tmp}/agentry-local-cluster
jar=$repo/server/target/agentry.jar
aot=false
database=agentry_local
redis_url=redis://127.0.0.1:6379/0
redis_prefix=agentry-local:

usage() {
  sed -n '2,28p' "${BASH_SOURCE[0]}" >&2
  exit 2
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --api) apis=$2; shift 2 ;;
    --workers) workers=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --dir) dir=$2; shift 2 ;;
    --jar) jar=$2; shift 2 ;;
    --aot) aot=true; shift ;;
    --database) database=$2; shift 2 ;;
    --redis-url) redis_url=$2; shift 2 ;;
    --redis-prefix) redis_prefix=$2; shift 2 ;;
    *) usage ;;
  esac
done

mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
pids=$dir/pids
logs=$dir/logs
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"

log() { printf '%s\n' "$*" >&2; }
fail() { log "local-cluster: $*"; exit 1; }
abort() { # start-up failed after processes were started: stop them all
  [[ $# -gt 0 ]] && log "local-cluster: $*"
  log "start-up failed: stopping what was started"
  stop_cluster
  exit 1
}

# A pid file's process is ours only while it runs with this state directory on its command line (the JVMs'
# java.io.tmpdir, nginx's prefix), so a recycled pid is never signalled.
ours() {
  local pid=$1
  [[ -r /proc/$pid/cmdline ]] && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -qF -- "$dir/"
}

# alive PID: a process this start just launched has not exited. Not `ours`: until the launching subshell has
# exec'd, its command line is this script's, without the state directory in it.
alive() {
  local state
  state=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1) && [[ -n $state && $state != Z ]]
}

running_pids() {
  local file pid
  for file in "$pids"/*.pid; do
    [[ -e $file ]] || continue
    pid=$(<"$file")
    if ours "$pid"; then
      printf '%s %s\n' "$(basename "$file" .pid)" "$pid"
    fi
  done
}

stop_cluster() {
  local name pid deadline
  [[ -d $pids ]] || { log "nothing started from $dir"; return 0; }
  # nginx first (no new requests), then every JVM at once: SIGTERM is their graceful shutdown (a worker lets
  # running tasks finish for agentry.worker.shutdown-grace, then gives the rest back to the queue)
  for name in nginx; do
    if [[ -f $pids/$name.pid ]] && ours "$(<"$pids/$name.pid")"; then
      kill -TERM "$(<"$pids/$name.pid")" 2>/dev/null || true
    fi
  done
  while read -r name pid; do
    [[ $name == nginx ]] || kill -TERM "$pid" 2>/dev/null || true
  done < <(running_pids)
  deadline=$((SECONDS + 90))
  while [[ -n $(running_pids) && $SECONDS -lt $deadline ]]; do
    sleep 0.5
  done
  while read -r name pid; do
    log "$name (pid $pid) did not stop within 90 s: killing it"
    kill -KILL "$pid" 2>/dev/null || true
  done < <(running_pids)
  rm -f "$pids"/*.pid
  log "stopped the local cluster in $dir"
}

status() {
  local file name pid
  [[ -d $pids ]] || { log "nothing started from $dir"; return 0; }
  [[ -f $dir/cluster.env ]] && cat "$dir/cluster.env"
  for file in "$pids"/*.pid; do
    [[ -e $file ]] || continue
    name=$(basename "$file" .pid)
    pid=$(<"$file")
    if ours "$pid"; then
      printf '%-10s pid %-8s running  %s\n' "$name" "$pid" "$(cat "$dir/ports/$name" 2>/dev/null || true)"
    else
      printf '%-10s pid %-8s gone\n' "$name" "$pid"
    fi
  done
}

http_status() { # port path -> HTTP status code, or nothing
  local line
  { exec 3<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null || return 0
  printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' "$2" >&3
  IFS= read -r -t 5 line <&3 || true
  exec 3<&-
  if [[ $line =~ ^HTTP/1\.[01]\ ([0-9]+) ]]; then
    printf '%s' "${BASH_REMATCH[1]}"
  fi
}

start_jvm() { # name role
  local name=$1 role=$2 run=$dir/run/$1
  mkdir -p "$run/tmp"
  # shellcheck disable=SC2086 # JAVA_OPTS is a list of options
  (cd "${workdir:-$run}" && AGENTRY_ROLE=$role PORT=0 \
      AGENTRY_DATABASE_URL="jdbc:postgresql://$pg_host:$pg_port/$database" \
      AGENTRY_DATABASE_USERNAME="$pg_user" \
      AGENTRY_REDIS_URL="$redis_url" AGENTRY_REDIS_KEYPREFIX="$redis_prefix" \
      exec nohup "$java_bin" ${JAVA_OPTS:--Xmx512m} "-Djava.io.tmpdir=$run/tmp" "${launch[@]}" \
      </dev/null >"$logs/$name.log" 2>&1) &
  echo $! >"$pids/$name.pid"
}

await_ready() { # names...: waits until each one's /health/ready answers 200
  local name pid port deadline=$((SECONDS + ${LOCAL_CLUSTER_START_TIMEOUT:-240}))
  local pending=("$@")
  while [[ ${#pending[@]} -gt 0 ]]; do
    local still=()
    for name in "${pending[@]}"; do
      pid=$(<"$pids/$name.pid")
      if ! alive "$pid"; then
        log "$name exited during start-up; the end of $logs/$name.log:"
        tail -n 30 "$logs/$name.log" >&2
        return 1
      fi
      port=$(grep -o 'Tomcat started on port [0-9]*' "$logs/$name.log" 2>/dev/null | head -n 1 | grep -o '[0-9]*$' || true)
      if [[ -n $port && $(http_status "$port" /health/ready) == 200 ]]; then
        echo "$port" >"$dir/ports/$name"
        log "$name ready on port $port (pid $pid)"
      else
        still+=("$name")
      fi
    done
    pending=("${still[@]+"${still[@]}"}")
    if [[ ${#pending[@]} -gt 0 ]]; then
      [[ $SECONDS -lt $deadline ]] || { log "not ready in time: ${pending[*]}"; return 1; }
      sleep 0.5
    fi
  done
}

# deploy/nginx.conf with this cluster's api processes as the upstream servers (in place of the compose
# service), its port, no Docker DNS resolver, and every path under DIR.
nginx_config() {
  local servers="" name
  for ((i = 1; i <= apis; i++)); do
    servers+="        server 127.0.0.1:$(<"$dir/ports/api-$i");\n"
  done
  sed -e "s|^[[:space:]]*server api:8080[^;]*;|$servers|" \
      -e "s|^\([[:space:]]*\)listen 8080;|\1listen 127.0.0.1:$port;|" \
      -e "/^[[:space:]]*resolver /d" \
      -e "s|^http {|http {\n    client_body_temp_path $dir/nginx/client_body;\n    proxy_temp_path $dir/nginx/proxy;\n    fastcgi_temp_path $dir/nginx/fastcgi;\n    uwsgi_temp_path $dir/nginx/uwsgi;\n    scgi_temp_path $dir/nginx/scgi;|" \
      "$repo/deploy/nginx.conf"
}

start_cluster() {
  local name
  [[ $apis =~ ^[1-9][0-9]*$ && $workers =~ ^[0-9]+$ && $port =~ ^[0-9]+$ ]] || usage
  if [[ -n $(running_pids 2>/dev/null || true) ]]; then
    fail "a cluster started from $dir is still running (deploy/local-cluster.sh stop --dir $dir)"
  fi
  command -v nginx >/dev/null || fail "nginx is needed (Debian/Ubuntu: apt-get install -y nginx)"
  command -v psql >/dev/null || fail "psql is needed to create the database"
  "$java_bin" -version 2>&1 | grep -q 'version "25' || fail "JDK 25 is needed: point JAVA_HOME at it"
  [[ -f $jar ]] || fail "$jar not found: ./mvnw -DskipTests package"
  [[ -z $(http_status "$port" /) ]] || fail "port $port is in use (--port)"

  pg_host=${PGHOST:-127.0.0.1}
  pg_port=${PGPORT:-5432}
  pg_user=${PGUSER:-postgres}
  [[ $database =~ ^[a-z_][a-z0-9_]*$ ]] || fail "--database must be a plain lower-case PostgreSQL name"
  if [[ -z $(psql -h "$pg_host" -p "$pg_port" -U "$pg_user" -d postgres -tAc "select 1 from pg_database where datname = '$database'") ]]; then
    psql -h "$pg_host" -p "$pg_port" -U "$pg_user" -d postgres -qc "create database $database" >/dev/null
    log "created database $database"
  fi

  rm -rf "$pids" "$logs" "$dir/ports" "$dir/run" "$dir/nginx"
  mkdir -p "$pids" "$logs" "$dir/ports" "$dir/run" "$dir/nginx"

  if [[ $aot == true ]]; then
    local stamp
    stamp=$(cksum <"$jar")
    if [[ ! -f $dir/app/app.aot || $(cat "$dir/app/.jar-checksum" 2>/dev/null) != "$stamp" ]]; then
      log "extracting the jar and training its AOT cache (deploy/app-image.sh assemble)"
      JAVA_HOME=${JAVA_HOME:-} "$repo/deploy/app-image.sh" assemble "$jar" "$dir/app" >&2
      echo "$stamp" >"$dir/app/.jar-checksum"
    fi
    # as in the image: from the application directory, since the cache records the class path as the
    # training run saw it (agentry.jar and lib/, relative)
    workdir=$dir/app
    launch=(-XX:AOTCache=app.aot -jar agentry.jar)
  else
    launch=(-jar "$jar")
  fi

  local names=()
  for ((i = 1; i <= apis; i++)); do start_jvm "api-$i" api; names+=("api-$i"); done
  for ((i = 1; i <= workers; i++)); do start_jvm "worker-$i" worker; names+=("worker-$i"); done
  await_ready "${names[@]}" || abort

  nginx_config >"$dir/nginx/nginx.conf"
  if ! nginx -t -q -e stderr -p "$dir/nginx/" -c "$dir/nginx/nginx.conf" -g "pid $dir/nginx/nginx.pid;" >>"$logs/nginx.log" 2>&1; then
    tail -n 20 "$logs/nginx.log" >&2
    abort "nginx rejected $dir/nginx/nginx.conf"
  fi
  (exec nohup nginx -e stderr -p "$dir/nginx/" -c "$dir/nginx/nginx.conf" -g "daemon off; pid $dir/nginx/nginx.pid;" \
      </dev/null >>"$logs/nginx.log" 2>&1) &
  echo $! >"$pids/nginx.pid"
  local deadline=$((SECONDS + 20))
  until [[ $(http_status "$port" /nginx-health) == 200 ]]; do
    if ! alive "$(<"$pids/nginx.pid")"; then
      tail -n 20 "$logs/nginx.log" >&2
      abort "nginx exited"
    fi
    [[ $SECONDS -lt $deadline ]] || abort "nginx did not answer on port $port"
    sleep 0.2
  done
  echo "nginx:$port" >"$dir/ports/nginx"

  cat >"$dir/cluster.env" <<EOF
url=http://127.0.0.1:$port
api=$apis
workers=$workers
database=$database
redis_url=$redis_url
redis_prefix=$redis_prefix
aot=$aot
EOF
  log "local cluster ready: http://127.0.0.1:$port ($apis api, $workers workers, database $database, Redis prefix $redis_prefix)"
  log "logs in $logs; stop with: deploy/local-cluster.sh stop --dir $dir"
  echo "http://127.0.0.1:$port"
}

case "$command" in
  start) start_cluster ;;
  stop) stop_cluster ;;
  status) status ;;
  *) usage ;;
esac
