-- Stores, accounts, staff roles, products and the audit log.
-- Every store-owned table: tenant_id leads the primary key and unique indexes, and row-level security
-- (forced, so even the owner is bound) admits only rows of the store named by the app.tenant_id setting.

create function app_current_tenant() returns uuid
    language sql stable
    as $$ select nullif(current_setting('app.tenant_id', true), '')::uuid $$;

create table stores (
    id                uuid primary key,
    slug              text not null,
    name              text not null,
    status            text not null,
    default_language  text not null,
    currency          text not null,
    custom_domains    text[] not null default '{}',
    created_at        timestamptz not null,
    suspended_at      timestamptz,
    suspension_reason text
);
create unique index ux_stores_slug on stores (slug);
create index ix_stores_custom_domains on stores using gin (custom_domains);

create table staff_accounts (
    id                  uuid primary key,
    email               text not null,
    normalized_email    text not null,
    display_name        text not null,
    password_hash       text,
    security_stamp      text,
    lockout_enabled     boolean not null,
    lockout_end         timestamptz,
    access_failed_count integer not null,
    is_platform_admin   boolean not null default false,
    created_at          timestamptz not null
);
create unique index ux_staff_accounts_normalized_email on staff_accounts (normalized_email);

create table staff_roles (
    tenant_id  uuid not null references stores (id),
    staff_id   uuid not null references staff_accounts (id),
    role       text not null,
    granted_at timestamptz not null,
    granted_by uuid,
    primary key (tenant_id, staff_id, role)
);

create table shoppers (
    tenant_id           uuid not null references stores (id),
    id                  uuid not null,
    email               text not null,
    normalized_email    text not null,
    display_name        text not null,
    password_hash       text,
    security_stamp      text,
    lockout_enabled     boolean not null,
    lockout_end         timestamptz,
    access_failed_count integer not null,
    created_at          timestamptz not null,
    primary key (tenant_id, id)
);
create unique index ux_shoppers_normalized_email on shoppers (tenant_id, normalized_email);

create table products (
    tenant_id   uuid not null references stores (id),
    id          uuid not null,
    name        text not null,
    description text not null,
    price       numeric(12, 2) not null check (price > 0),
    status      text not null,
    created_at  timestamptz not null,
    updated_at  timestamptz not null,
    listed_at   timestamptz,
    primary key (tenant_id, id)
);
create index ix_products_listed on products (tenant_id, status, listed_at desc);

create table audit_log (
    tenant_id uuid not null references stores (id),
    id        uuid not null,
    at        timestamptz not null,
    actor_id  uuid,
    action    text not null,
    entity_id text not null,
    details   text not null,
    primary key (tenant_id, id)
);

do $$
declare t text;
begin
    foreach t in array array['staff_roles', 'shoppers', 'products', 'audit_log'] loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format('create policy tenant_isolation on %I using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant())', t);
    end loop;
end $$;
