-- 风控 risk control (issue 19, item 6; docs/decisions/0041-risk-control.md).
-- orders: the score given at checkout, the rules behind it (jsonb: code, points, detail) and the review beside the
-- status (None, Pending = 待审核 and not shippable, Approved, Cancelled).
alter table orders
    add column risk_score   integer not null default 0,
    add column risk_reasons jsonb not null default '[]',
    add column risk_review  text not null default 'None';

-- The review queue: held orders of a store, newest first.
create index ix_orders_risk_pending on orders (tenant_id, placed_at desc) where risk_review = 'Pending';
-- The address rule counts a day's orders to one address (the phone rule uses ix_orders_phone).
create index ix_orders_address on orders (tenant_id, ship_street, placed_at desc);

-- risk_settings: a store's weights, threshold and coupon claim limits; no row means the defaults (RiskSettings).
create table risk_settings (
    tenant_id               uuid not null references stores (id),
    enabled                 boolean not null,
    threshold               integer not null,
    new_account_days        integer not null,
    high_amount             numeric(12, 2) not null,
    new_account_weight      integer not null,
    orders_per_day          integer not null,
    address_orders_weight   integer not null,
    phone_orders_weight     integer not null,
    failed_payments         integer not null,
    failed_payments_weight  integer not null,
    shared_coupon_accounts  integer not null,
    shared_coupon_weight    integer not null,
    far_address_weight      integer not null,
    claims_per_ip           integer not null,
    claims_per_address      integer not null,
    updated_at              timestamptz not null,
    primary key (tenant_id)
);

alter table risk_settings enable row level security;
alter table risk_settings force row level security;
create policy tenant_isolation on risk_settings using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
