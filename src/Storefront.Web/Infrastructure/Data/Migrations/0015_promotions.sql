-- Promotions and members: 限时折扣 item discounts, 满减/满折 order promotions, 优惠券 coupons and the copies shoppers
-- hold, 秒杀 flash sales with their SKUs and per-shopper purchase counts, 会员等级 tiers, member accounts (tier, growth,
-- points balance) and the points ledger; the store's points rules; and on each order the coupon, points and tier used.

alter table stores
    add column points_earn_per_yuan      integer not null default 1   check (points_earn_per_yuan between 0 and 100),
    add column points_redeem_per_yuan    integer not null default 100 check (points_redeem_per_yuan between 1 and 10000),
    add column points_redeem_cap_percent integer not null default 20  check (points_redeem_cap_percent between 0 and 100),
    add column points_expiry_years       integer not null default 1   check (points_expiry_years between 1 and 5),
    add column growth_window_days        integer not null default 365 check (growth_window_days between 30 and 1095);

create table item_discounts (
    tenant_id   uuid not null references stores (id),
    id          uuid not null,
    name        text not null,
    kind        text not null,
    value       numeric(12, 2) not null check (value > 0),
    product_ids uuid[] not null,
    sku_ids     uuid[] not null,
    starts_at   timestamptz not null,
    ends_at     timestamptz not null check (ends_at > starts_at),
    is_enabled  boolean not null,
    created_at  timestamptz not null,
    updated_at  timestamptz not null,
    primary key (tenant_id, id)
);
create index ix_item_discounts_live on item_discounts (tenant_id, ends_at) where is_enabled;

create table order_promotions (
    tenant_id           uuid not null references stores (id),
    id                  uuid not null,
    name                text not null,
    kind                text not null,
    threshold           text not null,
    tiers               jsonb not null,
    scope               text not null,
    scope_ids           uuid[] not null,
    stacks_with_coupons boolean not null,
    starts_at           timestamptz not null,
    ends_at             timestamptz not null check (ends_at > starts_at),
    is_enabled          boolean not null,
    created_at          timestamptz not null,
    updated_at          timestamptz not null,
    primary key (tenant_id, id)
);
create index ix_order_promotions_live on order_promotions (tenant_id, ends_at) where is_enabled;

create table coupons (
    tenant_id        uuid not null references stores (id),
    id               uuid not null,
    name             text not null,
    kind             text not null,
    value            numeric(12, 2) not null check (value > 0),
    cap              numeric(12, 2),
    min_spend        numeric(12, 2) not null check (min_spend >= 0),
    scope            text not null,
    scope_ids        uuid[] not null,
    stackable        boolean not null,
    validity         text not null,
    valid_from       timestamptz,
    valid_until      timestamptz,
    valid_days       integer,
    total_quantity   integer not null check (total_quantity > 0),
    issued           integer not null default 0,
    per_shopper_limit integer not null check (per_shopper_limit > 0),
    claimable        boolean not null,
    for_new_members  boolean not null,
    is_enabled       boolean not null,
    created_at       timestamptz not null,
    updated_at       timestamptz not null,
    primary key (tenant_id, id),
    -- Never more copies than the coupon has: claims take a unit with a conditional UPDATE, this is the backstop.
    check (issued between 0 and total_quantity)
);

create table shopper_coupons (
    tenant_id     uuid not null references stores (id),
    id            uuid not null,
    coupon_id     uuid not null,
    shopper_id    uuid not null,
    source        text not null,
    claimed_at    timestamptz not null,
    valid_from    timestamptz not null,
    valid_until   timestamptz not null,
    used_order_id uuid,
    used_at       timestamptz,
    primary key (tenant_id, id),
    foreign key (tenant_id, coupon_id) references coupons (tenant_id, id),
    foreign key (tenant_id, shopper_id) references shoppers (tenant_id, id) on delete cascade
);
create index ix_shopper_coupons_shopper on shopper_coupons (tenant_id, shopper_id, valid_until) where used_order_id is null;
create index ix_shopper_coupons_coupon on shopper_coupons (tenant_id, coupon_id, shopper_id);
-- A copy pays for one order only.
create unique index ux_shopper_coupons_order on shopper_coupons (tenant_id, used_order_id) where used_order_id is not null;

