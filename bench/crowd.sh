#!/usr/bin/env bash
# A crowd against a running ./run.sh: CROWD_SHOPPERS (120) shoppers at once each register, add one unit of the store's
# first listed product to the cart and place an order (POST /api/v1/orders with an Idempotency-Key). Reports the count of
# each status (a 5xx other than 503 is a failure; 503 must carry Retry-After) and, when psql reaches run.sh's cluster
# (CROWD_PG: a connection string for psql; default its owner on 127.0.0.1:5433), whether the SKU's reserved units equal
# the units in its orders and stock never went below zero.
# Usage: bench/crowd.sh [URL]   (URL or CROWD_URL, default http://demo.localhost:5000)
# run.sh's registration limit (30 per address per hour) stops most of a crowd from one machine: Storefront__RateLimits__Enabled=false ./run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bench.sh

url=${1:-${CROWD_URL:-http://demo.localhost:5000}}
shoppers=${CROWD_SHOPPERS:-120}
pg=${CROWD_PG:-"host=127.0.0.1 port=5433 user=storefront_owner dbname=storefront"}
command -v curl >/dev/null || die "curl is missing"
command -v python3 >/dev/null || die "python3 is missing (reads the JSON answers)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

slug=$(curl -sf "$url/api/v1/catalog/products?pageSize=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["slug"])') \
  || die "no listed product at $url (is ./run.sh running?)"
sku=$(curl -sf "$url/api/v1/catalog/products/$slug" | python3 -c 'import json,sys; print(json.load(sys.stdin)["skus"][0]["code"])')
say "crowd of $shoppers shoppers at $url, SKU $sku of $slug"

shopper() { # $1 index: register, add to cart, order; one status per line in $work/status
  local i=$1 jar="$work/jar-$1" run=$$ s
  s=$(curl -s -o /dev/null -w '%{http_code}' -c "$jar" -H 'Content-Type: application/json' \
    -d "{\"email\":\"crowd-$run-$i@example.com\",\"password\":\"Crowd-$run-pass\",\"displayName\":\"顾客$i\"}" "$url/api/v1/account/register")
  echo "register $s" >>"$work/status"
  [[ $s == 200 ]] || return 0
  s=$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" -H 'Content-Type: application/json' -d "{\"skuCode\":\"$sku\",\"quantity\":1}" "$url/api/v1/cart/lines")
  echo "cart $s" >>"$work/status"
  [[ $s == 2* ]] || return 0
  s=$(curl -s -D "$work/headers-$i" -o /dev/null -w '%{http_code}' -b "$jar" -H 'Content-Type: application/json' -H "Idempotency-Key: crowd-$run-$i" \
    -d '{"address":{"name":"李四","phone":"139 1234 5678","province":"浙江省","city":"杭州市","district":"西湖区","street":"文三路 90 号"}}' "$url/api/v1/orders")
  echo "order $s" >>"$work/status"
  if [[ $s == 503 ]] && ! grep -qi '^retry-after:' "$work/headers-$i"; then echo "order 503-without-retry-after" >>"$work/status"; fi
}
export -f shopper
export url sku work

started=$(date +%s.%N)
seq "$shoppers" | xargs -P "$shoppers" -I{} bash -c 'shopper {}'
elapsed=$(echo "$(date +%s.%N) - $started" | bc)

say "answers (step status: count) in ${elapsed}s"
sort "$work/status" | uniq -c | awk '{print "  " $2 " " $3 ": " $1}'
bad=$(awk '$2 ~ /^5/ && $2 != "503" || $2 == "503-without-retry-after"' "$work/status" | wc -l)

if command -v psql >/dev/null && psql "$pg" -tAc 'select 1' >/dev/null 2>&1; then
  read -r on_hand reserved ordered < <(psql "$pg" -tA -F ' ' -c \
    "select s.on_hand, s.reserved,
       coalesce((select sum(quantity) from order_lines l join orders o on o.id = l.order_id
                 where l.sku_id = s.id and o.status = 'PendingPayment'), 0)
     from skus s where s.code = '$sku'")
  say "stock: on hand $on_hand, reserved $reserved, units in unpaid orders $ordered"
  [[ $reserved -le $on_hand ]] || { echo "  reserved beyond stock"; bad=$((bad + 1)); }
else
  say "stock: not checked (psql cannot reach $pg; set CROWD_PG)"
fi

[[ $bad -eq 0 ]] || die "$bad answers were 5xx other than 503, or 503 without Retry-After"
say "no 5xx but 503 with Retry-After"
