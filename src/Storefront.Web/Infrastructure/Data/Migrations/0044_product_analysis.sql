-- Product analysis (issue 18, item 3; docs/decisions/0047): per store, day (the store's) and SKU, the units sold, their paid
-- amount and the units refunded; per product and day its buyers and its viewers (from visit tracking). Kept in the
-- transaction of each change by triggers, rebuilt by insight_rebuild; the page never reads the orders.

-- The store's replenishment lead time: a SKU whose stock covers fewer days than this is suggested for reorder.
alter table stores add column reorder_lead_days integer not null default 7 check (reorder_lead_days between 1 and 365);

create table product_days (
    tenant_id      uuid not null references stores (id),
    day            date not null,
    product_id     uuid not null,
    sku_id         uuid not null,
    units          integer not null default 0,
    amount         numeric(14, 2) not null default 0,
    refunded_units integer not null default 0,
    primary key (tenant_id, day, product_id, sku_id)
);
-- A product's last day with a sale (slow movers) without reading the store's whole history.
create index ix_product_days_product on product_days (tenant_id, product_id, day);

alter table product_days enable row level security;
alter table product_days force row level security;
create policy tenant_isolation on product_days using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());

-- Distinct buyers of a product over any period (a distinct count cannot be summed over days).
create table product_buyer_days (
    tenant_id  uuid not null references stores (id),
    day        date not null,
    product_id uuid not null,
    shopper_id uuid not null,
    primary key (tenant_id, day, product_id, shopper_id)
);

alter table product_buyer_days enable row level security;
alter table product_buyer_days force row level security;
create policy tenant_isolation on product_buyer_days using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());

-- Distinct viewers of a product page (by slug, as visit tracking records it) per day.
create table product_visitor_days (
    tenant_id    uuid not null references stores (id),
    day          date not null,
    product_slug text not null,
    visitor_id   uuid not null,
    primary key (tenant_id, day, product_slug, visitor_id)
);

alter table product_visitor_days enable row level security;
alter table product_visitor_days force row level security;
create policy tenant_isolation on product_visitor_days using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());

create function product_insight_bump(p_tenant uuid, p_day date, p_product uuid, p_sku uuid, p_units integer, p_amount numeric, p_refunded integer)
    returns void
    language sql
    as $$
    insert into product_days as d (tenant_id, day, product_id, sku_id, units, amount, refunded_units)
    values (p_tenant, p_day, p_product, p_sku, p_units, p_amount, p_refunded)
    on conflict (tenant_id, day, product_id, sku_id) do update set
        units = d.units + excluded.units, amount = d.amount + excluded.amount, refunded_units = d.refunded_units + excluded.refunded_units
    $$;

-- An order's lines count on the day it is paid; a paid order cancelled (full refund) returns the units no case refunded
-- already, on the day it is cancelled. Deferred to the end of the transaction: an order inserted already paid (the demo
-- history) gets its lines in later statements of the same transaction.
create function product_insight_on_order() returns trigger
    language plpgsql
    as $$
begin
    if new.paid_at is not null and (tg_op = 'INSERT' or old.paid_at is null) then
        perform product_insight_bump(new.tenant_id, insight_day(new.tenant_id, new.paid_at), l.product_id, l.sku_id, sum(l.quantity)::integer,
                                     sum(l.paid_amount), 0)
        from order_lines l where l.tenant_id = new.tenant_id and l.order_id = new.id
        group by l.product_id, l.sku_id;
        insert into product_buyer_days (tenant_id, day, product_id, shopper_id)
        select distinct new.tenant_id, insight_day(new.tenant_id, new.paid_at), l.product_id, new.shopper_id
        from order_lines l where l.tenant_id = new.tenant_id and l.order_id = new.id
        on conflict do nothing;
    end if;
    if new.paid_at is not null and new.cancelled_at is not null and (tg_op = 'INSERT' or old.cancelled_at is null) then
        perform product_insight_bump(new.tenant_id, insight_day(new.tenant_id, new.cancelled_at), l.product_id, l.sku_id, 0, 0,
                                     sum(l.quantity - l.refunded_quantity)::integer)
        from order_lines l where l.tenant_id = new.tenant_id and l.order_id = new.id and l.quantity > l.refunded_quantity
        group by l.product_id, l.sku_id;
    end if;
    return null;
end $$;
create constraint trigger product_insight_orders after insert or update of paid_at, cancelled_at on orders
    deferrable initially deferred for each row execute function product_insight_on_order();

