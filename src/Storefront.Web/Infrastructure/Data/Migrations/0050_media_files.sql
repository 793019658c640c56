-- Uploaded images kept in PostgreSQL (Storefront:Media:Store=Database; docs/decisions/0053-drain-media-and-cluster-benches.md):
-- every app node serves what another stored, with no shared volume. Store-owned like every store table: tenant_id leads
-- the key, row-level security admits the store's rows only, and the app filters by store too. The name is the sha256 of
-- the bytes (hex) and the type's extension, so a name always means the same bytes.
create table media_files (
    tenant_id    uuid not null references stores (id),
    name         varchar(69) not null,
    content_type varchar(32) not null,
    sha256       varchar(64) not null check (length(sha256) = 64),
    length       integer not null check (length > 0),
    bytes        bytea not null,
    created_at   timestamptz not null,
    primary key (tenant_id, name),
    check (name = sha256 || substring(name from 65)),
    check (octet_length(bytes) = length)
);
-- Images are compressed already: kept out of line without another try at compressing them.
alter table media_files alter column bytes set storage external;

alter table media_files enable row level security;
alter table media_files force row level security;
create policy tenant_isolation on media_files using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
