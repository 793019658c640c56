#!/usr/bin/env bash
# The figures at scale (issue 18, item 9): publishes the app, starts a private PostgreSQL cluster, and gives store demo
# BENCH_SHOPPERS shoppers, BENCH_ORDERS paid orders over BENCH_DAYS days (inserted by SQL with the rollup triggers on, as the
# app's payments fire them) and BENCH_EVENTS tracked visit events with their visitors' day rows (the shape VisitWriter writes),
# then reports:
#   1. the history's load with the triggers keeping the rollups (orders/s) and the rollups' rebuild from scratch
#      (insight_rebuild: the catch-up after a bug fix or a load with the triggers off);
#   2. a day's orders (BENCH_ORDERS / BENCH_DAYS) inserted with and without the rollup triggers: what keeping the
#      rollups up to date costs per day of trade;
#   3. the admin APIs the dashboard, the funnel and the customer analysis call, signed in as the owner, under
#      `wrk -c BENCH_CONNECTIONS` for 30 and 365 days: p50 / p99 (target: dashboard p99 < 100 ms);
#   4. the events ingest rate: anonymous phones open product pages under wrk (each request a new visitor, so every
#      request is an event and a visitor day row); events stored per second, and what the queue dropped.
# Writes the table into bench/README.md between the insight markers. Settings (environment): BENCH_ORDERS (1000000),
# BENCH_EVENTS (10000000), BENCH_SHOPPERS (200000), BENCH_DAYS (365), BENCH_DURATION (20s), BENCH_CONNECTIONS (8), BENCH_KEEP=1.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/pg.sh
source scripts/bench.sh

orders=${BENCH_ORDERS:-1000000}
events=${BENCH_EVENTS:-10000000}
shoppers=${BENCH_SHOPPERS:-200000}
days=${BENCH_DAYS:-365}
duration=${BENCH_DURATION:-20s}
connections=${BENCH_CONNECTIONS:-8}
report=bench/README.md

command -v dotnet >/dev/null || die "the .NET 10 SDK is missing"
command -v psql >/dev/null || die "psql is missing: sudo apt-get install postgresql-client"
command -v wrk >/dev/null || die "wrk is missing: sudo apt-get install wrk"
pg_ensure_installed

