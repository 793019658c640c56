-- Catalog: categories (3 levels, old slugs redirect), products as SPU with SKUs, stock adjustments, search indexes.

create extension if not exists pg_trgm;
create extension if not exists btree_gin;

create table categories (
    tenant_id  uuid not null references stores (id),
    id         uuid not null,
    parent_id  uuid,
    name       text not null,
    slug       text not null,
    position   integer not null,
    level      integer not null check (level between 1 and 3),
    image      text,
    updated_at timestamptz not null,
    primary key (tenant_id, id),
    foreign key (tenant_id, parent_id) references categories (tenant_id, id)
);
create unique index ux_categories_slug on categories (tenant_id, slug);
create index ix_categories_parent on categories (tenant_id, parent_id, position);

create table category_slug_redirects (
    tenant_id   uuid not null references stores (id),
    old_slug    text not null,
    category_id uuid not null,
    primary key (tenant_id, old_slug),
    foreign key (tenant_id, category_id) references categories (tenant_id, id) on delete cascade
);

-- Products move from one price to SKUs. The owner lifts the forced policy while it rewrites existing rows.
alter table products no force row level security;
alter table products drop constraint if exists products_price_check;
alter table products rename column price to min_price;
alter table products
    add column max_price numeric(12, 2) not null default 0,
    add column slug text,
    add column subtitle text not null default '',
    add column brand text,
    add column category_id uuid,
    add column seo_title text,
    add column seo_description text,
    add column featured boolean not null default false,
    add column specs jsonb not null default '[]',
    add column attributes jsonb not null default '[]',
    add column images text[] not null default '{}',
    add column sales_count integer not null default 0,
    add column search_text text not null default '',
    add column scheduled_list_at timestamptz,
    add column scheduled_delist_at timestamptz,
    add column delisted_at timestamptz;
update products set max_price = min_price, slug = 'p' || substr(replace(id::text, '-', ''), 21), search_text = lower(name);
alter table products alter column slug set not null;
alter table products add foreign key (tenant_id, category_id) references categories (tenant_id, id);
create unique index ux_products_slug on products (tenant_id, slug);
create index ix_products_category on products (tenant_id, category_id);
create index ix_products_created on products (tenant_id, created_at desc);
create index ix_products_search_trgm on products using gin (tenant_id, search_text gin_trgm_ops);
create index ix_products_search_fts on products using gin (tenant_id, to_tsvector('simple', search_text));
create index ix_products_schedule on products (scheduled_list_at, scheduled_delist_at)
    where scheduled_list_at is not null or scheduled_delist_at is not null;

create table skus (
    tenant_id           uuid not null references stores (id),
    id                  uuid not null,
    product_id          uuid not null,
    code                text not null,
    spec_values         text[] not null,
    price               numeric(12, 2) not null check (price > 0),
    market_price        numeric(12, 2) check (market_price > 0),
    on_hand             integer not null check (on_hand >= 0),
    reserved            integer not null default 0 check (reserved >= 0 and reserved <= on_hand),
    low_stock_threshold integer not null check (low_stock_threshold >= 0),
    weight_grams        integer not null check (weight_grams >= 0),
    image               text,
    primary key (tenant_id, id),
    foreign key (tenant_id, product_id) references products (tenant_id, id) on delete cascade
);
create unique index ux_skus_code on skus (tenant_id, code);
create index ix_skus_product on skus (tenant_id, product_id);
create index ix_skus_low_stock on skus (tenant_id) where on_hand - reserved <= low_stock_threshold;

insert into skus (tenant_id, id, product_id, code, spec_values, price, on_hand, low_stock_threshold, weight_grams)
select tenant_id, gen_random_uuid(), id, 'SKU-' || upper(substr(replace(id::text, '-', ''), 21)), '{}', min_price, 0, 0, 0 from products;
alter table products force row level security;

create table stock_adjustments (
    tenant_id     uuid not null references stores (id),
    id            uuid not null,
    sku_id        uuid not null,
    delta         integer not null,
    on_hand_after integer not null,
    reason        text not null,
    note          text not null,
    actor_id      uuid,
    at            timestamptz not null,
    primary key (tenant_id, id),
    foreign key (tenant_id, sku_id) references skus (tenant_id, id) on delete cascade
);
create index ix_stock_adjustments_sku on stock_adjustments (tenant_id, sku_id, at desc);

do $$
declare t text;
begin
    foreach t in array array['categories', 'category_slug_redirects', 'skus', 'stock_adjustments'] loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format('create policy tenant_isolation on %I using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant())', t);
    end loop;
end $$;
