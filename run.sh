#!/usr/bin/env bash
# Starts the storefront with demo data: the platform at http://localhost:5000, stores at http://{store}.localhost:5000
# (ASPNETCORE_URLS changes where; the addresses printed follow it). With no ConnectionStrings__Storefront it runs on a
# private PostgreSQL cluster under .data/ (created on first run, stopped again with Ctrl-C after the app has stopped;
# max_connections STOREFRONT_PG_MAX_CONNECTIONS, 60, above the app's pool of 40) listening on 127.0.0.1 at
# STOREFRONT_PG_PORT (default: 5433, or the next free port when 5433 is taken; a port given and taken is an error).
# ConnectionStrings__Storefront (app role) / ConnectionStrings__StorefrontAdmin (migration owner) override the cluster.
# Uploads and e-mails (.eml) go to the repository's .data/media and .data/mail. It runs in Production (no developer
# exception page, no stack trace in any response); `./run.sh --dev` (or ASPNETCORE_ENVIRONMENT=Development) gives
# Development. It builds first (a few minutes the first time) and says so.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/pg.sh

command -v dotnet >/dev/null || { echo "The .NET 10 SDK is missing: see https://dot.net (dotnet on PATH)." >&2; exit 1; }

# port_taken PORT: something listens on 127.0.0.1:PORT.
port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# pg_start ARGS: pg_ctl ARGS in a new session (as postgres when root), waiting for it.
pg_start() {
  if [[ $(id -u) -eq 0 ]]; then
    setsid -w runuser -u postgres -- "$PG_BIN/pg_ctl" "$@"
  else
    setsid -w "$PG_BIN/pg_ctl" "$@"
  fi
}

if [[ -z ${ConnectionStrings__Storefront:-} ]]; then
  pg_ensure_installed
  data=$PWD/.data/pg
  if [[ $(id -u) -eq 0 ]] && ! runuser -u postgres -- test -x "$PWD"; then
    data=/var/tmp/storefront-$(echo "$PWD" | md5sum | cut -c1-8)/pg   # postgres cannot reach the checkout
  fi
  if [[ ! -f $data/PG_VERSION ]]; then
    echo "Creating the embedded PostgreSQL cluster in $data"
    pg_prepare_dir "$data"
    pg_as initdb -D "$data" -A trust -U storefront_owner -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if pg_as pg_ctl -D "$data" status >/dev/null 2>&1; then
    port=$(sed -n 4p "$data/postmaster.pid")   # already running (another ./run.sh): its port
  else
    port=${STOREFRONT_PG_PORT:-5433}
    if port_taken "$port"; then
      if [[ -n ${STOREFRONT_PG_PORT:-} ]]; then
        echo "STOREFRONT_PG_PORT=$port is taken on 127.0.0.1: choose another port, or unset it to take a free one." >&2
        exit 1
      fi
      while port_taken "$port"; do port=$((port + 1)); done
      echo "Port 5433 is taken: PostgreSQL uses $port (set STOREFRONT_PG_PORT to choose)."
    fi
    echo "Starting PostgreSQL on 127.0.0.1:$port ($data)"
    # In a session of its own, so Ctrl-C in this terminal reaches the app only; the app stops first, then this trap
    # stops PostgreSQL (stopped together, the app's open connections failed with 57P01).
    pg_start -D "$data" -w -l "$data/server.log" \
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
# dotnet run's content root is src/Storefront.Web: keep uploads and mail in the repository's .data (git-ignored).
export Storefront__MediaPath=${Storefront__MediaPath:-$PWD/.data/media}
export Storefront__Mail__PickupDirectory=${Storefront__Mail__PickupDirectory:-$PWD/.data/mail}

# The addresses to open, from the first of ASPNETCORE_URLS (http://+:8080 and http://0.0.0.0:8080 too).
first=${ASPNETCORE_URLS%%;*}
scheme=${first%%://*}
hostport=${first#*://}
hostport=${hostport%%/*}
url_port=${hostport##*:}
[[ $url_port == "$hostport" ]] && url_port=$([[ $scheme == https ]] && echo 443 || echo 80)
suffix=":$url_port"
[[ ($scheme == http && $url_port == 80) || ($scheme == https && $url_port == 443) ]] && suffix=""
base=${Storefront__BaseDomain:-localhost}

echo "Building Storefront (the first build takes a few minutes; later ones seconds)…"
dotnet build src/Storefront.Web -nologo -v quiet -clp:ErrorsOnly
echo "Storefront ($ASPNETCORE_ENVIRONMENT) starting; it seeds the demo stores on first start. Open:"
echo "  platform console  $scheme://$base$suffix/platform   (admin@storefront.local / storefront-demo)"
echo "  demo store        $scheme://demo.$base$suffix        (shopper@demo.local; staff at /admin)"
echo "  acme store        $scheme://acme.$base$suffix"
echo "Ctrl-C stops the app, then PostgreSQL."
dotnet run --no-build --project src/Storefront.Web -- "${app_args[@]}"
