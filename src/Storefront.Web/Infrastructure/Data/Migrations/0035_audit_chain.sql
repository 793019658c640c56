-- An audit trail nobody can rewrite (issue 19 item 5; docs/decisions/0037-audit-chain.md).
-- Each store's entries form a hash chain: entry n holds seq n, the hash of entry n-1 and its own hash over that and its
-- content. The chain is built here, by a trigger, so every writer (EF, SQL, a future COPY) goes through it, and one
-- store's writers queue on that store's chain head row (locked until their commit), so concurrent writers cannot fork it.
-- The app role may insert and read entries, never update or delete them (Migrator revokes the rest); a trigger refuses
-- updates and deletes even to the owner, except inside audit_archive() below. Storefront.Domain/Common/AuditChain.cs
-- recomputes the same hash to verify a chain (verify-audit, /admin/audit).

alter table audit_log
    add column role       text,
    add column request_id text,
    add column changes    text not null default '[]',
    add column seq        bigint,
    add column prev_hash  text,
    add column hash       text;

-- The content of an entry, each field as its UTF-8 length, ':', the text and ';' (null as '-;'), so no two different
-- entries read alike; the time as microseconds since 1970 (UTC). AuditChain.Hash in C# writes exactly this.
create function audit_field(v text) returns text
    language sql immutable
    as $$ select case when v is null then '-;' else octet_length(v)::text || ':' || v || ';' end $$;

create function audit_entry_hash(
    p_prev text, p_seq bigint, p_tenant uuid, p_id uuid, p_at timestamptz, p_actor uuid, p_role text, p_action text,
    p_entity text, p_details text, p_changes text, p_request text) returns text
    language sql immutable
    as $$
    select encode(sha256(convert_to(
        audit_field(p_prev) || audit_field(p_seq::text) || audit_field(p_tenant::text) || audit_field(p_id::text)
        || audit_field(((extract(epoch from p_at) * 1000000)::bigint)::text) || audit_field(p_actor::text) || audit_field(p_role)
        || audit_field(p_action) || audit_field(p_entity) || audit_field(p_details) || audit_field(p_changes) || audit_field(p_request),
        'UTF8')), 'hex')
    $$;

-- The head of each store's chain: its last seq and hash (so a deleted tail shows), and what was archived (the chain
-- then starts after archived_seq, linked to archived_hash).
create table audit_chain_heads (
    tenant_id     uuid not null references stores (id),
    seq           bigint not null,
    hash          text not null,
    archived_seq  bigint not null default 0,
    archived_hash text not null default '',
    primary key (tenant_id)
);
alter table audit_chain_heads enable row level security;
create policy tenant_isolation on audit_chain_heads using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());

-- Existing entries are chained in the order they were written (time, then id), store by store.
alter table audit_log no force row level security;
do $$
declare
    r record;
    store uuid := null;
    n bigint := 0;
    prev text := '';
    h text;
begin
    for r in select * from audit_log order by tenant_id, at, id loop
        if store is distinct from r.tenant_id then
            if store is not null then
                insert into audit_chain_heads (tenant_id, seq, hash) values (store, n, prev);
            end if;
            store := r.tenant_id;
            n := 0;
            prev := '';
        end if;
        n := n + 1;
        h := audit_entry_hash(prev, n, r.tenant_id, r.id, r.at, r.actor_id, r.role, r.action, r.entity_id, r.details, r.changes, r.request_id);
        update audit_log set seq = n, prev_hash = prev, hash = h where tenant_id = r.tenant_id and id = r.id;
        prev := h;
    end loop;
    if store is not null then
        insert into audit_chain_heads (tenant_id, seq, hash) values (store, n, prev);
    end if;
end $$;
alter table audit_log force row level security;
alter table audit_chain_heads force row level security;

alter table audit_log
    alter column seq set not null,
    alter column prev_hash set not null,
    alter column hash set not null;
create unique index ux_audit_log_seq on audit_log (tenant_id, seq);
create index ix_audit_log_at on audit_log (tenant_id, at desc);

-- Every new entry: lock the store's head (created on the first entry), take the next seq, link and hash.
-- security definer: the app role may not write the heads itself.
create function audit_log_chain() returns trigger
    language plpgsql security definer set search_path = pg_catalog, public
    as $$
declare
    head audit_chain_heads%rowtype;
begin
    insert into audit_chain_heads (tenant_id, seq, hash) values (new.tenant_id, 0, '') on conflict (tenant_id) do nothing;
    select * into head from audit_chain_heads where tenant_id = new.tenant_id for update;
    new.seq := head.seq + 1;
    new.prev_hash := head.hash;
    new.changes := coalesce(new.changes, '[]');
    new.hash := audit_entry_hash(new.prev_hash, new.seq, new.tenant_id, new.id, new.at, new.actor_id, new.role, new.action,
        new.entity_id, new.details, new.changes, new.request_id);
    update audit_chain_heads set seq = new.seq, hash = new.hash where tenant_id = new.tenant_id;
    return new;
end $$;
create trigger audit_log_chain before insert on audit_log for each row execute function audit_log_chain();

-- Entries are never changed, and deleted only by the archival command.
create function audit_log_append_only() returns trigger
    language plpgsql
    as $$
begin
    if tg_op = 'DELETE' and current_setting('storefront.audit_archive', true) = 'on' then
        return old;
    end if;
    raise exception 'audit_log is append-only: % refused (archive old entries with audit_archive)', tg_op
        using errcode = 'insufficient_privilege';
end $$;
create trigger audit_log_append_only before update or delete on audit_log for each row execute function audit_log_append_only();
create trigger audit_log_no_truncate before truncate on audit_log for each statement execute function audit_log_append_only();

-- Archived entries keep their seq and hashes, so they can still be checked against each other.
create table audit_log_archive (like audit_log including defaults);
alter table audit_log_archive add primary key (tenant_id, id);
alter table audit_log_archive enable row level security;
alter table audit_log_archive force row level security;
create policy tenant_isolation on audit_log_archive using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());

-- The archival command (owner only): select audit_archive('<store id>', <last seq to archive>);
-- moves a store's entries 1..n (a prefix of its chain) to audit_log_archive and records entry n's hash on the head,
-- where the remaining chain starts.
create function audit_archive(p_tenant uuid, p_through_seq bigint) returns bigint
    language plpgsql set search_path = pg_catalog, public
    as $$
declare
    last_hash text;
    moved bigint;
begin
    perform set_config('app.tenant_id', p_tenant::text, true);
    select hash into last_hash from audit_log where tenant_id = p_tenant and seq = p_through_seq;
    if last_hash is null then
        raise exception 'store % has no audit entry %', p_tenant, p_through_seq;
    end if;
    perform set_config('storefront.audit_archive', 'on', true);
    insert into audit_log_archive select * from audit_log where tenant_id = p_tenant and seq <= p_through_seq;
    delete from audit_log where tenant_id = p_tenant and seq <= p_through_seq;
    get diagnostics moved = row_count;
    perform set_config('storefront.audit_archive', 'off', true);
    update audit_chain_heads set archived_seq = p_through_seq, archived_hash = last_hash
        where tenant_id = p_tenant and archived_seq < p_through_seq;
    return moved;
end $$;
revoke execute on function audit_archive(uuid, bigint) from public;
