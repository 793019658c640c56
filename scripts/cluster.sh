#!/usr/bin/env bash
# A storefront cluster on loopback (issue 20, docs/scaling.md, docs/decisions/0049-cluster-on-loopback.md):
#   a PostgreSQL primary and a streaming replica (pg_basebackup -R: standby.signal), PgBouncer in transaction mode in
#   front of the primary, two app nodes (the published Release build, node A and node B on their own ports, both through
#   PgBouncer, LISTEN directly to the primary) and nginx in front of the nodes (deploy/nginx).
#   scripts/cluster.sh up     starts it all (publishes the app first) and prints the addresses
#   scripts/cluster.sh test   up (unless already up), then scripts/cluster_check.py: orders through nginx while node A is
#                             killed with kill -9 and restarted, then while node B is stopped with SIGTERM (drained) and
#                             restarted; a price changed through A read through B; a sign-in through A used through B.
#                             Prints "cluster test: passed" or the first thing that failed, and brings the cluster down.
#   scripts/cluster.sh down   stops everything and removes the folder.
# Everything lives under STOREFRONT_CLUSTER_DIR (default /tmp/storefront-cluster) and listens on 127.0.0.1 only, on free
# ports (written to $dir/ports). STOREFRONT_CLUSTER_PUBLISHED=DIR uses a `dotnet publish` output instead of publishing.
# The nodes read the catalogue from the replica (ConnectionStrings__StorefrontReplica; STOREFRONT_CLUSTER_REPLICA_READS=0
# leaves them on the primary) and keep images in PostgreSQL (Storefront__Media__Store=Database; each node has a media
# folder of its own, so an image served by the other node came from the database); STOREFRONT_CLUSTER_NODE_ENV adds
# settings to both nodes (KEY=VALUE words: bench/orders.sh and bench/catalog.sh with BENCH_TARGET=cluster).
# Installs nginx, PgBouncer and PostgreSQL with apt as root when they are missing, else says what to install.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/pg.sh