-- A refund-only or return case counts its units as refunded on the day its refund is paid (an exchange refunds nothing).
create function product_insight_on_case() returns trigger
    language plpgsql
    as $$
begin
    if new.refunded_at is not null and new.kind <> 'Exchange' and (tg_op = 'INSERT' or old.refunded_at is null) then
        perform product_insight_bump(new.tenant_id, insight_day(new.tenant_id, new.refunded_at), new.product_id, new.sku_id, 0, 0, new.quantity);
    end if;
    return null;
end $$;
create trigger product_insight_cases after insert or update of refunded_at on aftersales_cases
    for each row execute function product_insight_on_case();

-- Product views arrive in batches (VisitWriter: one statement per store and batch): one statement-level trigger per batch.
create function product_insight_on_views() returns trigger
    language plpgsql
    as $$
begin
    insert into product_visitor_days (tenant_id, day, product_slug, visitor_id)
    select distinct tenant_id, day, product_slug, visitor_id from new_events where kind = 'ProductView' and product_slug is not null
    on conflict do nothing;
    return null;
end $$;
create trigger product_insight_views after insert on visit_events
    referencing new table as new_events for each statement execute function product_insight_on_views();

-- Recounts one store's product rollups from its rows, in its current time zone. Viewers are added from the events still kept
-- (Storefront:Retention:VisitEventDays), never deleted: older days keep what they had.
create function product_insight_rebuild(p_tenant uuid) returns void
    language plpgsql
    as $$
declare
    tz text := coalesce((select time_zone_id from stores where id = p_tenant), 'Asia/Shanghai');
begin
    delete from product_days where tenant_id = p_tenant;
    delete from product_buyer_days where tenant_id = p_tenant;
    insert into product_days (tenant_id, day, product_id, sku_id, units, amount, refunded_units)
    select p_tenant, day, product_id, sku_id, sum(units), sum(amount), sum(refunded)
    from (
        select (o.paid_at at time zone tz)::date as day, l.product_id, l.sku_id, l.quantity as units, l.paid_amount as amount, 0 as refunded
        from order_lines l join orders o on o.tenant_id = l.tenant_id and o.id = l.order_id
        where l.tenant_id = p_tenant and o.paid_at is not null
        union all
        select (o.cancelled_at at time zone tz)::date, l.product_id, l.sku_id, 0, 0, l.quantity - l.refunded_quantity
        from order_lines l join orders o on o.tenant_id = l.tenant_id and o.id = l.order_id
        where l.tenant_id = p_tenant and o.paid_at is not null and o.cancelled_at is not null and l.quantity > l.refunded_quantity
        union all
        select (c.refunded_at at time zone tz)::date, c.product_id, c.sku_id, 0, 0, c.quantity
        from aftersales_cases c where c.tenant_id = p_tenant and c.refunded_at is not null and c.kind <> 'Exchange'
    ) x
    group by day, product_id, sku_id;
    insert into product_buyer_days (tenant_id, day, product_id, shopper_id)
    select distinct p_tenant, (o.paid_at at time zone tz)::date, l.product_id, o.shopper_id
    from order_lines l join orders o on o.tenant_id = l.tenant_id and o.id = l.order_id
    where l.tenant_id = p_tenant and o.paid_at is not null;
    insert into product_visitor_days (tenant_id, day, product_slug, visitor_id)
    select distinct p_tenant, day, product_slug, visitor_id from visit_events
    where tenant_id = p_tenant and kind = 'ProductView' and product_slug is not null
    on conflict do nothing;
end $$;

-- insight_rebuild (migration 0030) recounts the product rollups too: the earlier body is kept under a new name and called first.
alter function insight_rebuild(uuid) rename to insight_rebuild_0030;
create function insight_rebuild(p_tenant uuid) returns void
    language plpgsql
    as $$
begin
    perform insight_rebuild_0030(p_tenant);
    perform product_insight_rebuild(p_tenant);
end $$;

-- Runs a rebuild function (by name) for every store, each under its own store setting (row-level security): the history
-- of stores that already have orders, when a migration adds a rollup.
create function insight_rebuild_every_store(p_function text) returns void
    language plpgsql
    as $$
declare
    s record;
begin
    for s in select id from stores loop
        perform set_config('app.tenant_id', s.id::text, true);
        execute format('select %I($1)', p_function) using s.id;
    end loop;
    perform set_config('app.tenant_id', '', true);
end $$;

select insight_rebuild_every_store('product_insight_rebuild');
