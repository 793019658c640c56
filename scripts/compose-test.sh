#!/usr/bin/env bash
# Proves docker-compose.yml: brings it up with Docker Compose (images built), waits for /health/ready, loads the demo
# store's home page, signs in the demo shopper, puts a SKU in the cart, places an order through the API and checks the
# answer (201, an order number, status and total); then brings up the `cluster` profile beside it (a streaming replica,
# PgBouncer, two nodes and nginx) and checks through nginx: both nodes ready, the replica in the nodes' reads, a sign-in
# and an order, the order replayed on the replica. Brings everything down with its volumes at the end, also on failure.
# Base images are the official ones when they can be pulled; otherwise locally built ones (scripts/postgres-image.sh,
# scripts/aspnet-image.sh) and the app published on this machine (docs/decisions/0019-compose-test.md).
# Prints "compose test: passed in N s" or why it failed. Run by .ci/run after ./test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/docker.sh

fail() { echo "compose test: FAILED: $*" >&2; exit 1; }
started=$(date +%s)
docker_ensure || fail "no Docker engine"
if ! command -v docker-compose >/dev/null 2>&1; then
  [[ $(id -u) -eq 0 ]] || fail "docker-compose is missing: install it with 'sudo apt-get install docker-compose'"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose >/dev/null
fi
docker-compose --profile cluster config -q || fail "docker-compose.yml's cluster profile does not parse"

export STOREFRONT_PG_IMAGE
STOREFRONT_PG_IMAGE=$(scripts/postgres-image.sh)
if ! image_available mcr.microsoft.com/dotnet/sdk:10.0; then
  # No SDK image: publish here (NuGet restores on the host) and let the Dockerfile copy it onto a runtime image.
  export RUNTIME_IMAGE SDK_IMAGE PUBLISHED=.publish/compose
  RUNTIME_IMAGE=$(scripts/aspnet-image.sh)
  SDK_IMAGE=$RUNTIME_IMAGE
  t=$(date +%s)
  rm -rf "$PUBLISHED"
  dotnet publish src/Storefront.Web/Storefront.Web.csproj -c Release -o "$PUBLISHED" -nologo -v quiet >/dev/null
  echo "compose test: published the app on the host in $(( $(date +%s) - t )) s"
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
export STOREFRONT_PORT STOREFRONT_CLUSTER_PORT
STOREFRONT_PORT=$(free_port)
STOREFRONT_CLUSTER_PORT=$(free_port)
project=storefront-compose-test
compose() { docker-compose -p "$project" "$@"; }
work=$(mktemp -d)
down() {
  if [[ ${status:-1} -ne 0 ]]; then
    for service in app ${cluster_services:-}; do compose --profile cluster logs --no-color --tail=25 "$service" >&2 || true; done
  fi
  compose --profile cluster down -v --remove-orphans >/dev/null 2>&1 || true
  rm -rf "$work" .publish/compose
}
trap 'status=$?; down' EXIT

t=$(date +%s)
compose build -q
echo "compose test: images built in $(( $(date +%s) - t )) s"
compose up -d >/dev/null

url="http://127.0.0.1:$STOREFRONT_PORT"
t=$(date +%s)
until [[ $(curl -s -o /dev/null -w '%{http_code}' "$url/health/ready") == 200 ]]; do
  (( $(date +%s) - t < 180 )) || fail "/health/ready did not answer 200 within 180 s"
  sleep 2
done
echo "compose test: /health/ready answered 200 after $(( $(date +%s) - t )) s"

# The app and the database log to the engine: each container's log is capped (docker-compose.yml, x-logging).
for service in app db; do
  format='{{.HostConfig.LogConfig.Type}} {{index .HostConfig.LogConfig.Config "max-size"}} {{index .HostConfig.LogConfig.Config "max-file"}}'
  logs=$(docker inspect -f "$format" "$(compose ps -q "$service")")
  [[ $logs == "json-file 10m 5" ]] || fail "the $service container's log is not capped at 5 files of 10 MB (docker inspect: $logs)"
done
echo "compose test: each container's log is capped at 5 files of 10 MB"

# The demo store by its host name, on the published loopback port (the demo is seeded at start-up, once).
store=(-H "Host: demo.localhost:$STOREFRONT_PORT")
until curl -sf "${store[@]}" "$url/" | grep -q '示例商店'; do
  (( $(date +%s) - t < 180 )) || fail "the demo store's home page did not show the store's name within 180 s"
  sleep 2
