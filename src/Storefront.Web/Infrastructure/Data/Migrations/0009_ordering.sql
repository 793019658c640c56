-- Ordering: carts, address book, shipping templates, orders with lines, timeline and parcels, payments, refunds,
-- the notification outbox, and the store's order timers and gateway secret.

alter table stores
    add column payment_timeout_minutes integer not null default 30 check (payment_timeout_minutes between 5 and 1440),
    add column auto_confirm_days integer not null default 10 check (auto_confirm_days between 1 and 30),
    add column payment_secret text not null default '';
update stores set payment_secret = encode(sha256((gen_random_uuid()::text || gen_random_uuid()::text)::bytea), 'hex')
where payment_secret = '';

create table cart_lines (
    tenant_id        uuid not null references stores (id),
    owner_id         uuid not null,
    sku_id           uuid not null,
    quantity         integer not null check (quantity between 1 and 999),
    selected         boolean not null,
    price_when_added numeric(12, 2) not null,
    added_at         timestamptz not null,
    updated_at       timestamptz not null,
    primary key (tenant_id, owner_id, sku_id),
    foreign key (tenant_id, sku_id) references skus (tenant_id, id) on delete cascade
);

create table shopper_addresses (
    tenant_id  uuid not null references stores (id),
    id         uuid not null,
    shopper_id uuid not null,
    name       text not null,
    phone      text not null,
    province   text not null,
    city       text not null,
    district   text not null,
    street     text not null,
    is_default boolean not null,
    updated_at timestamptz not null,
    primary key (tenant_id, id),
    foreign key (tenant_id, shopper_id) references shoppers (tenant_id, id) on delete cascade
);
create index ix_shopper_addresses_shopper on shopper_addresses (tenant_id, shopper_id);
create unique index ux_shopper_addresses_default on shopper_addresses (tenant_id, shopper_id) where is_default;

create table shipping_templates (
    tenant_id               uuid not null references stores (id),
    id                      uuid not null,
    name                    text not null,
    kind                    text not null,
    fee                     numeric(12, 2) not null check (fee >= 0),
    free_above              numeric(12, 2),
    first_weight_grams      integer not null,
    additional_weight_grams integer not null,
    additional_fee          numeric(12, 2) not null,
    is_default              boolean not null,
    position                integer not null,
    is_active               boolean not null,
    primary key (tenant_id, id)
);

-- Order numbers: one counter per store and Beijing day, taken with an upsert (no gaps from read-then-write races).
create table order_number_sequences (
    tenant_id  uuid not null references stores (id),
    day        date not null,
    last_value bigint not null,
    primary key (tenant_id, day)
);

create table orders (
    tenant_id            uuid not null references stores (id),
    id                   uuid not null,
    number               text not null,
    shopper_id           uuid not null,
    status               text not null,
    ship_name            text not null,
    ship_phone           text not null,
    ship_province        text not null,
    ship_city            text not null,
    ship_district        text not null,
    ship_street          text not null,
    shipping_template_id uuid,
    shipping_method      text not null,
    subtotal             numeric(12, 2) not null,
    discount             numeric(12, 2) not null,
    shipping_fee         numeric(12, 2) not null,
    total                numeric(12, 2) not null check (total >= 0),
    adjustments          jsonb not null,
    note                 text not null,
    idempotency_key      text,
    placed_at            timestamptz not null,
    payment_due_at       timestamptz not null,
    paid_at              timestamptz,
    payment_reference    text,
    shipped_at           timestamptz,
    auto_confirm_at      timestamptz,
    completed_at         timestamptz,
    cancelled_at         timestamptz,
    cancel_reason        text,
    refunded_amount      numeric(12, 2) not null check (refunded_amount >= 0 and refunded_amount <= total),
    version              integer not null,
    primary key (tenant_id, id),
    foreign key (tenant_id, shopper_id) references shoppers (tenant_id, id)
);
create unique index ux_orders_number on orders (tenant_id, number);
create unique index ux_orders_idempotency on orders (tenant_id, shopper_id, idempotency_key) where idempotency_key is not null;
create index ix_orders_shopper on orders (tenant_id, shopper_id, placed_at desc);
create index ix_orders_placed on orders (tenant_id, placed_at desc);
create index ix_orders_status on orders (tenant_id, status, placed_at desc);
-- The timers' work lists: unpaid orders by due time, shipped orders by auto-confirm time.
create index ix_orders_payment_due on orders (payment_due_at) where status = 'PendingPayment';
create index ix_orders_auto_confirm on orders (auto_confirm_at) where status = 'Shipped';

