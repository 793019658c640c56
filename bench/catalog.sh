#!/usr/bin/env bash
# Catalog benchmark: publishes the app in Release, starts a private PostgreSQL cluster, generates 100,000 products in
# store demo, starts the published app (Production, logging at Warning) and measures with wrk, at 32 connections:
#   - a ceiling: GET /bench/static?bytes=N, a fixed HTML string as large as the listing page, through the same app
#   - the category listing page /c/{slug}, a keyword search with two facets, a product page /p/{slug}, the home page /
#   - the category, search and product pages for a signed-in shopper (shopper@demo.local, signed in through the API,
#     made a 黄金 member so the pages show a member price): served from the cache's copy for that tier (decision 0028)
#   - the same pages not cached, and the search API (no output cache; the search index keeps keyword matches unless
#     turned off): the one search above, then 250 different keywords with two facets each in turn (bench/rotate.lua),
#     then both again on an app restarted with the search index's keyword cache off
#     (Storefront:SearchKeywordCacheMatches=0), so every search matches its keyword in memory anew (docs/decisions/0023)
# then writes requests/s, p50/p99 latency, the pages' share of the ceiling, the app's peak RSS and the generator's time
# into bench/README.md (between the results markers). Raw outputs go to bench/results/<time>/ (not committed).
# Everything listens on 127.0.0.1 only; the app and the cluster are stopped at the end.
#
# Also: the first search and category listing after a one-product price change (BENCH_CHANGES of them, an UPDATE and
# the NOTIFY the app sends), the first search after a store-wide change (the search index loaded whole), and the search
# API under wrk while a product's price changes every second.
# Settings (environment): BENCH_PRODUCTS (100000), BENCH_DURATION (20s), BENCH_WARMUP (5s), BENCH_CONNECTIONS (32),
# BENCH_THREADS (2), BENCH_SEED (20261123), BENCH_CHANGES (20), BENCH_ATTR_SEP (":" unless the search page's facet links show another
# separator between attribute name and value), BENCH_KEEP=1 keeps the temporary folder.
# BENCH_TARGET=cluster: the app as scripts/cluster.sh runs it (primary and streaming replica, PgBouncer in transaction mode,
# two nodes reading the catalogue from the replica, nginx in front; wrk goes through nginx, the ceiling too); its own
# section of the report (cluster-results), with the CPU of both nodes, of nginx and PgBouncer, and of the primary.
# Exit code: 0 when every page answered 200 and was measured, 3 when some page did not (the report says which).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/pg.sh
source scripts/bench.sh

products=${BENCH_PRODUCTS:-100000}
duration=${BENCH_DURATION:-20s}
warmup=${BENCH_WARMUP:-5s}
connections=${BENCH_CONNECTIONS:-32}
threads=${BENCH_THREADS:-2}
seed=${BENCH_SEED:-20261123}
report=bench/README.md
target=${BENCH_TARGET:-app}
[[ $target == app || $target == cluster ]] || die "BENCH_TARGET is app (the default) or cluster, not $target"
marker=$([[ $target == cluster ]] && echo cluster-results || echo results)


command -v dotnet >/dev/null || die "the .NET 10 SDK is missing: see https://dot.net (dotnet on PATH)."
command -v curl >/dev/null || die "curl is missing: sudo apt-get install curl"
command -v psql >/dev/null || die "psql is missing: sudo apt-get install postgresql-client"
if ! command -v wrk >/dev/null; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "wrk not found: installing it with apt-get..."
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
  fi
  command -v wrk >/dev/null || die "wrk is missing: install it with 'sudo apt-get install wrk'."
fi
pg_ensure_installed

urlencode() {
  local LC_ALL=C s=$1 out='' c i
  for ((i = 0; i < ${#s}; i++)); do
    c=${s:i:1}
    case $c in
      [a-zA-Z0-9.~_-]) out+=$c ;;
      *) printf -v c '%02X' "'$c"; out+="%${c: -2}" ;;
    esac
  done
  printf '%s' "$out"
}

# wrk latency ("812.00us", "3.21ms", "1.02s", "1.5m") in milliseconds.
to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
    printf "%.2f", n }'
}