dir=${STOREFRONT_CLUSTER_DIR:-/tmp/storefront-cluster}
fail() { echo "cluster: FAILED: $*" >&2; exit 1; }
say() { echo "cluster: $*"; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# as_pg CMD ARGS: a PostgreSQL or PgBouncer binary, as the postgres user when root (both refuse to run as root).
as_pg() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

# wait_ready URL SECONDS: until URL answers 200.
wait_ready() {
  local t=$SECONDS
  until [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$1" || true) == 200 ]]; do
    (( SECONDS - t < $2 )) || return 1
    sleep 1
  done
}

load_ports() {
  [[ -f $dir/ports ]] || return 1
  # shellcheck disable=SC1091
  source "$dir/ports"
}

# start_node A|B: the published app on its port, in a session of its own (so kill -9 of it leaves the rest).
start_node() {
  local name=$1 port
  port=$([[ $1 == A ]] && echo "$NODE_A_PORT" || echo "$NODE_B_PORT")
  local primary="Host=127.0.0.1;Port=$PRIMARY_PORT;Database=storefront"
  local -a env=(
    ASPNETCORE_URLS="http://127.0.0.1:$port"
    ASPNETCORE_ENVIRONMENT=Production
    Serilog__MinimumLevel__Default=Warning
    ConnectionStrings__StorefrontAdmin="$primary;Username=storefront_owner"
    ConnectionStrings__Storefront="Host=127.0.0.1;Port=$PGBOUNCER_PORT;Database=storefront;Username=storefront_app;Password=storefront_app"
    ConnectionStrings__StorefrontListen="$primary;Username=storefront_app;Password=storefront_app"
    Storefront__Database__PgBouncer=true
    Storefront__SeedDemoData=true
    Storefront__BaseDomain=localhost
    Storefront__Media__Store=Database
    Storefront__MediaPath="$dir/media-$name"
    Storefront__Mail__PickupDirectory="$dir/mail-$name"
    Storefront__ForwardedHeaders__KnownProxies__0=127.0.0.1
    # Every buyer of the test comes from 127.0.0.1 through nginx: per-address limits would stop the test, not a person.
    Storefront__RateLimits__Enabled=false
    Storefront__Drain__Delay=00:00:02
    Storefront__Drain__ShutdownTimeout=00:00:20
  )
  # More settings for both nodes (the benches: KEY=VALUE words, no spaces inside a value).
  if [[ -n ${STOREFRONT_CLUSTER_NODE_ENV:-} ]]; then
    local -a more
    read -ra more <<<"$STOREFRONT_CLUSTER_NODE_ENV"
    env+=("${more[@]}")
  fi
  if [[ ${STOREFRONT_CLUSTER_REPLICA_READS:-1} == 1 ]]; then
    env+=(ConnectionStrings__StorefrontReplica="Host=127.0.0.1;Port=$REPLICA_PORT;Database=storefront;Username=storefront_app;Password=storefront_app")
  fi
  # exec all the way down, so that the pid written is the app's own (kill -9 must hit the app, not a shell around it).
  (cd "$dir/app" && exec env "${env[@]}" setsid dotnet Storefront.Web.dll >>"$dir/node-$name.log" 2>&1 </dev/null) &
  local pid=$!
  echo "$pid" >"$dir/node-$name.pid"
  local t=$SECONDS
  until [[ $(ps -o comm= -p "$pid" 2>/dev/null) == dotnet ]]; do
    (( SECONDS - t < 10 )) || fail "node $name: pid $pid is not the app (or it exited at once: $dir/node-$name.log)"
    sleep 0.1
  done
  wait_ready "http://127.0.0.1:$port/health/ready" 180 || { tail -n 30 "$dir/node-$name.log" >&2; fail "node $name did not get ready within 180 s"; }
}

stop_node() { # NAME SIGNAL
  local pid
  pid=$(cat "$dir/node-$1.pid" 2>/dev/null) || return 0
  kill "-$2" "$pid" 2>/dev/null || true
  local t=$SECONDS
  while kill -0 "$pid" 2>/dev/null && (( SECONDS - t < 30 )); do sleep 0.2; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$dir/node-$1.pid"
  local port
  port=$([[ $1 == A ]] && echo "$NODE_A_PORT" || echo "$NODE_B_PORT")
  ! port_open "$port" || fail "node $1 stopped, but something still listens on its port $port"
}

up() {
  if load_ports && port_open "$NGINX_PORT"; then say "already up at http://demo.localhost:$NGINX_PORT"; return 0; fi
  pg_ensure_installed || fail "no PostgreSQL server"
  pgbouncer_ensure_installed || fail "no PgBouncer"
  nginx_ensure_installed || fail "no nginx"
  command -v python3 >/dev/null || fail "python3 is missing: sudo apt-get install python3"
  command -v curl >/dev/null || fail "curl is missing: sudo apt-get install curl"
  rm -rf "$dir"; mkdir -p "$dir/mail-A" "$dir/mail-B" "$dir/nginx/tmp"
  chmod 755 "$dir"
  cat >"$dir/ports" <<EOF
PRIMARY_PORT=$(free_port)
REPLICA_PORT=$(free_port)
PGBOUNCER_PORT=$(free_port)
NODE_A_PORT=$(free_port)
NODE_B_PORT=$(free_port)
NGINX_PORT=$(free_port)
EOF
  load_ports

  local t=$SECONDS
  if [[ -n ${STOREFRONT_CLUSTER_PUBLISHED:-} ]]; then
    say "using the app published in $STOREFRONT_CLUSTER_PUBLISHED"
    cp -a "$STOREFRONT_CLUSTER_PUBLISHED" "$dir/app"
  else
    say "publishing the app (Release)"
    dotnet publish src/Storefront.Web -c Release -o "$dir/app" -nologo -v quiet >"$dir/publish.log" 2>&1 \
      || { tail -n 30 "$dir/publish.log" >&2; fail "dotnet publish failed"; }
    say "published in $((SECONDS - t)) s"
  fi

  say "PostgreSQL primary on 127.0.0.1:$PRIMARY_PORT"
  pg_prepare_dir "$dir/primary"
  pg_prepare_dir "$dir/sock"   # the servers' sockets, outside the data folder that pg_basebackup copies
  pg_as initdb -D "$dir/primary" -A trust -U storefront_owner -E UTF8 --locale=C.UTF-8 >/dev/null
  pg_as pg_ctl -D "$dir/primary" -w -l "$dir/primary/server.log" \
    -o "-p $PRIMARY_PORT -k $dir/sock -c listen_addresses=127.0.0.1 -c max_connections=100 -c wal_level=replica" start >/dev/null
  psql -h 127.0.0.1 -p "$PRIMARY_PORT" -U storefront_owner -d postgres -qc "create database storefront" >/dev/null

  say "streaming replica on 127.0.0.1:$REPLICA_PORT (pg_basebackup -R)"
  pg_prepare_dir "$dir/replica"
  local basebackup
  basebackup=$([[ -x $PG_BIN/pg_basebackup ]] && echo "$PG_BIN/pg_basebackup" || command -v pg_basebackup) || fail "pg_basebackup is missing"
  as_pg "$basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U storefront_owner -D "$dir/replica" -R -X stream -c fast >/dev/null
  pg_as pg_ctl -D "$dir/replica" -w -l "$dir/replica/server.log" \
    -o "-p $REPLICA_PORT -k $dir/sock -c listen_addresses=127.0.0.1 -c max_connections=100" start >/dev/null
  [[ $(psql -h 127.0.0.1 -p "$REPLICA_PORT" -U storefront_owner -d postgres -XtAc "select pg_is_in_recovery()") == t ]] \
    || fail "the replica is not in recovery"

  say "PgBouncer (transaction mode) on 127.0.0.1:$PGBOUNCER_PORT"
  mkdir -p "$dir/pgbouncer"
  echo '"storefront_app" "storefront_app"' >"$dir/pgbouncer/users.txt"
  cat >"$dir/pgbouncer/pgbouncer.ini" <<EOF
[databases]
storefront = host=127.0.0.1 port=$PRIMARY_PORT dbname=storefront
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $PGBOUNCER_PORT
unix_socket_dir =
auth_type = trust
auth_file = $dir/pgbouncer/users.txt
pool_mode = transaction
default_pool_size = 20
max_client_conn = 500
ignore_startup_parameters = extra_float_digits
logfile = $dir/pgbouncer/pgbouncer.log
pidfile = $dir/pgbouncer/pgbouncer.pid
EOF
  [[ $(id -u) -eq 0 ]] && chown -R postgres "$dir/pgbouncer"
  as_pg /usr/sbin/pgbouncer -d "$dir/pgbouncer/pgbouncer.ini" >/dev/null || fail "pgbouncer did not start ($dir/pgbouncer/pgbouncer.log)"

  # Node A first: it migrates (under the advisory lock) and seeds the demo stores; node B then finds them done.
  say "node A on 127.0.0.1:$NODE_A_PORT (migrates and seeds the demo)"
  start_node A
  say "node B on 127.0.0.1:$NODE_B_PORT"
  start_node B

  say "nginx on 127.0.0.1:$NGINX_PORT"
  cp deploy/nginx/nginx.conf deploy/nginx/storefront.conf "$dir/nginx/"
  printf 'server 127.0.0.1:%s max_fails=1 fail_timeout=5s;\nserver 127.0.0.1:%s max_fails=1 fail_timeout=5s;\n' \
    "$NODE_A_PORT" "$NODE_B_PORT" >"$dir/nginx/upstream.conf"
  # The same nodes as backups never counted out: no 502 "no live upstreams" while a node accepts connections (storefront.conf).
  printf 'server 127.0.0.1:%s max_fails=0 backup;\nserver 127.0.0.1:%s max_fails=0 backup;\n' \
    "$NODE_A_PORT" "$NODE_B_PORT" >"$dir/nginx/upstream-fallback.conf"
  echo "listen 127.0.0.1:$NGINX_PORT;" >"$dir/nginx/listen.conf"
  nginx -t -q -p "$dir/nginx" -c "$dir/nginx/nginx.conf" -e "$dir/nginx/error.log" || fail "nginx refused deploy/nginx/storefront.conf"
  nginx -p "$dir/nginx" -c "$dir/nginx/nginx.conf" -e "$dir/nginx/error.log" || fail "nginx did not start ($dir/nginx/error.log)"
  wait_ready "http://127.0.0.1:$NGINX_PORT/health/ready" 30 || fail "/health/ready through nginx did not answer 200"
  say "up in $((SECONDS - t)) s: http://demo.localhost:$NGINX_PORT (nodes :$NODE_A_PORT and :$NODE_B_PORT, folder $dir)"
}

down() {
  load_ports || { rm -rf "$dir"; return 0; }
  [[ -f $dir/nginx/nginx.pid ]] && kill "$(cat "$dir/nginx/nginx.pid")" 2>/dev/null || true
  stop_node A TERM
  stop_node B TERM
  [[ -f $dir/pgbouncer/pgbouncer.pid ]] && kill "$(cat "$dir/pgbouncer/pgbouncer.pid")" 2>/dev/null || true
  for db in replica primary; do
    [[ -f $dir/$db/postmaster.pid ]] && pg_as pg_ctl -D "$dir/$db" -m fast stop >/dev/null 2>&1 || true
  done
  rm -rf "$dir"
}

test_cluster() {
  local started=$SECONDS status=0
  up
  load_ports
  export NGINX_PORT NODE_A_PORT NODE_B_PORT PRIMARY_PORT REPLICA_PORT
  export CLUSTER_DIR=$dir CLUSTER_SCRIPT=$0
  python3 scripts/cluster_check.py || status=$?
  if [[ $status -ne 0 ]]; then
    for f in node-A.log node-B.log; do
      [[ -f $dir/$f ]] && { echo "--- $f (last lines)" >&2; tail -n 15 "$dir/$f" >&2; }
    done
    # What nginx could not pass on (a refused connect is retried on the next node and is not shown), and the 5xx it answered.
    echo "--- nginx/error.log (errors other than refused connections)" >&2
    grep -v 'connect() failed (111\|temporarily disabled' "$dir/nginx/error.log" | tail -n 15 >&2 || true
    echo "--- nginx/access.log (5xx answered, with each attempt's node and status)" >&2
    grep -E '" 5[0-9][0-9] ' "$dir/nginx/access.log" | tail -n 15 >&2 || true
  fi
  down
  [[ $status -eq 0 ]] || fail "see above"
  echo "cluster test: passed in $((SECONDS - started)) s"
}

case ${1:-} in
  up) up ;;
  down) down ;;
  test) test_cluster ;;
  # Used by cluster_check.py: restart or stop one node with the cluster's settings.
  node-start) load_ports; start_node "$2" ;;
  node-stop) load_ports; stop_node "$2" "${3:-TERM}" ;;
  *) echo "usage: scripts/cluster.sh up|down|test" >&2; exit 2 ;;
esac