create table order_lines (
    tenant_id        uuid not null references stores (id),
    id               uuid not null,
    order_id         uuid not null,
    position         integer not null,
    product_id       uuid not null,
    sku_id           uuid not null,
    product_name     text not null,
    product_slug     text not null,
    sku_code         text not null,
    spec_text        text not null,
    image            text,
    unit_price       numeric(12, 2) not null,
    quantity         integer not null check (quantity > 0),
    weight_grams     integer not null,
    subtotal         numeric(12, 2) not null,
    discount         numeric(12, 2) not null,
    paid_amount      numeric(12, 2) not null check (paid_amount >= 0),
    adjustments      jsonb not null,
    shipped_quantity integer not null check (shipped_quantity between 0 and quantity),
    primary key (tenant_id, id),
    foreign key (tenant_id, order_id) references orders (tenant_id, id) on delete cascade
);
create index ix_order_lines_order on order_lines (tenant_id, order_id, position);
create index ix_order_lines_sku on order_lines (tenant_id, sku_id);

create table order_events (
    tenant_id   uuid not null references stores (id),
    id          uuid not null,
    order_id    uuid not null,
    at          timestamptz not null,
    kind        text not null,
    from_status text,
    to_status   text,
    actor_kind  text not null,
    actor_id    uuid,
    reason      text not null,
    internal    boolean not null,
    primary key (tenant_id, id),
    foreign key (tenant_id, order_id) references orders (tenant_id, id) on delete cascade
);
create index ix_order_events_order on order_events (tenant_id, order_id, at);

create table shipments (
    tenant_id       uuid not null references stores (id),
    id              uuid not null,
    order_id        uuid not null,
    carrier         text not null,
    tracking_number text not null,
    lines           jsonb not null,
    shipped_at      timestamptz not null,
    actor_id        uuid,
    primary key (tenant_id, id),
    foreign key (tenant_id, order_id) references orders (tenant_id, id) on delete cascade
);
create index ix_shipments_order on shipments (tenant_id, order_id);

create table payments (
    tenant_id          uuid not null references stores (id),
    id                 uuid not null,
    order_id           uuid not null,
    provider           text not null,
    amount             numeric(12, 2) not null check (amount > 0),
    status             text not null,
    provider_reference text,
    created_at         timestamptz not null,
    completed_at       timestamptz,
    primary key (tenant_id, id),
    foreign key (tenant_id, order_id) references orders (tenant_id, id)
);
create index ix_payments_order on payments (tenant_id, order_id);
create unique index ux_payments_reference on payments (tenant_id, provider, provider_reference) where provider_reference is not null;

create table refunds (
    tenant_id          uuid not null references stores (id),
    id                 uuid not null,
    order_id           uuid not null,
    payment_id         uuid not null,
    amount             numeric(12, 2) not null check (amount > 0),
    reason             text not null,
    idempotency_key    text not null,
    status             text not null,
    provider_reference text,
    created_at         timestamptz not null,
    completed_at       timestamptz,
    primary key (tenant_id, id),
    foreign key (tenant_id, order_id) references orders (tenant_id, id),
    foreign key (tenant_id, payment_id) references payments (tenant_id, id)
);
create unique index ux_refunds_idempotency on refunds (tenant_id, idempotency_key);
create index ix_refunds_order on refunds (tenant_id, order_id);

create table outbox_messages (
    tenant_id       uuid not null references stores (id),
    id              uuid not null,
    kind            text not null,
    "to"            text not null,
    subject         text not null,
    body            text not null,
    created_at      timestamptz not null,
    next_attempt_at timestamptz not null,
    attempts        integer not null,
    sent_at         timestamptz,
    last_error      text,
    primary key (tenant_id, id)
);
create index ix_outbox_due on outbox_messages (next_attempt_at) where sent_at is null;

do $$
declare t text;
begin
    foreach t in array array['cart_lines', 'shopper_addresses', 'shipping_templates', 'order_number_sequences', 'orders',
                             'order_lines', 'order_events', 'shipments', 'payments', 'refunds', 'outbox_messages'] loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format('create policy tenant_isolation on %I using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant())', t);
    end loop;
end $$;
