#!/bin/sh
# The streaming replica of the `cluster` profile: on first start a base backup of the primary (db) with -R, which writes
# standby.signal and primary_conninfo; then the server, read-only, replaying the primary's WAL.
set -eu
: "${PGDATA:=/var/lib/postgresql/data}"
mkdir -p "$PGDATA" && chown postgres:postgres "$PGDATA" && chmod 700 "$PGDATA"
as_postgres() { setpriv --reuid=postgres --regid=postgres --init-groups "$@"; }
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  until pg_isready -h db -U storefront_owner -d storefront; do sleep 1; done
  PGPASSWORD=$POSTGRES_PASSWORD as_postgres pg_basebackup -h db -U storefront_owner -D "$PGDATA" -R -X stream
fi
exec setpriv --reuid=postgres --regid=postgres --init-groups postgres -D "$PGDATA" -c listen_addresses='*' -c hba_file=/etc/storefront/pg_hba.conf