work=$(mktemp -d /tmp/storefront-bench-insight.XXXXXX)
chmod 755 "$work"
data=$work/pg
app_pid=''
pg_started=''
cleanup() {
  local status=$?
  stop_bench_processes "$data"
  if [[ ${BENCH_KEEP:-} == 1 ]]; then echo "kept $work"; else rm -rf "$work"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# seconds since $1 (date +%s.%N), one decimal
since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }
per_second() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }'; }
# wrk latency ("812.00us", "3.21ms", "1.02s") in milliseconds
to_ms() {
  awk -v v="$1" 'BEGIN { n = v + 0; u = v; sub(/^[0-9.]+/, "", u); if (u == "us") n /= 1000; else if (u == "s") n *= 1000; printf "%.1f", n }'
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
say "Publishing the app and the generator (Release)"
dotnet publish src/Storefront.Web -c Release -o "$work/app" --nologo -v quiet >"$work/publish.log" 2>&1 || { cat "$work/publish.log"; die "publish failed"; }
build_generator "$work/generator" "$work/generator-build.log"

say "Starting PostgreSQL, migrating and seeding store demo"
start_bench_postgres "$data"
sql() { psql -h 127.0.0.1 -p "$pg_port" -U storefront_owner -d storefront -XqtA -v ON_ERROR_STOP=1 "$@"; }
run_generator "$work/generator" --store demo --products 200 --seed 20261206 >"$work/generate.log"
demo=$(sql -c "select id from stores where slug = 'demo'")
product_slug=$(sql -c "select slug from products where tenant_id = '$demo' and status = 'Listed' order by slug limit 1")

say "History: $shoppers shoppers, $orders paid orders over $days days (rollup triggers on)"
sql -c "insert into shoppers (tenant_id, id, email, normalized_email, display_name, lockout_enabled, access_failed_count, created_at)
  select '$demo', gen_random_uuid(), 'bench' || g || '@example.com', 'BENCH' || g || '@EXAMPLE.COM', '压测' || g, true, 0,
         now() - make_interval(days => $days) + make_interval(secs => g::double precision * $days * 86400 / $shoppers)
  from generate_series(1, $shoppers) g"
# The history ends at the end of the store's today (Shanghai), so that "today" holds a full day's rows whenever it runs.
until=$(sql -c "select ((now() at time zone 'Asia/Shanghai')::date + 1)::timestamp at time zone 'Asia/Shanghai' - interval '1 second'")
sql -c "create table bench_buyers as select row_number() over (order by id)::int as n, id from shoppers where tenant_id = '$demo' and email like 'bench%';
  alter table bench_buyers add primary key (n)"
# insert_orders FIRST COUNT SPREAD_DAYS [END]: paid orders numbered FIRST.., paid over the SPREAD_DAYS days up to END (default:
# the end of today; the newest first), each by a buyer drawn so that a few buyers order often (repeat buyers) and most once or twice.
insert_orders() {
  sql -c "insert into orders (tenant_id, id, number, shopper_id, status, ship_name, ship_phone, ship_province, ship_city, ship_district,
      ship_street, shipping_template_id, shipping_method, subtotal, discount, shipping_fee, total, adjustments, note, idempotency_key,
      placed_at, payment_due_at, paid_at, refunded_amount, version)
    select '$demo', gen_random_uuid(), 'B' || lpad(g::text, 10, '0'), b.id, 'Completed', '压测', '13800138000', '上海市', '上海市',
      '浦东新区', '世纪大道 100 号', null, '快递', t.total, 0, 0, t.total, '[]', '', 'bench-' || g, p.at - interval '5 minutes',
      p.at + interval '25 minutes', p.at, 0, 0
    from generate_series($1::bigint, $1 + $2 - 1) g
    cross join lateral (select '${4:-$until}'::timestamptz - make_interval(secs => (g - $1)::double precision * $3 * 86400 / $2) as at) p
    cross join lateral (select round((19.9 + (g * 7919 % 48000) / 100.0)::numeric, 2) as total) t
    join bench_buyers b on b.n = 1 + floor(power((g * 104729 % 1000003) / 1000003.0, 2) * $shoppers)::int"
}
started=$(date +%s.%N)
insert_orders 1 "$orders" "$days"
history_seconds=$(since "$started")
sql -c "vacuum analyze"

say "Rebuilding the rollups from the orders (insight_rebuild)"
started=$(date +%s.%N)
sql -c "select insight_rebuild('$demo')" >/dev/null
rebuild_seconds=$(since "$started")

day_orders=$((orders / days))
say "A day's trade: $day_orders orders with the rollup triggers, then without"
# On the day before the history, so that today and the measured periods hold one day's trade each.
before_history=$(sql -c "select '$until'::timestamptz - make_interval(days => $days)")
started=$(date +%s.%N)
insert_orders $((orders + 1)) "$day_orders" 1 "$before_history"
day_with=$(since "$started")
sql -c "alter table orders disable trigger insight_orders"
started=$(date +%s.%N)
insert_orders $((orders + day_orders + 1)) "$day_orders" 1 "$before_history"
day_without=$(since "$started")
sql -c "alter table orders enable trigger insight_orders"
sql -c "select insight_rebuild('$demo')" >/dev/null   # counts the day loaded without the triggers

say "Visits: $events events with their visitors' day rows over $days days"
# About three events per visitor and day: a page view, a product view and, for one in four, an add to cart. Three rows in four
# are one-time visitors; the fourth comes from a pool of regulars, each back about once a week.
visitor_days=$((events / 3))
regulars=$((visitor_days / 208 > 0 ? visitor_days / 208 : 1))
# The visitor day triggers (a visitor's previous / next day and steps' days, per row; the source counts) are off for the bulk
# insert: the neighbours are filled in window passes and the counts recounted after them, as migrations 0052-0054 did.
visit_triggers="visit_visitor_days_previous visit_visitor_days_neighbours visit_visitor_days_later_steps visit_source_days_inserted visit_source_days_updated"
for t in $visit_triggers; do sql -c "alter table visit_visitor_days disable trigger $t"; done
started=$(date +%s.%N)
sql -c "insert into visit_visitor_days (tenant_id, day, visitor_id, source, medium, first_at, page_views, product_views, add_to_carts, checkouts,
      orders, paid_orders)
    select '$demo', (v.at at time zone 'Asia/Shanghai')::date,
      case when g % 4 = 0 then md5('regular' || (g / 4) % $regulars)::uuid else gen_random_uuid() end,
      (array['(direct)', 'weixin', 'baidu', 'douyin'])[1 + g % 4], (array['(none)', 'social', 'organic', 'social'])[1 + g % 4],
      v.at, 2, 1, (g % 4 = 0)::int, (g % 20 = 0)::int, (g % 40 = 0)::int, (g % 50 = 0)::int
    from generate_series(1, $visitor_days) g
    cross join lateral (select '$until'::timestamptz - make_interval(secs => g::double precision * $days * 86400 / $visitor_days) as at) v"