create table flash_sales (
    tenant_id  uuid not null references stores (id),
    id         uuid not null,
    name       text not null,
    starts_at  timestamptz not null,
    ends_at    timestamptz not null check (ends_at > starts_at),
    is_enabled boolean not null,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    primary key (tenant_id, id)
);
create index ix_flash_sales_live on flash_sales (tenant_id, ends_at) where is_enabled;

create table flash_sale_items (
    tenant_id         uuid not null references stores (id),
    id                uuid not null,
    flash_sale_id     uuid not null,
    product_id        uuid not null,
    sku_id            uuid not null,
    flash_price       numeric(12, 2) not null check (flash_price > 0),
    quota             integer not null check (quota > 0),
    sold              integer not null default 0,
    per_shopper_limit integer not null check (per_shopper_limit > 0),
    primary key (tenant_id, id),
    foreign key (tenant_id, flash_sale_id) references flash_sales (tenant_id, id) on delete cascade,
    foreign key (tenant_id, sku_id) references skus (tenant_id, id),
    -- The quota is never oversold: orders take units with a conditional UPDATE, this is the backstop.
    check (sold between 0 and quota)
);
create unique index ux_flash_sale_items_sku on flash_sale_items (tenant_id, flash_sale_id, sku_id);
create index ix_flash_sale_items_sku on flash_sale_items (tenant_id, sku_id);

-- Units of a flash item each shopper holds in orders not cancelled: the per-shopper limit, kept by a conditional upsert.
create table flash_purchases (
    tenant_id  uuid not null references stores (id),
    item_id    uuid not null,
    shopper_id uuid not null,
    quantity   integer not null check (quantity >= 0),
    primary key (tenant_id, item_id, shopper_id),
    foreign key (tenant_id, item_id) references flash_sale_items (tenant_id, id) on delete cascade
);

create table member_tiers (
    tenant_id         uuid not null references stores (id),
    id                uuid not null,
    name              text not null,
    growth_threshold  numeric(12, 2) not null check (growth_threshold >= 0),
    discount_rate     numeric(4, 2) not null check (discount_rate > 0 and discount_rate <= 1),
    free_shipping     boolean not null,
    points_multiplier numeric(4, 1) not null check (points_multiplier >= 1),
    updated_at        timestamptz not null,
    primary key (tenant_id, id)
);
create unique index ux_member_tiers_threshold on member_tiers (tenant_id, growth_threshold);

create table member_accounts (
    tenant_id       uuid not null references stores (id),
    shopper_id      uuid not null,
    tier_id         uuid,
    growth          numeric(12, 2) not null,
    points_balance  integer not null check (points_balance >= 0),
    tier_changed_at timestamptz,
    updated_at      timestamptz not null,
    primary key (tenant_id, shopper_id),
    foreign key (tenant_id, shopper_id) references shoppers (tenant_id, id) on delete cascade,
    foreign key (tenant_id, tier_id) references member_tiers (tenant_id, id)
);

create table points_entries (
    tenant_id  uuid not null references stores (id),
    id         uuid not null,
    shopper_id uuid not null,
    at         timestamptz not null,
    kind       text not null,
    points     integer not null check (points <> 0),
    remaining  integer not null check (remaining >= 0),
    expires_at timestamptz,
    order_id   uuid,
    note       text not null,
    primary key (tenant_id, id),
    foreign key (tenant_id, shopper_id) references shoppers (tenant_id, id) on delete cascade
);
create index ix_points_entries_shopper on points_entries (tenant_id, shopper_id, at desc);
-- The expiry job's work list: positive entries with points left, by expiry.
create index ix_points_entries_expiring on points_entries (expires_at) where remaining > 0;

alter table orders
    add column shopper_coupon_id uuid,
    add column points_used       integer not null default 0 check (points_used >= 0),
    add column points_deduction  numeric(12, 2) not null default 0 check (points_deduction >= 0),
    add column member_tier_id    uuid,
    add column points_multiplier numeric(4, 1) not null default 1,
    add column points_earned     integer not null default 0 check (points_earned >= 0);

do $$
declare t text;
begin
    foreach t in array array['item_discounts', 'order_promotions', 'coupons', 'shopper_coupons', 'flash_sales', 'flash_sale_items',
                             'flash_purchases', 'member_tiers', 'member_accounts', 'points_entries']
    loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format('create policy tenant_isolation on %I using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant())', t);
    end loop;
end $$;