work=$(mktemp -d /tmp/storefront-bench.XXXXXX)
chmod 755 "$work"   # the postgres user (when we are root) must reach the cluster folder inside
data=$work/pg
app_pid=''
pg_started=''
cleanup() {
  local status=$?
  if [[ -n ${changer_pid:-} ]]; then kill "$changer_pid" 2>/dev/null || true; fi
  stop_bench_cluster
  [[ $app_pid =~ ^[0-9]*$ ]] || app_pid=''
  stop_bench_processes "$data"
  if [[ ${BENCH_KEEP:-} == 1 ]]; then echo "kept $work"; else rm -rf "$work"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "Publishing the app and the data generator (Release) to $work/app, $work/generator"
dotnet publish src/Storefront.Web -c Release -o "$work/app" --nologo -v quiet >"$work/publish.log" 2>&1 \
  || { cat "$work/publish.log"; die "publish failed"; }
build_generator "$work/generator" "$work/generator-build.log"

if [[ $target == cluster ]]; then
  say "Starting the cluster (scripts/cluster.sh up: primary, replica, PgBouncer, two nodes, nginx)"
  start_bench_cluster "$work/cluster" "$work/app"
else
  say "Starting PostgreSQL"
  start_bench_postgres "$data"
fi
sql() { psql -h 127.0.0.1 -p "$pg_port" -U storefront_owner -d storefront -XqtA "$@"; }

export ASPNETCORE_ENVIRONMENT=Production
export Serilog__MinimumLevel__Default=Warning

say "Migrating, seeding the demo and generating $products products in store demo"
started=$(date +%s.%N)
run_generator "$work/generator" --store demo --products "$products" --seed "$seed" | tee "$work/generate.log"
wall=$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
gen_seconds=$(sed -n 's/^Took \([0-9.]*\) s.*/\1/p' "$work/generate.log")
gen_skus=$(sed -n 's/^ *\([0-9]*\) SKUs.*/\1/p' "$work/generate.log")
[[ -n $gen_seconds ]] || die "the generator did not report its time (see above)"
echo "generator: $gen_seconds s; whole command (start-up, migrations, demo seed, generator): $wall s"

# start_app [ENV=VALUE...]: starts the published app on $port (extra settings as environment), waits until it is ready.
start_app() {
  if [[ $target == cluster ]]; then restart_bench_nodes "$@"; return; fi
  start_published_app "$work/app" "$work/app.log" "$port" Storefront__MigrateOnStartup=false Storefront__BenchmarkEndpoints=true "$@"
}
# peak_rss: the app's peak RSS (VmHWM) in MB, the larger node's in a cluster.
peak_rss() {
  local pid mb=0
  for pid in ${app_pid//,/ }; do
    mb=$(awk -v r="$mb" '/^VmHWM:/ { m = int($2 / 1024 + 0.5); print (m > r ? m : r) }' "/proc/$pid/status")
  done
  echo "$mb"
}

say "Starting the published app"
[[ $target == cluster ]] || port=$(free_port)
host="demo.localhost:$port"
start_app

say "Choosing the pages from the data"
demo=$(sql -c "select id from stores where slug = 'demo'")
IFS='|' read -r category_id category_slug category_name < <(sql -c "
  select c.id, c.slug, c.name from categories c
  join products p on p.tenant_id = c.tenant_id and p.category_id = c.id and p.status = 'Listed'
  where c.tenant_id = '$demo' and c.level = 3 group by c.id, c.slug, c.name order by count(*) desc, c.slug limit 1")
brand=$(sql -v q="$category_name" -v t="$demo" <<'SQL'
select brand from products where tenant_id = :'t' and status = 'Listed' and search_text like '%' || lower(:'q') || '%'
group by brand order by count(*) desc, brand limit 1;
SQL
)
attr=$(sql -v q="$category_name" -v b="$brand" -v t="$demo" <<'SQL'
select a->>'name' || ':' || (a->>'value') from products p, jsonb_array_elements(p.attributes) a
where p.tenant_id = :'t' and p.status = 'Listed' and p.search_text like '%' || lower(:'q') || '%' and p.brand = :'b' and a->>'name' <> '产地'
group by 1 order by count(*) desc, 1 limit 1;
SQL
)
product_slug=$(sql -c "select slug from products where tenant_id = '$demo' and status = 'Listed' and category_id = '$category_id'
  order by jsonb_array_length(specs) desc, sales_count desc, slug limit 1")
[[ -n $category_slug && -n $brand && -n $attr && -n $product_slug ]] || die "could not pick pages from the data"

# The attribute facet is "attr=<name><sep><value>": take the separator from the search page's own facet links when it
# has them, else BENCH_ATTR_SEP (default ":").
attr_name=${attr%%:*}
attr_value=${attr#*:}
attr_sep=${BENCH_ATTR_SEP:-:}
attr_sep_source="BENCH_ATTR_SEP"
if [[ -z ${BENCH_ATTR_SEP:-} ]]; then
  attr_sep_source="the default (no facet link for it on the search page)"
  curl -s -o "$work/page-facets.html" -H "Host: $host" \
    "http://127.0.0.1:$port/search?q=$(urlencode "$category_name")&brand=$(urlencode "$brand")" || true
  for sep in '=' ':'; do
    if grep -qiE "attr=($(urlencode "$attr_name")|$attr_name)($(urlencode "$sep")|$sep)" "$work/page-facets.html" 2>/dev/null; then
      attr_sep=$sep; attr_sep_source="the search page's facet links"; break
    fi
  done
fi
attr="$attr_name$attr_sep$attr_value"
echo "attribute facet: attr=$attr (separator from $attr_sep_source)"

names=(listing search product home)
declare -A label path shown
label[listing]="category listing"; path[listing]="/c/$category_slug"; shown[listing]=${path[listing]}
label[search]="search, keyword + 2 facets"
path[search]="/search?q=$(urlencode "$category_name")&brand=$(urlencode "$brand")&attr=$(urlencode "$attr")"
shown[search]="/search?q=$category_name&brand=$brand&attr=$attr"
label[product]="product page"; path[product]="/p/$product_slug"; shown[product]=${path[product]}
label[home]="home page"; path[home]="/"; shown[home]="/"
# The same pages for a signed-in shopper: the demo shopper, made a 黄金 member (9.5折) so the pages carry a member
# price, signed in through the API; its cookie rides on every request (the cache keeps one copy per tier, 0028).
sql -v t="$demo" >/dev/null <<'SQL'
insert into member_accounts (tenant_id, shopper_id, tier_id, growth, points_balance, tier_changed_at, updated_at)
select s.tenant_id, s.id, t.id, 0, 0, now(), now() from shoppers s join member_tiers t on t.tenant_id = s.tenant_id and t.name = '黄金'
where s.tenant_id = :'t' and s.normalized_email = 'SHOPPER@DEMO.LOCAL'
on conflict (tenant_id, shopper_id) do update set tier_id = excluded.tier_id, updated_at = excluded.updated_at;
SQL
signin_code=$(curl -s -c "$work/shopper.cookies" -o /dev/null -w '%{http_code}' -H "Host: $host" -H 'Content-Type: application/json' \
  -d '{"email":"shopper@demo.local","password":"storefront-demo"}' "http://127.0.0.1:$port/api/v1/account/login" || echo 000)
shopper_cookie=$(awk '$6 == ".storefront.shopper" { print $7 }' "$work/shopper.cookies" 2>/dev/null || true)
[[ $signin_code == 200 && -n $shopper_cookie ]] || die "the demo shopper could not sign in (HTTP $signin_code)"
signedin="Cookie: .storefront.shopper=$shopper_cookie"
declare -A extra rotate changing urls
names+=(listing_si search_si product_si)
label[listing_si]="category listing, signed-in member"; path[listing_si]=${path[listing]}; shown[listing_si]=${shown[listing]}
label[search_si]="search page, signed-in member"; path[search_si]=${path[search]}; shown[search_si]=${shown[search]}
label[product_si]="product page, signed-in member"; path[product_si]=${path[product]}; shown[product_si]=${shown[product]}
extra[listing_si]=$signedin; extra[search_si]=$signedin; extra[product_si]=$signedin
# The same pages rendered every time: a guest cart cookie (any value) makes the output cache step aside, so these rows
# measure the database and Blazor rendering; the search API has no output cache: it measures the search engine
# (in-memory index, keyword matches kept per store unless the keyword cache is off).
nocache="Cookie: .storefront.cart=bench"
names+=(listing_nc search_nc product_nc search_api)
label[listing_nc]="category listing, not cached"; path[listing_nc]=${path[listing]}; shown[listing_nc]=${shown[listing]}; extra[listing_nc]=$nocache
label[search_nc]="search page, not cached"; path[search_nc]=${path[search]}; shown[search_nc]=${shown[search]}; extra[search_nc]=$nocache
label[product_nc]="product page, not cached"; path[product_nc]=${path[product]}; shown[product_nc]=${shown[product]}; extra[product_nc]=$nocache
label[search_api]="search API (no output cache)"
path[search_api]="/api/v1/catalog/products?q=$(urlencode "$category_name")&brand=$(urlencode "$brand")&attr=$(urlencode "$attr")"
shown[search_api]="/api/v1/catalog/products?q=$category_name&brand=$brand&attr=$attr"

# 250 different searches for the rotating rows: words of product names (the most common first), each with the brand
# most common among the products whose name has it and that brand's most common attribute (not 产地).
sql -v t="$demo" -v sep="$attr_sep" >"$work/keywords.tsv" <<'SQL'
with t as (
  select distinct p.id, tok, p.brand, a->>'name' as an, a->>'value' as av
  from products p, unnest(string_to_array(lower(p.name), ' ')) tok, jsonb_array_elements(p.attributes) a
  where p.tenant_id = :'t' and p.status = 'Listed' and length(tok) >= 2 and p.brand is not null and a->>'name' <> '产地'
),
tok as (select tok, count(distinct id) as n from t group by tok order by 2 desc, 1 limit 250),
b as (select distinct on (t.tok) t.tok, t.brand from t join tok using (tok) group by t.tok, t.brand order by t.tok, count(distinct t.id) desc, t.brand),
a as (select distinct on (t.tok) t.tok, t.an, t.av from t join b using (tok, brand) group by t.tok, t.an, t.av order by t.tok, count(*) desc, t.an, t.av)
select b.tok || E'\t' || b.brand || E'\t' || a.an || :'sep' || a.av from b join a using (tok) order by b.tok;
SQL
: >"$work/keyword-urls.txt"
while IFS=$'\t' read -r kw kw_brand kw_attr; do
  echo "/api/v1/catalog/products?q=$(urlencode "$kw")&brand=$(urlencode "$kw_brand")&attr=$(urlencode "$kw_attr")" >>"$work/keyword-urls.txt"
done <"$work/keywords.tsv"
keyword_count=$(wc -l <"$work/keyword-urls.txt")
((keyword_count >= 200)) || die "only $keyword_count keyword searches found in the data (want 200 or more)"
names+=(search_api_kw)
label[search_api_kw]="search API, $keyword_count keywords in turn"
path[search_api_kw]=$(head -1 "$work/keyword-urls.txt")
shown[search_api_kw]="$keyword_count URLs like /api/v1/catalog/products?q=$(head -1 "$work/keywords.tsv" | cut -f1)&brand=…&attr=…"
rotate[search_api_kw]=1

# The search API again while one of its products changes price every second (an UPDATE and the NOTIFY the app sends
# for it, "store id:product id", see change_price): each change patches the store's search index.
names+=(search_api_changes)
label[search_api_changes]="search API while a product's price changes every second"
path[search_api_changes]=${path[search_api]}; shown[search_api_changes]=${shown[search_api]}
changing[search_api_changes]=1

# Suggestions as a shopper types (GET /api/v1/catalog/suggest): the first characters of the search's keyword, then
# the first one or two characters of each of the 250 keywords in turn (prefixes, each a keyword not typed before).
names+=(suggest_api suggest_api_kw)
label[suggest_api]="suggest API"
path[suggest_api]="/api/v1/catalog/suggest?q=$(urlencode "${category_name:0:2}")"; shown[suggest_api]="/api/v1/catalog/suggest?q=${category_name:0:2}"
: >"$work/suggest-urls.txt"
while IFS=$'\t' read -r kw _; do
  echo "/api/v1/catalog/suggest?q=$(urlencode "${kw:0:1}")" >>"$work/suggest-urls.txt"
  echo "/api/v1/catalog/suggest?q=$(urlencode "${kw:0:2}")" >>"$work/suggest-urls.txt"
done <"$work/keywords.tsv"
label[suggest_api_kw]="suggest API, $(wc -l <"$work/suggest-urls.txt") prefixes in turn"
path[suggest_api_kw]=$(head -1 "$work/suggest-urls.txt"); shown[suggest_api_kw]="URLs like ${path[suggest_api_kw]}"
rotate[suggest_api_kw]=1; urls[suggest_api_kw]="$work/suggest-urls.txt"

declare -A code size
for name in "${names[@]}"; do
  read -r code[$name] size[$name] < <(curl -s -o "$work/page-$name.html" -w '%{http_code} %{size_download}\n' \
    -H "Host: $host" ${extra[$name]:+-H "${extra[$name]}"} "http://127.0.0.1:$port${path[$name]}" || echo "000 0")
  echo "${label[$name]}: ${shown[$name]} -> HTTP ${code[$name]}, ${size[$name]} bytes"
done

member_prices=$(grep -o 'data-testid="member-price"' "$work/page-product_si.html" 2>/dev/null | wc -l || true)
echo "signed-in member's product page: $member_prices member prices in the HTML (decision 0028)"

ceiling_basis=listing
[[ ${code[listing]} == 200 ]] || ceiling_basis=home
ceiling_bytes=${size[$ceiling_basis]}
names=(ceiling "${names[@]}")
label[ceiling]="ceiling: static HTML, same size"; path[ceiling]="/bench/static?bytes=$ceiling_bytes"; shown[ceiling]=${path[ceiling]}
read -r code[ceiling] size[ceiling] < <(curl -s -o /dev/null -w '%{http_code} %{size_download}\n' -H "Host: $host" "http://127.0.0.1:$port${path[ceiling]}")
[[ ${code[ceiling]} == 200 ]] || die "the ceiling endpoint answered ${code[ceiling]}"

say "Measuring: wrk -t$threads -c$connections -d$duration --latency (after a $warmup warm-up each)"
declare -A rps p50 p99 errors cpu_app cpu_pg cpu_proxy
# ticks PID...: CPU time (clock ticks, utime + stime) the processes used so far.
ticks() {
  local pid n=0
  for pid in "$@"; do n=$((n + $(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || echo 0))); done
  echo "$n"
}
# CPU time (clock ticks) used so far by the app (both nodes in a cluster), by the PostgreSQL backends (the postmaster's
# children; the primary's and the replica's in a cluster) and by nginx and PgBouncer (0 without a cluster).
cpu_ticks() {
  local proxies=0 servers=("$data")
  if [[ $target == cluster ]]; then proxies=$(ticks $(bench_proxy_pids | tr , ' ')); servers+=("$work/cluster/replica"); fi
  # shellcheck disable=SC2046
  echo "$(ticks ${app_pid//,/ }) $(ticks $(for d in "${servers[@]}"; do pgrep -P "$(head -1 "$d/postmaster.pid")"; done)) $proxies"
}
# memory WHEN: one line of the app's memory (GET /bench/memory: resident and peak, the GC's heap, fragmentation and commit)
# into memory.txt, so the peak RSS can be placed in the run and told apart from managed data.
memory() {
  printf '%s\t%s\n' "$1" "$(curl -s --max-time 10 -H "Host: $host" "http://127.0.0.1:$port/bench/memory" || echo '{}')" \
    | tee -a "$work/memory.txt"
}
# measure NAME: a warm-up, then the measured wrk run of one row (rotating over the keyword URLs for rotating rows).
measure() {
  local name=$1 url="http://127.0.0.1:$port${path[$1]}" script=()
  if [[ -n ${rotate[$name]:-} ]]; then script=(-s bench/rotate.lua); fi
  BENCH_URLS="${urls[$name]:-$work/keyword-urls.txt}" wrk -t"$threads" -c"$connections" -d"$warmup" "${script[@]}" \
    -H "Host: $host" ${extra[$name]:+-H "${extra[$name]}"} "$url" >/dev/null
  local app0 pg0 proxy0 app1 pg1 proxy1 served
  read -r app0 pg0 proxy0 < <(cpu_ticks)
  BENCH_URLS="${urls[$name]:-$work/keyword-urls.txt}" wrk -t"$threads" -c"$connections" -d"$duration" --latency "${script[@]}" \
    -H "Host: $host" ${extra[$name]:+-H "${extra[$name]}"} "$url" >"$work/wrk-$name.txt"
  read -r app1 pg1 proxy1 < <(cpu_ticks)
  served=$(awk '/ requests in / { print $1 }' "$work/wrk-$name.txt")
  cpu_app[$name]=$(awk -v t=$((app1 - app0)) -v n="$served" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", (n > 0 ? 1000 * t / hz / n : 0) }')
  cpu_proxy[$name]=$(awk -v t=$((proxy1 - proxy0)) -v n="$served" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", (n > 0 ? 1000 * t / hz / n : 0) }')
  cpu_pg[$name]=$(awk -v t=$((pg1 - pg0)) -v n="$served" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", (n > 0 ? 1000 * t / hz / n : 0) }')
  rps[$name]=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$work/wrk-$name.txt")
  p50[$name]=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$work/wrk-$name.txt")")
  p99[$name]=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$work/wrk-$name.txt")")
  errors[$name]=$(awk '/Non-2xx or 3xx responses:/ { n += $NF } /Socket errors:/ { gsub(/,/, ""); n += $4 + $6 + $8 + $10 } END { print n + 0 }' \
    "$work/wrk-$name.txt")
  printf '%-32s %8s req/s   p50 %8s ms   p99 %8s ms   CPU/request app %s ms, PostgreSQL %s ms   errors %s\n' \
    "${label[$name]}" "${rps[$name]}" "${p50[$name]}" "${p99[$name]}" "${cpu_app[$name]}" "${cpu_pg[$name]}" "${errors[$name]}"
  memory "after ${label[$name]}" >/dev/null
}

# change_price ID: what the app does when a merchant changes one product's price (its SKUs and the product's roll-ups
# in one transaction, then NOTIFY naming the product, delivered at commit), as SQL; the prices go up by a cent.
change_price() {
  sql -c "begin; select set_config('app.tenant_id', '$demo', true);
    update skus set price = price + 0.01 where product_id = '$1';
    update products set min_price = min_price + 0.01, max_price = max_price + 0.01 where id = '$1';
    select pg_notify('catalog_changed', '$demo:$1'); commit;" >/dev/null
}
# first_request PATH: milliseconds of one request (the first after a change).
first_request() {
  curl -s -o /dev/null -w '%{time_total}\n' -H "Host: $host" "http://127.0.0.1:$port$1" | awk '{ printf "%.1f", $1 * 1000 }'
}
# median_max MS...: "median X ms, max Y ms".
median_max() {
  printf '%s\n' "$@" | sort -n \
    | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "median %.1f ms, max %.1f ms", m, v[NR] }'
}
# The products whose prices change: the search's own results (so its keyword matches and facets are involved).
mapfile -t changed_products < <(sql -v t="$demo" -v q="$category_name" -v b="$brand" <<'SQL'
select id from products where tenant_id = :'t' and status = 'Listed' and search_text like '%' || lower(:'q') || '%' and brand = :'b'
order by id limit 20;
SQL
)
((${#changed_products[@]} > 0)) || die "no product to change found"
listing_api="/api/v1/catalog/products?category=$(urlencode "$category_slug")"
changes=${BENCH_CHANGES:-20}

say "First requests after a catalog change ($changes one-product price changes; 3 store-wide changes)"
curl -s -o /dev/null -H "Host: $host" "http://127.0.0.1:$port${path[search_api]}"
after_search=(); after_listing=()
for ((i = 0; i < changes; i++)); do
  change_price "${changed_products[i % ${#changed_products[@]}]}"
  sleep 0.3   # the NOTIFY reaches the app's listener
  after_search+=("$(first_request "${path[search_api]}")")
  change_price "${changed_products[(i + 1) % ${#changed_products[@]}]}"
  sleep 0.3
  after_listing+=("$(first_request "$listing_api")")
done
# A change that names no products (a CSV import, the generator: NOTIFY with the store id only) loads the index whole.
after_whole=()
for ((i = 0; i < 3; i++)); do
  sql -c "select pg_notify('catalog_changed', '$demo')" >/dev/null
  sleep 0.3
  after_whole+=("$(first_request "${path[search_api]}")")
done
first_after_search=$(median_max "${after_search[@]}")
first_after_listing=$(median_max "${after_listing[@]}")
first_after_whole=$(median_max "${after_whole[@]}")
echo "first search after a one-product price change: $first_after_search"
echo "first category listing (API) after a one-product price change: $first_after_listing"
echo "first search after a store-wide change (the index loaded whole): $first_after_whole"
memory "after the catalog changes"

# A product's price changing every second in the background (for the rows marked changing).
changer_pid=''
start_changer() {
  ( i=0; while true; do change_price "${changed_products[i % ${#changed_products[@]}]}"; i=$((i + 1)); sleep 1; done ) &
  changer_pid=$!
}
stop_changer() {
  if [[ -n $changer_pid ]]; then kill "$changer_pid" 2>/dev/null || true; wait "$changer_pid" 2>/dev/null || true; changer_pid=''; fi
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for name in "${names[@]}"; do
  if [[ ${code[$name]} != 200 ]]; then continue; fi
  if [[ -n ${changing[$name]:-} ]]; then start_changer; fi
  measure "$name"
  stop_changer
done

# The search API again with the keyword cache off: every search matches its keyword anew in the index (what a
# keyword not searched since the catalog last changed costs). The app is restarted for it.
memory "end of the first app run"
rss_first=$(peak_rss)
if [[ $target != cluster ]]; then kill "$app_pid"; wait "$app_pid" 2>/dev/null || true; fi
start_app Storefront__SearchKeywordCacheMatches=0
# Load the store's search index before measuring (the first search after a start or a catalog change loads it).
curl -s -o /dev/null --max-time 300 -H "Host: $host" "http://127.0.0.1:$port${path[search_api]}" || true
for name in search_api search_api_kw; do
  names+=("${name}_off")
  label[${name}_off]="${label[$name]}, keyword cache off"; path[${name}_off]=${path[$name]}; shown[${name}_off]=${shown[$name]}
  rotate[${name}_off]=${rotate[$name]:-}; code[${name}_off]=${code[$name]}; size[${name}_off]=${size[$name]}
  if [[ ${code[$name]} == 200 ]]; then measure "${name}_off"; fi
done

memory "end of the second app run (keyword cache off)"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
rss_mb=$(peak_rss)
rss_mb=$((rss_first > rss_mb ? rss_first : rss_mb))   # the larger of the two app runs
rss_now_mb=$(awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/${app_pid%%,*}/status")
echo "app peak RSS (VmHWM): $rss_mb MB, the larger of the two app runs (now $rss_now_mb MB)"

share() { awk -v a="${rps[$1]}" -v b="${rps[ceiling]}" 'BEGIN { printf "%.0f", 100 * a / b }'; }
verdict() { if [[ $1 == 1 ]]; then echo "**met**"; else echo "**missed**"; fi; }
failed=()
rows=''
cpu_proxy_shown=$([[ $target == cluster ]] && echo 1 || true)
cpu_header="app / PostgreSQL"
heading="## Latest results"
if [[ $target == cluster ]]; then
  cpu_header="both nodes / nginx and PgBouncer / PostgreSQL primary and replica"
  heading="### Latest results through the cluster (nginx, two nodes, PgBouncer, catalogue reads on the replica)"
fi
for name in "${names[@]}"; do
  if [[ ${code[$name]} != 200 ]]; then
    failed+=("${label[$name]} (${shown[$name]}: HTTP ${code[$name]})")
    rows+="| ${label[$name]} | \`${shown[$name]}\` | HTTP ${code[$name]}: not measured | – | – | – | – | – | – |"$'\n'
    continue
  fi
  verdict_text='–'; vs='–'
  case $name in
    listing | product)
      vs="$(share "$name") %"
      verdict_text="≥ 40 % of ceiling: $(verdict "$(awk -v s="$(share "$name")" 'BEGIN { print (s >= 40) }')")" ;;
    listing_si | search_si | product_si)
      vs="$(share "$name") %"
      verdict_text="≥ 25 % of ceiling: $(verdict "$(awk -v s="$(share "$name")" 'BEGIN { print (s >= 25) }')")" ;;
    home | listing_nc | product_nc | search_nc) vs="$(share "$name") %" ;;
    search | search_api*)
      verdict_text="p99 < 50 ms: $(verdict "$(awk -v p="${p99[$name]}" -v e="${errors[$name]}" 'BEGIN { print (p > 0 && p < 50 && e == 0) }')")" ;;
    suggest_api*)
      verdict_text="p99 < 20 ms: $(verdict "$(awk -v p="${p99[$name]}" -v e="${errors[$name]}" 'BEGIN { print (p > 0 && p < 20 && e == 0) }')")" ;;
  esac
  rows+="| ${label[$name]} | \`${shown[$name]}\` | ${size[$name]} B | ${rps[$name]} | ${p50[$name]} ms | ${p99[$name]} ms "
  rows+="| ${cpu_app[$name]}${cpu_proxy_shown:+ / ${cpu_proxy[$name]}} / ${cpu_pg[$name]} ms | $vs | $verdict_text |"$'\n'
  if [[ ${errors[$name]} != 0 ]]; then rows+="| ↳ errors during the run | | ${errors[$name]} non-2xx/socket errors | | | | | | |"$'\n'; fi
done

commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ -n $(git status --porcelain --untracked-files=no 2>/dev/null) ]]; then commit+=" (with uncommitted changes)"; fi
cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
mem=$(awk '/^MemTotal:/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo)
if ((products == 100000)); then
  gen_target="target < 180 s: $(verdict "$(awk -v s="$gen_seconds" 'BEGIN { print (s < 180) }')")"
else
  gen_target="the 180 s target is for 100,000"
fi
# The report's long list items (one line each), built in pieces.
gen_line="- Generator: $products products in $gen_seconds s ($(awk -v s="$gen_seconds" -v n="$products" 'BEGIN { printf "%.0f", n / s }') products/s; "
gen_line+="$gen_target); the whole command with start-up, migrations and demo seed: $wall s"
first_line="- First request after a catalog change (time of one request, $changes one-product price changes, "
first_line+="an UPDATE and the app's NOTIFY \`store:product\` each): search API $first_after_search; "
first_line+="category listing API (\`$listing_api\`) $first_after_listing"
ceiling_page=$([[ $ceiling_basis == listing ]] && echo "category listing page" || echo "home page (the listing page did not answer 200)")
results=$(cat <<EOF
<!-- $marker:start (written by bench/catalog.sh) -->
$heading

- Date: $(date -u)
- Machine: $(nproc) cores, ${cpu:-unknown CPU}, $mem RAM; wrk runs on the same machine; load average before/after the measurements: $load_before / $load_after
- Commit: $commit
- Data: store demo with $products generated products ($gen_skus SKUs), PostgreSQL $(sql -c "show server_version" | cut -d' ' -f1) with default settings
$gen_line
- Load: \`wrk -t$threads -c$connections -d$duration --latency\` per row, after a $warmup warm-up, Host \`demo.localhost\`
- App peak memory (VmHWM, the larger of the two app runs): $rss_mb MB (target < 500 MB: $(verdict "$(awk -v m="$rss_mb" 'BEGIN { print (m < 500) }')"))
- Search facets: brand \`$brand\`, attribute \`attr=$attr\` (separator from $attr_sep_source)
$first_line
- First search after a store-wide change (NOTIFY with the store id only: the search index is loaded whole, 3 times): $first_after_whole
- Ceiling size taken from the $ceiling_page: $ceiling_bytes bytes

| page | URL | size | req/s | p50 | p99 | CPU per request: $cpu_header | vs ceiling | target |
|---|---|---|---|---|---|---|---|---|
${rows}
$(if ((${#failed[@]})); then printf 'Not measured (no 200 answer): %s.\n' "$(printf '%s; ' "${failed[@]}" | sed 's/; $//')"; fi)
<!-- $marker:end -->
EOF
)

if [[ -f $report ]] && grep -q "<!-- $marker:start" "$report"; then
  { sed "/<!-- $marker:start/,\$d" "$report"; printf '%s\n' "$results"; sed "1,/<!-- $marker:end -->/d" "$report"; } >"$work/README.md"
else
  { [[ -f $report ]] && cat "$report" && echo; printf '%s\n' "$results"; } >"$work/README.md"
fi
cp "$work/README.md" "$report"

out=bench/results/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$out"
cp "$work"/wrk-*.txt "$work/generate.log" "$work/app.log" "$work/keyword-urls.txt" "$work/memory.txt" "$out/" 2>/dev/null || true
say "Results written to $report (raw outputs in $out)"
printf '%s\n' "$results" | sed '1d;$d'

if ((${#failed[@]})); then
  echo "bench: not measured, no 200 answer: ${failed[*]}" >&2
  exit 3
fi