sql -c "update visit_visitor_days v set previous_day = x.p1, next_day = x.n1
    from (select day, visitor_id, lag(day) over w as p1, lead(day) over w as n1
          from visit_visitor_days where tenant_id = '$demo' window w as (partition by visitor_id order by day)) x
    where v.tenant_id = '$demo' and v.day = x.day and v.visitor_id = x.visitor_id and (x.p1 is not null or x.n1 is not null)"
sql -c "select visit_previous_steps_fill('$demo')" >/dev/null   # each row's steps' previous days (migration 0054)
for t in $visit_triggers; do sql -c "alter table visit_visitor_days enable trigger $t"; done
sql -c "select visit_source_days_rebuild('$demo')" >/dev/null
sql -c "insert into visit_events (tenant_id, at, day, visitor_id, kind, page_kind, product_slug, source, medium, referrer_host)
    select d.tenant_id, d.first_at + make_interval(secs => k), d.day, d.visitor_id,
      case k when 0 then 'PageView' else 'ProductView' end, case k when 0 then 'Home' else 'Product' end,
      case k when 0 then null else '$product_slug' end, d.source, d.medium, null
    from visit_visitor_days d cross join generate_series(0, 2) k where d.tenant_id = '$demo'"
events_stored=$(sql -c "select count(*) from visit_events where tenant_id = '$demo'")
events_seconds=$(since "$started")
sql -c "vacuum analyze"

say "Starting the app"
port=$(free_port)
# The tracked events are kept for the whole history (by default 180 days: the retention job would delete half of them meanwhile).
start_published_app "$work/app" "$work/app.log" "$port" Storefront__MigrateOnStartup=false ASPNETCORE_ENVIRONMENT=Production \
  Serilog__MinimumLevel__Default=Warning Storefront__Retention__VisitEventDays=$((days + 35))
host="demo.localhost:$port"
code=$(curl -s -c "$work/owner.cookies" -o /dev/null -w '%{http_code}' -H "Host: $host" -H 'Content-Type: application/json' \
  -d '{"email":"owner@demo.local","password":"storefront-demo"}' "http://127.0.0.1:$port/api/v1/admin/login" || echo 000)
[[ $code == 200 ]] || die "the owner could not sign in (HTTP $code)"
cookie=$(awk 'NF >= 7 && $6 ~ /^\.storefront/ { printf "%s%s=%s", sep, $6, $7; sep = "; " }' "$work/owner.cookies")

today=$(sql -c "select (now() at time zone 'Asia/Shanghai')::date")
year_from=$(sql -c "select (now() at time zone 'Asia/Shanghai')::date - 364")
declare -a names=(dashboard-30 dashboard-365 funnel-30 funnel-365 customers-365)
declare -A paths=(
  [dashboard-30]="/api/v1/admin/dashboard?period=Last30Days"
  [dashboard-365]="/api/v1/admin/dashboard?period=Custom&from=$year_from&to=$today"
  [funnel-30]="/api/v1/admin/funnel?period=Last30Days"
  [funnel-365]="/api/v1/admin/funnel?period=Custom&from=$year_from&to=$today"
  [customers-365]="/api/v1/admin/insight/customers?days=365"
)
rows=''
for name in "${names[@]}"; do
  url="http://127.0.0.1:$port${paths[$name]}"
  code=$(curl -s -o "$work/$name.json" -w '%{http_code}' -H "Host: $host" -H "Cookie: $cookie" "$url" || echo 000)
  if [[ $code != 200 ]]; then rows+="| $name | \`${paths[$name]}\` | HTTP $code | | | | |"$'\n'; continue; fi
  # 15 s of warm-up (after 5 s the first row measured still had 1.5 times the p99 of a second run); wrk's own timeout is 2 s: a slower answer
  # would be left out of the latencies, so it waits 60 s and counts timeouts apart.
  wrk -t2 -c"$connections" -d15s --timeout 60s -H "Host: $host" -H "Cookie: $cookie" "$url" >/dev/null
  wrk -t2 -c"$connections" -d"$duration" --timeout 60s --latency -H "Host: $host" -H "Cookie: $cookie" "$url" >"$work/wrk-$name.txt"
  rps=$(awk '/^Requests\/sec/ { printf "%.1f", $2 }' "$work/wrk-$name.txt")
  p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$work/wrk-$name.txt")")
  p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$work/wrk-$name.txt")")
  timeouts=$(awk '/Socket errors/ { sub(/.*timeout /, ""); print $1 + 0 }' "$work/wrk-$name.txt")
  timeouts=${timeouts:-0}
  target='–'
  [[ $name == dashboard-* ]] && target=$(awk -v p="$p99" -v t="$timeouts" 'BEGIN { print (p < 100 && t == 0 ? "yes" : "**no**") }')
  rows+="| $name | \`${paths[$name]}\` | $rps | $p50 ms | $p99 ms | $timeouts | $target |"$'\n'
