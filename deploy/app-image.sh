#!/usr/bin/env bash
# Turns the executable jar into what the container image runs: the extracted (layered) application and a
# JDK AOT cache made by a training run. The Dockerfile runs exactly these commands; the benchmark suite's cold
# start (bench/run.sh coldstart) and `deploy/local-cluster.sh start --aot` run them on a workstation.
#
#   app-image.sh extract  <agentry.jar> <dir>      split the jar into <dir>/dependencies, spring-boot-loader,
#                                                  snapshot-dependencies and application (one image layer each)
#   app-image.sh train    <app-dir>                training run in an assembled application directory
#                                                  (agentry.jar + lib/): writes <app-dir>/app.aot
#   app-image.sh assemble <agentry.jar> <app-dir>  extract, merge the layers into <app-dir> as the image's COPY
#                                                  steps do, then train
#
# Run the result with: cd <app-dir> && java -XX:AOTCache=app.aot -jar agentry.jar
# The cache is only valid for the JDK that made it and this exact set of jars; with another JDK, or a
# garbage collector without compressed oops (ZGC), the JVM says so and starts without it.
set -euo pipefail

java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
layers=(dependencies spring-boot-loader snapshot-dependencies application)

usage() {
  sed -n '2,15p' "$0" >&2
  exit 2
}

extract() {
  local jar=$1 dir=$2
  "$java_bin" -Djarmode=tools -jar "$jar" extract --layers --destination "$dir"
}

# The training run starts the application as far as a refreshed context (every singleton created, every
# configuration class loaded; Spring's documented training mode) and exits. It sees no real infrastructure:
# an H2 database in a scratch directory, and a Redis URL that is never connected to (connections open only
# when the lifecycle starts, which this mode skips) so that the Redis client's classes are in the cache too.
# Role `all` creates the beans of both the api and the worker role. The environment is emptied so that
# nothing of the machine it runs on leaks into the run.
train() {
  local app=$1 scratch status=0
  [[ -f "$app/agentry.jar" ]] || { echo "app-image.sh: $app/agentry.jar not found (extract and merge the layers first)" >&2; exit 1; }
  scratch=$(mktemp -d)
  rm -f "$app/app.aot"
  (cd "$app" && env -i PATH="$PATH" HOME="$scratch" \
      "$java_bin" -XX:AOTCacheOutput=app.aot -Dspring.context.exit=onRefresh -Djava.io.tmpdir="$scratch" \
      -jar agentry.jar \
      --agentry.role=all \
      "--spring.datasource.url=jdbc:h2:file:$scratch/agentry;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH" \
      --agentry.redis.url=redis://127.0.0.1:1 \
      --server.port=0 \
      >"$scratch/training.log" 2>&1) || status=$?
  if [[ $status -ne 0 || ! -s "$app/app.aot" ]]; then
    echo "app-image.sh: the AOT training run failed (exit $status):" >&2
    tail -n 40 "$scratch/training.log" >&2
    rm -rf "$scratch"
    exit 1
  fi
  rm -rf "$scratch"
  echo "AOT cache: $app/app.aot ($(du -h "$app/app.aot" | cut -f1))"
}

assemble() {
  local jar=$1 app=$2 staging
  staging=$(mktemp -d)
  extract "$jar" "$staging/layers"
  rm -rf "$app"
  mkdir -p "$app"
  for layer in "${layers[@]}"; do
    cp -a "$staging/layers/$layer/." "$app/"
  done
  rm -rf "$staging"
  train "$app"
}

[[ $# -ge 1 ]] || usage
command=$1
shift
case "$command" in
  extract) [[ $# -eq 2 ]] || usage; extract "$@" ;;
  train) [[ $# -eq 1 ]] || usage; train "$@" ;;
  assemble) [[ $# -eq 2 ]] || usage; assemble "$@" ;;
  *) usage ;;
esac
