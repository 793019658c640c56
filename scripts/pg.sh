# Shared by run.sh and test.sh: find or install the PostgreSQL server binaries, and run them as a user that
# PostgreSQL accepts (it refuses root: as root, clusters belong to the postgres system user).
# shellcheck shell=bash

pg_find_bin() {
  local dir
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    PG_BIN=$(dirname "$(command -v initdb)")
    return 0
  fi
  for dir in /usr/lib/postgresql/*/bin; do
    if [[ -x $dir/initdb && -x $dir/pg_ctl ]]; then PG_BIN=$dir; return 0; fi
  done
  return 1
}

pg_ensure_installed() {
  pg_find_bin && return 0
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "PostgreSQL server not found: installing it with apt-get..." >&2
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    pg_find_bin && return 0
  fi
  echo "PostgreSQL server binaries (initdb, pg_ctl) are missing: install them with 'sudo apt-get install postgresql'." >&2
  return 1
}

# pg_as CMD ARGS...: run a PostgreSQL binary, as the postgres user when we are root.
pg_as() {
  local cmd=$1; shift
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$PG_BIN/$cmd" "$@"
  else
    "$PG_BIN/$cmd" "$@"
  fi
}

# pg_prepare_dir DIR: make DIR (the cluster's folder) usable by the user that runs PostgreSQL.
pg_prepare_dir() {
  mkdir -p "$1"
  if [[ $(id -u) -eq 0 ]]; then chown postgres:postgres "$1"; chmod 700 "$1"; fi
}

# PgBouncer (Debian's 1.18) for the tests that run the app through it in transaction mode (PgBouncerTests,
# TenantIsolationThroughPgBouncerTests): installed with apt as root, else one line saying what to install.
pgbouncer_ensure_installed() {
  [[ -x ${STOREFRONT_PGBOUNCER:-/usr/sbin/pgbouncer} ]] && return 0
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "PgBouncer not found: installing it with apt-get..." >&2
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pgbouncer >/dev/null
    [[ -x ${STOREFRONT_PGBOUNCER:-/usr/sbin/pgbouncer} ]] && return 0
  fi
  echo "PgBouncer is missing for the PgBouncer tests: install it with 'sudo apt-get install pgbouncer'." >&2
  return 1
}

# nginx (Debian's 1.22) for scripts/cluster.sh: installed with apt as root, else one line saying what to install.
nginx_ensure_installed() {
  command -v nginx >/dev/null 2>&1 || [[ -x /usr/sbin/nginx ]] && return 0
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "nginx not found: installing it with apt-get..." >&2
    # The package would start its own server on port 80 where an init system runs: the cluster runs its own.
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
    [[ -x /usr/sbin/nginx ]] && return 0
  fi
  echo "nginx is missing for the cluster test: install it with 'sudo apt-get install nginx'." >&2
  return 1
}
