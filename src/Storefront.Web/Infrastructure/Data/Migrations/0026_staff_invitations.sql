-- Staff are invited, not attached (issue 15, item 9): an owner's invitation of an e-mail to a role, granted only when the
-- account of that e-mail accepts it through the link (token kept as its SHA-256, used once, 7 days). Store-owned like
-- staff_roles: tenant_id leads the key and the token's unique index, and row-level security admits the store's rows only.
create table staff_invitations (
    tenant_id        uuid not null references stores (id),
    id               uuid not null,
    email            text not null,
    normalized_email text not null,
    role             text not null,
    token_hash       text not null,
    invited_by       uuid,
    created_at       timestamptz not null,
    expires_at       timestamptz not null,
    accepted_at      timestamptz,
    accepted_by      uuid,
    primary key (tenant_id, id)
);
create unique index ux_staff_invitations_token on staff_invitations (tenant_id, token_hash);

alter table staff_invitations enable row level security;
alter table staff_invitations force row level security;
create policy tenant_isolation on staff_invitations using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