done

say "Events ingest: anonymous phones open a product page, wrk -c32 for $duration"
before=$(sql -c "select count(*) from visit_events where tenant_id = '$demo'")
page="http://127.0.0.1:$port/p/$product_slug"
ua='Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148'
wrk -t2 -c32 -d"$duration" -H "Host: $host" -H "User-Agent: $ua" "$page" >"$work/wrk-ingest.txt"
requests=$(awk '/requests in/ { print $1 }' "$work/wrk-ingest.txt")
seconds=$(awk '/requests in/ { v = $4; sub(/s,$/, "", v); print v }' "$work/wrk-ingest.txt")
stored=$before
for _ in $(seq 60); do   # the writer drains the queue in batches: wait until the count stops growing
  sleep 1
  now=$(sql -c "select count(*) from visit_events where tenant_id = '$demo'")
  [[ $now == "$stored" ]] && break
  stored=$now
done
ingested=$((stored - before))
ingest_rate=$(per_second "$ingested" "$seconds")
rss=$(awk '/^VmHWM:/ { printf "%.0f", $2 / 1024 }' "/proc/$app_pid/status")
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

results=$(cat <<EOF
<!-- insight:start (written by bench/insight.sh) -->
Run $(date -u +%Y%m%dT%H%M%SZ) on $(nproc) cores, commit $(git rev-parse --short HEAD), load average before / after: $load_before / $load_after.
Store demo: $shoppers shoppers, $orders paid orders over $days days, $events_stored visit events ($visitor_days visitor days);
PostgreSQL $(sql -c "show server_version" | cut -d' ' -f1), default settings; app published in Release (peak RSS $rss MB).

| step | figure |
|---|---|
| history: $orders orders inserted with the rollup triggers on | $history_seconds s ($(per_second "$orders" "$history_seconds") orders/s) |
| rollups rebuilt from all orders (\`insight_rebuild\`) | $rebuild_seconds s |
| a day's trade ($day_orders orders) with / without the rollup triggers | $day_with s / $day_without s |
| $events_stored events and $visitor_days visitor days inserted by SQL | $events_seconds s |
| events ingest through the app (product page, wrk -c32, $duration) | $ingest_rate events/s ($ingested stored of $requests requests) |

| admin API ($connections connections, $duration) | path | req/s | p50 | p99 | timeouts (60 s) | p99 < 100 ms |
|---|---|---:|---:|---:|---:|---|
$rows<!-- insight:end -->
EOF
)
if grep -q '<!-- insight:start' "$report"; then
  { sed '/<!-- insight:start/,$d' "$report"; printf '%s\n' "$results"; sed '1,/<!-- insight:end -->/d' "$report"; } >"$work/README.md"
else
  { cat "$report"; printf '\n## Insight at scale (bench/insight.sh)\n\n%s\n' "$results"; } >"$work/README.md"
fi
cp "$work/README.md" "$report"
out=bench/results/$(date -u +%Y%m%dT%H%M%SZ)-insight
mkdir -p "$out"
cp "$work"/wrk-*.txt "$work"/*.json "$work/app.log" "$out/" 2>/dev/null || true
printf '%s\n' "$results"
