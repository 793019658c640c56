#!/usr/bin/env bash
# Order-placing benchmark: publishes the app in Release, starts a private PostgreSQL cluster, generates products in store
# demo and picks 1,000 listed SKUs (stock raised so nothing sells out), gives the store an order history (BENCH_HISTORY
# orders placed by pgbench's transaction below, then vacuum analyze: the tables have the statistics of a store that has been
# selling), starts the published app (Production, logging at Warning) and, in the same run:
#   1. the app: BENCH_BUYERS (16) concurrent buyers place orders through POST /api/v1/orders for BENCH_DURATION seconds
#      (bench/OrderLoad: before each order two random SKUs go into the buyer's cart straight in cart_lines; only the POST
#      is timed) -> placed orders/s, p50/p90/p99 of placing an order;
#   2. PostgreSQL's own ceiling: pgbench, same number of clients and duration, on a transaction of the same shape against
#      the same tables and store: reserve two SKUs with the conditional UPDATE, take the order number (nextval of the
#      store's own sequence, which the app takes through app_next_order_number()), insert the order, its two lines, its
#      'placed' event and its outbox message.
#      No NOTIFY: the app announces a catalog change only when an order sells a SKU out, which never happens here.
#      Run twice: in pgbench's default simple query mode (every statement parsed and planned each time), then with
#      -M prepared (each client prepares once, as the app's auto-prepared connections do), each share reported;
# then writes the figures into bench/README.md (between the orders markers). Raw outputs go to bench/results/<time>-orders/.
# Settings (environment): BENCH_BUYERS (16), BENCH_DURATION (30), BENCH_WARMUP (60: the app's JIT settles about 50 s
# after start under this load; before that the figures measure the compiler, not the steady state), BENCH_PRODUCTS (400), BENCH_HISTORY (10000), BENCH_KEEP=1,
# BENCH_PROMOTIONS=10: the app is measured twice in the same run, first with no live promotion (the demo seed's 满减 switched
# off), then, restarted, with 10 live promotions created through the admin API (bench/OrderLoad/Promotions.cs: 3 限时折扣,
# 1 秒杀 item, 3 满减/满折, 3 coupons each buyer claims) -> orders/s with and without, and the drop (issue 5: at most 20 %).
# BENCH_TARGET=cluster: the app as scripts/cluster.sh runs it (primary and streaming replica, PgBouncer in transaction mode,
# two nodes, nginx in front; the buyers go through nginx, pgbench to the primary); its own section of the report
# (orders-cluster), with the CPU of both nodes and of nginx and PgBouncer per order.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/pg.sh
source scripts/bench.sh

buyers=${BENCH_BUYERS:-16}
duration=${BENCH_DURATION:-30}
warmup=${BENCH_WARMUP:-60}
products=${BENCH_PRODUCTS:-400}
history=${BENCH_HISTORY:-10000}
promotions=${BENCH_PROMOTIONS:-0}
report=bench/README.md
stamp=$(date -u +%Y%m%dT%H%M%SZ)
target=${BENCH_TARGET:-app}
[[ $target == app || $target == cluster ]] || die "BENCH_TARGET is app (the default) or cluster, not $target"
marker=$([[ $target == cluster ]] && echo orders-cluster || echo orders)
results=bench/results/$stamp-$marker


command -v dotnet >/dev/null || die "the .NET 10 SDK is missing"
command -v psql >/dev/null || die "psql is missing: sudo apt-get install postgresql-client"
pg_ensure_installed
pgbench=$PG_BIN/pgbench
[[ -x $pgbench ]] || pgbench=$(command -v pgbench) || die "pgbench is missing: sudo apt-get install postgresql-contrib"

