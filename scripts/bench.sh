# Shared by the bench/ scripts: messages, a free loopback port, and starting a published app until it is ready.
# shellcheck shell=bash

say() { printf '\n== %s\n' "$*"; }
die() { printf 'bench: %s\n' "$*" >&2; exit 1; }

# A port nobody listens on (loopback).
free_port() {
  local port
  for _ in $(seq 200); do
    port=$((20000 + RANDOM % 30000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  die "no free port found"
}

# build_generator DIR LOG: publishes the benchmark data generator (tools/Storefront.Generator, Release) into DIR, as the
# app is published: it runs the app's services on a plain host (no web server), so it needs nothing of the build tree.
build_generator() {
  dotnet publish tools/Storefront.Generator -c Release -o "$1" --nologo -v quiet >"$2" 2>&1 || { cat "$2"; die "generator publish failed"; }
}

# run_generator DIR ARGS...: migrates, seeds the demo (when missing) and generates products with DIR's published generator.
run_generator() {
  local dir=$1
  shift
  # The demo shop (DemoShop: 177 products, orders, promotions) stays out: the benches measure the generated catalogue alone.
  (cd "$dir" && Storefront__SeedDemoData=true Storefront__SeedDemoShop=false dotnet Storefront.Generator.dll "$@")
}

# start_bench_postgres DATA: a private PostgreSQL cluster in the folder DATA, listening on a free loopback port (sets pg_port
# and pg_started, which stop_bench_processes reads), with an empty database storefront; exports the app's connection strings.
start_bench_postgres() {
  local data=$1
  pg_port=$(free_port)
  pg_prepare_dir "$data"
  pg_as initdb -D "$data" -A trust -U storefront_owner -E UTF8 --locale=C.UTF-8 >/dev/null
  pg_as pg_ctl -D "$data" -w -l "$data/server.log" -o "-p $pg_port -k $data -c listen_addresses=127.0.0.1" start >/dev/null
  pg_started=1
  psql -h 127.0.0.1 -p "$pg_port" -U storefront_owner -d postgres -qc "create database storefront" >/dev/null
  export ConnectionStrings__StorefrontAdmin="Host=127.0.0.1;Port=$pg_port;Username=storefront_owner;Database=storefront"
  export ConnectionStrings__Storefront="Host=127.0.0.1;Port=$pg_port;Username=storefront_app;Password=storefront_app;Database=storefront"
}

# stop_bench_processes DATA: for a script's exit trap: stops the app started by start_published_app (app_pid) and the
# cluster started by start_bench_postgres in DATA (when pg_started is set).
stop_bench_processes() {
  if [[ -n ${app_pid:-} ]] && kill -0 "$app_pid" 2>/dev/null; then
    kill "$app_pid" 2>/dev/null || true
    wait "$app_pid" 2>/dev/null || true
  fi
  if [[ -n ${pg_started:-} ]]; then pg_as pg_ctl -D "$1" -m fast stop >/dev/null 2>&1 || true; fi
}

# start_published_app DIR LOG PORT [ENV=VALUE...]: starts DIR's Storefront.Web.dll on 127.0.0.1:PORT (no demo seeding unless
# an extra setting turns it on: the extra settings come last, as environment; output appended to LOG), sets app_pid, and
# waits until /health/ready answers, then sets app_ready_seconds. The app listens only once it has migrated and seeded,
# which took 317 s for the demo shop on a loaded machine (docs/decisions/0032), so it waits up to BENCH_READY_SECONDS
# (default 900). Stops the script, with the end of LOG, if the app exits or is still not ready by then.
start_published_app() {
  local dir=$1 log=$2 port=$3 deadline=${BENCH_READY_SECONDS:-900} started
  shift 3
  started=$(date +%s.%N)
  (cd "$dir" && exec env ASPNETCORE_URLS="http://127.0.0.1:$port" Storefront__SeedDemoData=false Storefront__RateLimits__Enabled=false \
    "$@" dotnet Storefront.Web.dll) >>"$log" 2>&1 &
  app_pid=$!
  until curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; do
    kill -0 "$app_pid" 2>/dev/null || { tail -50 "$log"; die "the app exited before it was ready (log above, from $log)"; }
    if awk -v a="$started" -v b="$(date +%s.%N)" -v d="$deadline" 'BEGIN { exit !(b - a >= d) }'; then
      tail -50 "$log"
      die "the app was not ready after $deadline s (log above, from $log); BENCH_READY_SECONDS=N waits longer"
    fi
    sleep 0.5
  done
  app_ready_seconds=$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
}

# BENCH_TARGET=cluster (bench/orders.sh, bench/catalog.sh): the app measured as scripts/cluster.sh runs it, a primary and a
# streaming replica, PgBouncer in transaction mode, two nodes and nginx in front, all on loopback (docs/scaling.md).
# start_bench_cluster DIR APP [ENV=VALUE...]: brings it up in DIR with the published APP (extra node settings last, no demo
# shop, bench endpoints on); sets pg_port and data (the primary's), port (nginx) and cluster_started; exports the owner's and the
# app role's connection strings to the primary directly, for the generator and the scripts' SQL.
start_bench_cluster() {
  local dir=$1 app=$2
  shift 2
  export STOREFRONT_CLUSTER_DIR=$dir STOREFRONT_CLUSTER_PUBLISHED=$app
  export STOREFRONT_CLUSTER_NODE_ENV="Storefront__SeedDemoShop=false Storefront__BenchmarkEndpoints=true $*"
  cluster_started=1
  scripts/cluster.sh up || die "scripts/cluster.sh up failed"
  # shellcheck disable=SC1091
  source "$dir/ports"
  pg_port=$PRIMARY_PORT
  data=$dir/primary
  port=$NGINX_PORT
  export ConnectionStrings__StorefrontAdmin="Host=127.0.0.1;Port=$pg_port;Username=storefront_owner;Database=storefront"
  export ConnectionStrings__Storefront="Host=127.0.0.1;Port=$pg_port;Username=storefront_app;Password=storefront_app;Database=storefront"
}

# restart_bench_nodes [ENV=VALUE...]: both nodes stopped (SIGTERM, drained) and started again, with these settings added
# to start_bench_cluster's; sets app_pid to "PID_A,PID_B".
restart_bench_nodes() {
  local base=${bench_node_env:=$STOREFRONT_CLUSTER_NODE_ENV} node
  STOREFRONT_CLUSTER_NODE_ENV="$base $*"
  for node in A B; do
    scripts/cluster.sh node-stop "$node" TERM
    scripts/cluster.sh node-start "$node" || die "node $node did not start again"
  done
  app_pid=$(cat "$STOREFRONT_CLUSTER_DIR/node-A.pid" "$STOREFRONT_CLUSTER_DIR/node-B.pid" | paste -sd,)
}

# bench_proxy_pids: nginx's and PgBouncer's processes, comma-separated.
bench_proxy_pids() {
  local nginx_master
  nginx_master=$(cat "$STOREFRONT_CLUSTER_DIR/nginx/nginx.pid")
  { echo "$nginx_master"; pgrep -P "$nginx_master"; cat "$STOREFRONT_CLUSTER_DIR/pgbouncer/pgbouncer.pid"; } | paste -sd,
}

# stop_bench_cluster: for a script's exit trap, when start_bench_cluster ran.
stop_bench_cluster() {
  if [[ -n ${cluster_started:-} ]]; then scripts/cluster.sh down >/dev/null 2>&1 || true; fi
}
