-- Stores on several PostgreSQL clusters (issue 20 item 7; docs/decisions/0052-store-moves.md). Every cluster runs the same
-- migrations, so every cluster has this table; what its rows mean:
-- * on the default cluster (ConnectionStrings:Storefront) they are the directory: the store's data lives on `cluster`
--   (no row: on the default cluster);
-- * on any cluster, a row whose `cluster` is not that cluster's own name, or whose read_only_since is set, fences it: the
--   store's commands may not write its rows there (app_store_writable). The move writes such a row on the cluster it copies
--   from, before the copy (read-only) and for good once the store has left (moved away).
-- A platform table, like stores: no tenant_id, no row-level security; the app role only reads it (Migrator revokes writes),
-- the move command writes it as the owner.
create table store_placements (
    store_id        uuid primary key references stores (id),
    cluster         text not null check (cluster ~ '^[A-Za-z0-9_-]{1,40}$'),
    read_only_since timestamptz,
    changed_at      timestamptz not null default now()
);

-- Called by every command at the start of its transaction (TransactionBehavior) when clusters are configured: true when
-- the store's rows may be written on this cluster now. It takes the store's advisory lock shared for the transaction,
-- without waiting: the move holds it exclusively while it copies, and takes it only once the commands that were already
-- running (holding it shared) have committed. The lock is taken before the row is read, and the row is read in the same
-- statement: a command that began before the store went read-only either holds the lock (the move waits for it) or is
-- refused.
create function app_store_writable(store uuid, here text) returns boolean
    language sql volatile
    as $$
        select pg_try_advisory_xact_lock_shared(20, hashtext(store::text))
            and not exists (select 1 from store_placements p
                            where p.store_id = store and (p.read_only_since is not null or p.cluster <> here))
    $$;