mkdir -p "$results"
work=$(mktemp -d /tmp/storefront-bench-orders.XXXXXX)
chmod 755 "$work"
data=$work/pg
app_pid=''
pg_started=''
cleanup() {
  local status=$?
  stop_bench_cluster
  if [[ $app_pid =~ ^[0-9]+$ ]] && kill -0 "$app_pid" 2>/dev/null; then kill "$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true; fi
  if [[ -n $pg_started ]]; then pg_as pg_ctl -D "$data" -m fast stop >/dev/null 2>&1 || true; fi
  if [[ ${BENCH_KEEP:-} == 1 ]]; then echo "kept $work"; else rm -rf "$work"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
say "Publishing the app (Release) and building the load generator"
dotnet publish src/Storefront.Web -c Release -o "$work/app" --nologo -v quiet >"$work/publish.log" 2>&1 || { cat "$work/publish.log"; die "publish failed"; }
build_generator "$work/generator" "$work/generator-build.log"
dotnet build bench/OrderLoad -c Release -o "$work/load" --nologo -v quiet >"$work/load.log" 2>&1 || { cat "$work/load.log"; die "load generator build failed"; }

export ASPNETCORE_ENVIRONMENT=Production
export Serilog__MinimumLevel__Default=Warning
if [[ $target == cluster ]]; then
  say "Starting the cluster (scripts/cluster.sh up: primary, replica, PgBouncer, two nodes, nginx)"
  start_bench_cluster "$work/cluster" "$work/app"
else
  say "Starting PostgreSQL"
  pg_port=$(free_port)
  pg_prepare_dir "$data"
  pg_as initdb -D "$data" -A trust -U storefront_owner -E UTF8 --locale=C.UTF-8 >/dev/null
  pg_as pg_ctl -D "$data" -w -l "$data/server.log" \
    -o "-p $pg_port -k $data -c listen_addresses=127.0.0.1 -c max_connections=200 ${BENCH_PG_OPTIONS:-}" start >/dev/null
  pg_started=1
  psql -h 127.0.0.1 -p "$pg_port" -U storefront_owner -d postgres -qc "create database storefront" >/dev/null
  export ConnectionStrings__StorefrontAdmin="Host=127.0.0.1;Port=$pg_port;Username=storefront_owner;Database=storefront"
  export ConnectionStrings__Storefront="Host=127.0.0.1;Port=$pg_port;Username=storefront_app;Password=storefront_app;Database=storefront"
fi
sql() { psql -h 127.0.0.1 -p "$pg_port" -U storefront_owner -d storefront -XqtA "$@"; }
app_conn=$ConnectionStrings__Storefront

say "Migrating, seeding the demo and generating $products products"
run_generator "$work/generator" --store demo --products "$products" --seed 20261123 >"$work/generate.log"
demo=$(sql -c "select id from stores where slug = 'demo'")
shopper=$(sql -c "select id from shoppers where tenant_id = '$demo' and email = 'shopper@demo.local'")
sql <<SQL
create table bench_skus as
  select row_number() over (order by s.id)::int as n, s.id, s.product_id, s.price, s.code, p.name, p.slug
  from skus s join products p on p.tenant_id = s.tenant_id and p.id = s.product_id
  where s.tenant_id = '$demo' and p.status = 'Listed' order by s.id limit 1000;
alter table bench_skus add primary key (n);
update skus set on_hand = 10000000, reserved = 0 where tenant_id = '$demo' and id in (select id from bench_skus);
SQL
sku_count=$(sql -c "select count(*) from bench_skus")
[[ $sku_count -eq 1000 ]] || die "only $sku_count listed SKUs: raise BENCH_PRODUCTS"
sql -c "select id from bench_skus order by n" >"$work/skus.txt"

# The same transaction, as pgbench runs it (as the owner: no RLS, no ORM, one statement for the inserts).
write_script() {
  cat <<PGB
\\set a random(1, 1000)
\\set r random(1, 999)
\\set b ((:a - 1 + :r) % 1000) + 1
BEGIN;
update skus set reserved = reserved + 1
  where tenant_id = '$demo' and id = (select id from bench_skus where n = least(:a::int, :b::int)) and on_hand - reserved >= 1;
update skus set reserved = reserved + 1
  where tenant_id = '$demo' and id = (select id from bench_skus where n = greatest(:a::int, :b::int)) and on_hand - reserved >= 1;
select nextval('order_number_seq_${demo//-/}') as last_value \\gset
with o as (
  insert into orders (tenant_id, id, number, shopper_id, status, ship_name, ship_phone, ship_province, ship_city, ship_district, ship_street,
    shipping_template_id, shipping_method, subtotal, discount, shipping_fee, total, adjustments, note, idempotency_key, placed_at, payment_due_at,
    refunded_amount, version)
  select '$demo', gen_random_uuid(), to_char((now() at time zone 'Asia/Shanghai')::date, 'YYYYMMDD') || lpad(:last_value::bigint::text, 6, '0'),
    '$shopper', 'PendingPayment', '压测', '13800138000', '上海市', '上海市', '浦东新区', '世纪大道 100 号', null, '快递',
    sum(price), 0, 0, sum(price), '[]', '', gen_random_uuid()::text, now(), now() + interval '30 minutes', 0, 0
  from bench_skus where n in (:a::int, :b::int)
  returning id),
l as (
  insert into order_lines (tenant_id, id, order_id, position, product_id, sku_id, product_name, product_slug, sku_code, spec_text, image, unit_price, quantity,
    weight_grams, subtotal, discount, paid_amount, adjustments, shipped_quantity)
  select '$demo', gen_random_uuid(), o.id, row_number() over (), s.product_id, s.id, s.name, s.slug, s.code, '', null, s.price, 1,
    0, s.price, 0, s.price, '[]', 0
  from o, bench_skus s where s.n in (:a::int, :b::int)),
e as (
  insert into order_events (tenant_id, id, order_id, at, kind, from_status, to_status, actor_kind, actor_id, reason, internal)
  select '$demo', gen_random_uuid(), o.id, now(), 'placed', null, 'PendingPayment', 'Shopper', '$shopper', '', false from o)
insert into outbox_messages (tenant_id, id, kind, "to", subject, body, created_at, next_attempt_at, attempts)
select '$demo', gen_random_uuid(), 'order.placed', 'shopper@demo.local', '订单已提交', 'bench', now(), now(), 0 from o;
END;
PGB
}
write_script >"$results/order.pgbench"

say "Giving the store an order history: $history orders through pgbench's transaction, then vacuum analyze"
# Without one the order tables are analysed empty: PostgreSQL then plans seq scans on orders (the key lookup, the foreign-key
# checks) and keeps them until autovacuum analyses the grown table, minutes into the run. The app, measured first, paid
# that alone: 161 million rows read by 34,149 seq scans of orders in one run (19:28), its key lookup 2.4 ms instead of 0.03 ms.
"$pgbench" -h 127.0.0.1 -p "$pg_port" -U storefront_owner -n -c "$buyers" -j 2 -t $((history / buyers)) -f "$results/order.pgbench" storefront \
  >"$results/history.txt" 2>&1 || { cat "$results/history.txt"; die "pgbench (order history) failed"; }
sql -c "vacuum analyze"

start_app() {
  if [[ $target == cluster ]]; then restart_bench_nodes; return; fi
  port=$(free_port)
  start_published_app "$work/app" "$work/app.log" "$port" Storefront__MigrateOnStartup=false
}
stop_app() { # sets rss: the app's peak RSS in MB (the larger node's in a cluster)
  local pid
  rss=0
  for pid in ${app_pid//,/ }; do
    rss=$(awk -v r="$rss" '/VmHWM/ { m = int($2 / 1024); print (m > r ? m : r) }' "/proc/$pid/status" 2>/dev/null || echo "$rss")
  done
  if [[ $target == cluster ]]; then
    scripts/cluster.sh node-stop A TERM; scripts/cluster.sh node-stop B TERM
  else
    kill "$app_pid"; wait "$app_pid" 2>/dev/null || true
  fi
  app_pid=''
}
load() { # $1 output JSON, then extra OrderLoad options
  local out=$1; shift
  if [[ $target == cluster ]]; then set -- "$@" --proxy-pid "$(bench_proxy_pids)"; fi
  dotnet "$work/load/OrderLoad.dll" --url "http://127.0.0.1:$port" --host demo.localhost --db "$app_conn" --tenant "$demo" \
    --skus "$work/skus.txt" --buyers "$buyers" --duration "$duration" --warmup "$warmup" --app-pid "$app_pid" "$@" | tee "$out"
}
# CPU time in ms (utime + stime) of the whole PostgreSQL cluster: the postmaster, its live children, and the children
# that have exited (cutime + cstime of the postmaster: pgbench's backends end with the run).
pg_cpu_ms() {
  local postmaster pid total
  postmaster=$(head -1 "$data/postmaster.pid")
  total=$(awk '{ sub(/^.*\) /, ""); print $12 + $13 + $14 + $15 }' "/proc/$postmaster/stat")
  for pid in $(ps -o pid= --ppid "$postmaster"); do
    total=$((total + $(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$pid/stat" 2>/dev/null || echo 0)))
  done
  echo $((total * 10))
}
seed_promotions() { # $1 how many (0: only switch off the demo seed's live 满减)
  dotnet "$work/load/OrderLoad.dll" seed-promotions --url "http://127.0.0.1:$port" --host demo.localhost --db "$app_conn" --tenant "$demo" \
    --skus "$work/skus.txt" --count "$1" --coupons-out "$work/coupons.txt" | tee -a "$results/promotions.json"
}

say "Starting the published app"
start_app
if [[ $promotions -gt 0 ]]; then
  say "Switching off the demo seed's live order promotion (the run without promotions prices with none)"
  seed_promotions 0
fi
say "App: $buyers buyers placing orders for ${duration}s (after ${warmup}s warm-up)"
load "$results/app.json"
stop_app; app_rss=$rss
if [[ $promotions -gt 0 ]]; then
  # A fresh app process, so that both runs start equally cold (JIT tiering, caches).
  say "Again with $promotions live promotions (app restarted; buyers claim the 3 coupons first)"
  start_app
  seed_promotions "$promotions"
  load "$results/app-promotions.json" --coupons "$work/coupons.txt"
  stop_app; app_rss_promotions=$rss
fi
orders_in_db=$(sql -c "select count(*) from orders where tenant_id = '$demo'")
reserved=$(sql -c "select sum(reserved) from skus where tenant_id = '$demo' and id in (select id from bench_skus)")
lines_in_db=$(sql -c "select coalesce(sum(quantity), 0) from order_lines where tenant_id = '$demo'")
# Orders that got a discount (none without promotions), and of them how many used a coupon or a flash price.
discounted=$(sql -c "select count(*) filter (where discount > 0) || ' with a discount, '
  || count(*) filter (where adjustments::text like '%\"coupon\"%') || ' with a coupon, '
  || (select count(*) from order_lines l where l.tenant_id = '$demo' and l.adjustments::text like '%\"flash\"%') || ' flash-priced lines'
  from orders where tenant_id = '$demo'") || discounted='(count failed)'


run_pgbench() { # $1 script, $2 output, $3 query mode (simple: pgbench's default; prepared); writes the cluster's CPU time over the run to $2.cpu-ms
  local cpu0
  # Warmed up like the app (10 s, not counted): sessions, plans and caches hot, autovacuum past the app run's garbage.
  "$pgbench" -h 127.0.0.1 -p "$pg_port" -U storefront_owner -n -M "$3" -c "$buyers" -j 2 -T 10 -f "$1" storefront >"$2.warmup" 2>&1 \
    || { cat "$2.warmup"; die "pgbench failed"; }
  cpu0=$(pg_cpu_ms)
  "$pgbench" -h 127.0.0.1 -p "$pg_port" -U storefront_owner -n -M "$3" -c "$buyers" -j 2 -T "$duration" -f "$1" storefront >"$2" 2>&1 \
    || { cat "$2"; die "pgbench failed"; }
  echo $(($(pg_cpu_ms) - cpu0)) >"$2.cpu-ms"
  cat "$2"
}
cp "$results"/*.pgbench "$work/"
say "pgbench: the same transaction, $buyers clients, ${duration}s"
run_pgbench "$work/order.pgbench" "$results/pgbench.txt" simple
say "pgbench again with prepared statements (-M prepared: parsed and planned once per client, as the app's are), ${duration}s"
run_pgbench "$work/order.pgbench" "$results/pgbench-prepared.txt" prepared

tps() { sed -n 's/^tps = \([0-9.]*\) .*/\1/p' "$1" | head -1; }
lat() { sed -n 's/^latency average = \([0-9.]*\) ms.*/\1/p' "$1" | head -1; }
json() { sed -n "s/.*\"$1\":\([^,}]*\).*/\1/p" "${2:-$results/app.json}"; }
app_ops=$(json ordersPerSecond); p50=$(json p50Ms); p90=$(json p90Ms); p99=$(json p99Ms); max=$(json maxMs); placed=$(json orders)
failures=$(sed -n 's/.*"failures":\({[^}]*}\).*/\1/p' "$results/app.json")
pg_tps=$(tps "$results/pgbench.txt"); pg_lat=$(lat "$results/pgbench.txt")
pgbench_ms() { # $1 pgbench output: the cluster's CPU ms per transaction
  local n
  n=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$1")
  awk -v ms="$(cat "$1.cpu-ms")" -v n="$n" 'BEGIN { printf "%.2f", (n > 0 ? ms / n : 0) }'
}
cpu_text() { # $1 app JSON: the CPU per order OrderLoad measured over the window
  local app pg gen self proxies
  app=$(json appMsPerOrder "$1"); pg=$(json postgresMsPerOrder "$1"); gen=$(json generatorPostgresMsPerOrder "$1"); self=$(json generatorMsPerOrder "$1")
  proxies=$(json proxiesMsPerOrder "$1")
  if [[ $target == cluster ]]; then
    echo "both app nodes ${app:-?} ms, nginx and PgBouncer ${proxies:-?} ms, PostgreSQL backends serving the app ${pg:-?} ms" \
      "(the generator's cart writes: ${gen:-?} ms more; the generator process itself: ${self:-?} ms)"
  else
    echo "app process ${app:-?} ms, PostgreSQL backends serving the app ${pg:-?} ms" \
      "(the generator's cart writes: ${gen:-?} ms more; the generator process itself: ${self:-?} ms)"
  fi
}
share=$(awk -v a="$app_ops" -v b="$pg_tps" 'BEGIN { printf "%.0f", 100 * a / b }')
pp_tps=$(tps "$results/pgbench-prepared.txt"); pp_lat=$(lat "$results/pgbench-prepared.txt")
pp_share=$(awk -v a="$app_ops" -v b="$pp_tps" 'BEGIN { printf "%.0f", 100 * a / b }')
simple_of_prepared=$(awk -v a="$pg_tps" -v b="$pp_tps" 'BEGIN { printf "%.0f", 100 * a / b }')
promo_rows=''
drop=''
promo_text=''
if [[ $promotions -gt 0 ]]; then
  pj=$results/app-promotions.json
  p_ops=$(json ordersPerSecond "$pj"); p_p50=$(json p50Ms "$pj"); p_p90=$(json p90Ms "$pj"); p_p99=$(json p99Ms "$pj")
  p_max=$(json maxMs "$pj"); p_placed=$(json orders "$pj")
  p_failures=$(sed -n 's/.*"failures":\({[^}]*}\).*/\1/p' "$pj")
  p_share=$(awk -v a="$p_ops" -v b="$pg_tps" 'BEGIN { printf "%.0f", 100 * a / b }')
  p_pp_share=$(awk -v a="$p_ops" -v b="$pp_tps" 'BEGIN { printf "%.0f", 100 * a / b }')
  drop=$(awk -v a="$app_ops" -v b="$p_ops" 'BEGIN { printf "%.1f", 100 * (a - b) / a }')
  verdict=$(awk -v d="$drop" 'BEGIN { print (d <= 20 ? "met" : "missed") }')
  # A Markdown table row and paragraph are one line each: built in pieces to keep the script's lines short.
  promo_rows="| app, same, with $promotions live promotions (3 限时折扣, 1 秒杀 item, 3 满减/满折, 3 coupons held, best coupon chosen) "
  promo_rows+="| **$p_ops** | p50 $p_p50 ms, p90 $p_p90 ms, **p99 $p_p99 ms**, max $p_max ms | **${p_share}%** | **${p_pp_share}%** |"
  promo_text="
With $promotions live promotions (app restarted before, promotions created through the admin API, see \`bench/OrderLoad/Promotions.cs\`): "
  promo_text+="$p_placed orders placed in the measured window, answers other than 201: \`$p_failures\`; CPU per order: $(cpu_text "$pj"); "
  promo_text+="app peak RSS ${app_rss_promotions} MB. Throughput **drop: ${drop} %** (target: at most 20 %: **$verdict**). "
  promo_text+="The first app row is the same store with no live promotion (the demo seed's 满减 switched off)."
fi
cpu=$(nproc); mem=$(awk '/MemTotal/ { printf "%.1f", $2 / 1048576 }' /proc/meminfo)

# The report's long lines (a paragraph, a table row: one line each in Markdown), built in pieces.
run_text="Run $stamp on $cpu cores, ${mem} GB (load average before the run: $load_before); "
run_text+="PostgreSQL $(pg_as postgres --version | awk '{print $3}') (default settings, max_connections $(sql -c 'show max_connections')), "
run_text+="app published in Release (Production, logs at Warning), load generator and pgbench on the same machine. "
if [[ $target == cluster ]]; then
  run_text+="**Target: the cluster of scripts/cluster.sh** (a primary and a streaming replica, PgBouncer 1.18 in transaction mode "
  run_text+="with auto-prepare off, two app nodes, nginx in front): the buyers' requests go through nginx, pgbench to the primary. "
fi
run_text+="$buyers concurrent buyers, 1,000 SKUs, two random SKUs (one unit each) per order, ${duration} s measured after ${warmup} s warm-up; "
run_text+="the store had an order history of $history orders (placed by pgbench's transaction before the app started)."
app_what=$([[ $target == cluster ]] && echo "nginx → two nodes → PgBouncer" || echo "real HTTP")
app_row="| app: \`POST /api/v1/orders\` ($buyers buyers, $app_what, cookie auth, validation, pricing, EF Core) | **$app_ops** "
app_row+="| p50 $p50 ms, p90 $p90 ms, **p99 $p99 ms**, max $max ms | **${share}%** | **${pp_share}%** |"
pg_row="| pgbench, same transaction ($buyers clients; its default simple query mode: each statement parsed and planned every time) "
pg_row+="| $pg_tps | average $pg_lat ms | 100% | ${simple_of_prepared}% |"
stock_text="$lines_in_db units on their lines, $reserved units reserved on the 1,000 SKUs (reserved = units ordered: nothing lost or counted twice); "
stock_text+="of all the store's orders (both app runs), $discounted."
cpu_line="CPU time per order placed in the measured window (utime + stime from /proc): $(cpu_text "$results/app.json"); "
cpu_line+="per pgbench transaction, the whole PostgreSQL cluster: $(pgbench_ms "$results/pgbench.txt") ms "
cpu_line+="(\`-M prepared\`: $(pgbench_ms "$results/pgbench-prepared.txt") ms)."
rss_line="App peak RSS$([[ $target == cluster ]] && echo ", the larger node"): ${app_rss} MB. Load average after the run: $(cut -d' ' -f1-3 /proc/loadavg). "
rss_line+="Raw outputs: \`$results/\` (not committed).$promo_text"

section=$(cat <<MD
<!-- $marker:start -->
$run_text

| what | orders/s | latency | share of pgbench | share of pgbench -M prepared |
|---|---:|---|---:|---:|
$app_row
${promo_rows:+$promo_rows
}$pg_row
| pgbench, same transaction, \`-M prepared\` (each client prepares its statements once, as the app's connections do) | $pp_tps | average $pp_lat ms | | 100% |

Orders placed in the measured window: $placed; answers other than 201: \`$failures\`. After the run: $orders_in_db orders in the store,
$stock_text
$cpu_line
$rss_line
<!-- $marker:end -->
MD
)
if grep -q "<!-- $marker:start -->" "$report"; then
  python3 - "$report" "$section" "$marker" <<'PY'
import re, sys
path, section, marker = sys.argv[1], sys.argv[2], sys.argv[3]
text = open(path, encoding="utf-8").read()
text = re.sub(rf"<!-- {marker}:start -->.*?<!-- {marker}:end -->", lambda _: section, text, flags=re.S)
open(path, "w", encoding="utf-8").write(text)
PY
else
  printf '\n%s\n' "$section" >>"$report"
fi
done_text="app $app_ops orders/s (p99 $p99 ms) = ${share}% of pgbench $pg_tps tps, ${pp_share}% of pgbench -M prepared $pp_tps tps"
say "Done: $done_text${drop:+; with $promotions promotions $p_ops orders/s (drop $drop %)}; report in $report"
