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

# start_published_app DIR LOG PORT [ENV=VALUE...]: starts DIR's Storefront.Web.dll on 127.0.0.1:PORT (no demo seeding, the
# extra settings as environment, output appended to LOG), sets app_pid, and waits until /health/ready answers; stops the
# script if the app exits or is not ready within a minute.
start_published_app() {
  local dir=$1 log=$2 port=$3
  shift 3
  (cd "$dir" && exec env ASPNETCORE_URLS="http://127.0.0.1:$port" Storefront__SeedDemoData=false Storefront__RateLimits__Enabled=false \
    "$@" dotnet Storefront.Web.dll) >>"$log" 2>&1 &
  app_pid=$!
  for _ in $(seq 120); do
    curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && return 0
    kill -0 "$app_pid" 2>/dev/null || { tail -50 "$log"; die "the app exited"; }
    sleep 0.5
  done
  tail -50 "$log"
  die "the app did not become ready"
}