done
echo "compose test: the demo store's home page loaded"

# place_order URL TAG: signs in the demo shopper at URL, puts a SKU in the cart and places an order; prints its number.
place_order() {
  local url=$1 tag=$2 jar=$work/cookies-$2 slug sku code
  local store=(-H "Host: demo.localhost:${1##*:}") json=(-H 'Content-Type: application/json')
  code=$(curl -s -o /dev/null -w '%{http_code}' -c "$jar" "${store[@]}" "${json[@]}" \
    -d '{"email":"shopper@demo.local","password":"storefront-demo"}' "$url/api/v1/account/login")
  [[ $code == 200 ]] || fail "$tag: signing in the demo shopper answered $code"
  slug=$(curl -sf "${store[@]}" "$url/api/v1/catalog/products?pageSize=1" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["slug"])')
  sku=$(curl -sf "${store[@]}" "$url/api/v1/catalog/products/$slug" | python3 -c 'import json,sys; print(json.load(sys.stdin)["skus"][0]["code"])')
  code=$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" "${store[@]}" "${json[@]}" \
    -d "{\"skuCode\":\"$sku\",\"quantity\":1}" "$url/api/v1/cart/lines")
  [[ $code == 2* ]] || fail "$tag: adding $sku to the cart answered $code"
  code=$(curl -s -o "$work/order-$tag.json" -w '%{http_code}' -b "$jar" "${store[@]}" "${json[@]}" -H "Idempotency-Key: compose-$tag-$$" \
    -d '{"address":{"name":"李四","phone":"139 1234 5678","province":"浙江省","city":"杭州市","district":"西湖区","street":"文三路 90 号"}}' \
    "$url/api/v1/orders")
  [[ $code == 201 ]] || fail "$tag: placing the order answered $code: $(cat "$work/order-$tag.json")"
  python3 -c '
import json, sys
order = json.load(open(sys.argv[1]))
assert order["number"] and order["status"] and float(order["total"]) > 0, order
print(order["number"])' "$work/order-$tag.json" || fail "$tag: the order's answer is not as expected: $(cat "$work/order-$tag.json")"
}
number=$(place_order "$url" app)
echo "compose test: order $number placed"

# The cluster profile beside it: the same primary and demo store, now also served by two nodes behind nginx.
cluster_services="db-replica pgbouncer app-a app-b nginx"
t=$(date +%s)
scripts/edge-image.sh >/dev/null
compose --profile cluster build -q app-a app-b
# shellcheck disable=SC2086
compose --profile cluster up -d --no-build $cluster_services >/dev/null
echo "compose test: the cluster profile's images built and started in $(( $(date +%s) - t )) s"
cluster_url="http://127.0.0.1:$STOREFRONT_CLUSTER_PORT"
healthy() { [[ $(docker inspect -f '{{.State.Health.Status}}' "$(compose ps -q "$1")") == healthy ]]; }
replica_in_reads() { # /health/ready's read-replica check says inReads: true (the JSON is searched, whatever its nesting)
  curl -s "$cluster_url/health/ready" | python3 -c 'import re, sys; sys.exit(0 if re.search(r"\"inReads\"\s*:\s*true", sys.stdin.read()) else 1)'
}
t=$(date +%s)
until healthy app-a && healthy app-b && replica_in_reads; do
  (( $(date +%s) - t < 480 )) || fail "through nginx, both nodes healthy and the replica in their reads: not within 480 s"
  sleep 3
done
echo "compose test: app-a and app-b healthy, the replica in the reads (/health/ready through nginx) after $(( $(date +%s) - t )) s"
recovery=$(compose exec -T db-replica psql -U storefront_owner -d storefront -XtAc "select pg_is_in_recovery()" | tr -d '\r')
[[ $recovery == t ]] || fail "db-replica is not a standby (pg_is_in_recovery: $recovery)"
cluster_number=$(place_order "$cluster_url" cluster)
echo "compose test: order $cluster_number placed through nginx"
t=$(date +%s)
until [[ $(compose exec -T db-replica psql -U storefront_owner -d storefront -XtAc \
  "select count(*) from orders where number in ('$number', '$cluster_number')" | tr -d '\r') == 2 ]]; do
  (( $(date +%s) - t < 30 )) || fail "the two orders did not reach db-replica within 30 s"
  sleep 1
done
echo "compose test: both orders replayed on db-replica"
echo "compose test: passed in $(( $(date +%s) - started )) s"
