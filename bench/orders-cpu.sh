#!/usr/bin/env bash
# CPU per order, builds back to back: reuses the work folder a `BENCH_KEEP=1 bench/orders.sh` run left behind (its
# PostgreSQL cluster, generated store, SKU list and load generator), and for each published app folder given, in turn
# and ROUNDS times over (A B A B ...), starts that app, places orders with bench/OrderLoad (16 buyers, same SKUs) and
# prints the CPU time per order placed in the measured window: the app process, the PostgreSQL backends serving it.
# On a machine shared with other work throughput swings from run to run; CPU per order moves much less.
#   bench/orders-cpu.sh /tmp/storefront-bench-orders.XXXXXX APP_DIR [APP_DIR...]
# APP_DIR: a `dotnet publish src/Storefront.Web -c Release -o APP_DIR` output (the kept work folder's own is WORK/app);
# each app applies its build's migrations on start (so a later build may change the kept database for the earlier ones);
# a file APP_DIR/bench.env (NAME=value words, e.g. DOTNET_TieredPGO=0) adds environment variables to that app's runs.
# Settings (environment): BENCH_BUYERS (16), BENCH_DURATION (30), BENCH_WARMUP (40), ROUNDS (1),
# PERF_SECONDS=N: also record N s of `perf record -a -g` (the whole machine: app, PostgreSQL, generator) in the middle
# of the window, the app started with DOTNET_PerfMapEnabled=1 and DOTNET_EnableWriteXorExecute=0 so that perf names its
# JIT-compiled methods; written beside the results as perf-<n>.data (`perf report -i ... --sort comm,dso,sym`).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/pg.sh
source scripts/bench.sh
pg_ensure_installed

work=${1:?usage: bench/orders-cpu.sh WORK APP_DIR [APP_DIR...]}; shift
(($# > 0)) || { echo "give at least one published app folder" >&2; exit 2; }
buyers=${BENCH_BUYERS:-16}
duration=${BENCH_DURATION:-30}
warmup=${BENCH_WARMUP:-40}
rounds=${ROUNDS:-1}
data=$work/pg
out=bench/results/$(date -u +%Y%m%dT%H%M%SZ)-orders-cpu
mkdir -p "$out"

app_pid=''
pg_port=$(free_port)
pg_as pg_ctl -D "$data" -w -l "$data/server.log" -o "-p $pg_port -k $data -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
cleanup() {
  local status=$?
  if [[ -n $app_pid ]] && kill -0 "$app_pid" 2>/dev/null; then kill "$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true; fi
  pg_as pg_ctl -D "$data" -m fast stop >/dev/null 2>&1 || true
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

export ConnectionStrings__StorefrontAdmin="Host=127.0.0.1;Port=$pg_port;Username=storefront_owner;Database=storefront"
app_conn="Host=127.0.0.1;Port=$pg_port;Username=storefront_app;Password=storefront_app;Database=storefront"
export ConnectionStrings__Storefront=$app_conn
export ASPNETCORE_ENVIRONMENT=Production
export Serilog__MinimumLevel__Default=Warning
demo=$(psql -h 127.0.0.1 -p "$pg_port" -U storefront_owner -d storefront -XqtA -c "select id from stores where slug = 'demo'")

n=0
for round in $(seq "$rounds"); do
  for app in "$@"; do
    n=$((n + 1))
    port=$(free_port)
    # shellcheck disable=SC2046 # bench.env: NAME=value words
    start_published_app "$app" "$out/app-$n.log" "$port" Storefront__MigrateOnStartup=true $(cat "$app/bench.env" 2>/dev/null) \
      DOTNET_PerfMapEnabled=$([[ -n ${PERF_SECONDS:-} ]] && echo 1 || echo 0) \
      DOTNET_EnableWriteXorExecute=$([[ -n ${PERF_SECONDS:-} ]] && echo 0 || echo 1)
    perf_pid=''
    if [[ -n ${PERF_SECONDS:-} ]]; then
      (sleep $((warmup + duration / 2 - PERF_SECONDS / 2)) && perf record -F 499 -a -g -o "$out/perf-$n.data" -- sleep "$PERF_SECONDS" >/dev/null 2>&1) &
      perf_pid=$!
    fi
    load_before=$(cut -d' ' -f1 /proc/loadavg)
    result=$(dotnet "$work/load/OrderLoad.dll" --url "http://127.0.0.1:$port" --host demo.localhost --db "$app_conn" --tenant "$demo" \
      --skus "$work/skus.txt" --buyers "$buyers" --duration "$duration" --warmup "$warmup" --app-pid "$app_pid")
    if [[ -n $perf_pid ]]; then wait "$perf_pid" || true; fi
    kill "$app_pid"; wait "$app_pid" 2>/dev/null || true; app_pid=''
    echo "round $round $app (load $load_before-$(cut -d' ' -f1 /proc/loadavg)): $result" | tee -a "$out/results.txt"
  done
done
echo "results in $out"
