#!/usr/bin/env bash
# Prints the name of a PostgreSQL 15 image that the local Docker engine has, making it available first:
# STOREFRONT_PG_IMAGE (default postgres:15) when it is present or can be pulled; otherwise (registries unreachable)
# storefront/postgres:15, built once from Debian's packages with debootstrap and `docker import`. The built image
# behaves like the official one where the tests and docker-compose.yml rely on it: POSTGRES_USER, POSTGRES_PASSWORD
# and POSTGRES_DB initialise an empty /var/lib/postgresql/data, the server listens on every address of the container
# (port 5432), extra arguments are server options (`-c name=value`), and pg_isready is on PATH. Progress on stderr.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/docker.sh

official=${STOREFRONT_PG_IMAGE:-postgres:15}
local_image=storefront/postgres:15
if image_available "$official"; then echo "$official"; exit 0; fi
if docker image inspect "$local_image" >/dev/null 2>&1; then echo "$local_image"; exit 0; fi

echo "postgres-image: $official cannot be pulled; building $local_image from Debian packages..." >&2
started=$(date +%s)
root=$(mktemp -d /tmp/storefront-pgimage-XXXXXX)
trap 'rm -rf "$root"' EXIT
debian_rootfs "$root" postgresql-15
# The package's own cluster (/var/lib/postgresql/15/main) is not used.
rm -rf "$root/var/lib/postgresql/15" "$root/etc/postgresql/15"
ln -sf /usr/lib/postgresql/15/bin/pg_isready "$root/usr/local/bin/pg_isready"
cat >"$root/usr/local/bin/docker-entrypoint.sh" <<'ENTRYPOINT'
#!/bin/sh
# Initialises an empty data folder from POSTGRES_USER / POSTGRES_PASSWORD / POSTGRES_DB (as the official image does),
# then runs the server as the postgres user, listening on every address of the container.
set -eu
: "${PGDATA:=/var/lib/postgresql/data}"
user=${POSTGRES_USER:-postgres}
db=${POSTGRES_DB:-$user}
mkdir -p "$PGDATA" /var/run/postgresql
chown -R postgres:postgres "$PGDATA" /var/run/postgresql
chmod 700 "$PGDATA"
as_postgres() { setpriv --reuid=postgres --regid=postgres --init-groups "$@"; }
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  pwfile=$(mktemp)
  printf '%s\n' "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD is required}" >"$pwfile"
  chown postgres "$pwfile"
  as_postgres initdb -D "$PGDATA" -U "$user" --pwfile="$pwfile" -E UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  rm -f "$pwfile"
  echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
  if [ "$db" != postgres ]; then
    echo "CREATE DATABASE \"$db\";" | as_postgres postgres --single -D "$PGDATA" -j postgres >/dev/null
  fi
fi
[ "${1:-}" = postgres ] && shift   # "postgres -c ..." as the official image takes it; "-c ..." alone works too
exec setpriv --reuid=postgres --regid=postgres --init-groups postgres -D "$PGDATA" -c listen_addresses='*' "$@"
ENTRYPOINT
chmod 755 "$root/usr/local/bin/docker-entrypoint.sh"

tar -C "$root" -c . | docker import \
  -c 'ENV PATH=/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  -c 'ENV PGDATA=/var/lib/postgresql/data' -c 'ENV LANG=C.UTF-8' -c 'EXPOSE 5432' \
  -c 'ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]' - "$local_image" >/dev/null
echo "postgres-image: built $local_image in $(( $(date +%s) - started )) s" >&2
echo "$local_image"
