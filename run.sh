#!/usr/bin/env bash
# Starts the storefront with demo data: the platform at http://localhost:5000, stores at http://{store}.localhost:5000.
# With no ConnectionStrings__Storefront it runs on a private PostgreSQL cluster under .data/ (created on first run,
# stopped again with Ctrl-C; max_connections STOREFRONT_PG_MAX_CONNECTIONS, 60, above the app's pool of 40).
# ConnectionStrings__Storefront (app role) / ConnectionStrings__StorefrontAdmin
# (migration owner) and ASPNETCORE_URLS override the defaults. It runs in Production (no developer exception page, no
# stack trace in any response); `./run.sh --dev` (or ASPNETCORE_ENVIRONMENT=Development) gives Development.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/pg.sh

command -v dotnet >/dev/null || { echo "The .NET 10 SDK is missing: see https://dot.net (dotnet on PATH)." >&2; exit 1; }

if [[ -z ${ConnectionStrings__Storefront:-} ]]; then
  pg_ensure_installed
  port=${STOREFRONT_PG_PORT:-5433}
  data=$PWD/.data/pg
  if [[ $(id -u) -eq 0 ]] && ! runuser -u postgres -- test -x "$PWD"; then
    data=/var/tmp/storefront-$(echo "$PWD" | md5sum | cut -c1-8)/pg   # postgres cannot reach the checkout
  fi
  if [[ ! -f $data/PG_VERSION ]]; then
    echo "Creating the embedded PostgreSQL cluster in $data"
    pg_prepare_dir "$data"
    pg_as initdb -D "$data" -A trust -U storefront_owner -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if ! pg_as pg_ctl -D "$data" status >/dev/null 2>&1; then
    pg_as pg_ctl -D "$data" -w -l "$data/server.log" \
      -o "-p $port -k $data -c listen_addresses=127.0.0.1 -c max_connections=${STOREFRONT_PG_MAX_CONNECTIONS:-60}" start >/dev/null
    trap 'echo "Stopping PostgreSQL"; pg_as pg_ctl -D "$data" -m fast stop >/dev/null' EXIT
  fi
  if ! psql -h 127.0.0.1 -p "$port" -U storefront_owner -d postgres -tAc "select 1 from pg_database where datname='storefront'" | grep -q 1; then
    psql -h 127.0.0.1 -p "$port" -U storefront_owner -d postgres -qc "create database storefront" >/dev/null
  fi
  export ConnectionStrings__StorefrontAdmin="Host=127.0.0.1;Port=$port;Username=storefront_owner;Database=storefront"
  export ConnectionStrings__Storefront="Host=127.0.0.1;Port=$port;Username=storefront_app;Password=storefront_app;Database=storefront"
fi

environment=${ASPNETCORE_ENVIRONMENT:-Production}
app_args=()
for arg in "$@"; do
  if [[ $arg == --dev ]]; then environment=Development; else app_args+=("$arg"); fi
done

export ASPNETCORE_URLS=${ASPNETCORE_URLS:-http://localhost:5000}
export ASPNETCORE_ENVIRONMENT=$environment
export Storefront__SeedDemoData=${Storefront__SeedDemoData:-true}
echo "Storefront ($ASPNETCORE_ENVIRONMENT): platform console http://localhost:5000/platform, stores http://demo.localhost:5000 and http://acme.localhost:5000"
dotnet run --project src/Storefront.Web -- "${app_args[@]}"
