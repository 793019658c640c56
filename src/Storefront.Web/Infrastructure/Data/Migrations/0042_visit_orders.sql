-- Orders in the visit funnel (issue 18, item 2; docs/decisions/0045). Placing an order links it to the visitor who placed
-- it (inserted with the order, no extra round trip); triggers count the placement, and the payment when the order is paid
-- (by the payment callback, without the visitor's browser), on that visitor's row of the store's day.

create table visit_orders (
    tenant_id  uuid not null references stores (id),
    order_id   uuid not null,
    visitor_id uuid not null,
    placed_at  timestamptz not null,
    primary key (tenant_id, order_id)
);

alter table visit_orders enable row level security;
alter table visit_orders force row level security;
create policy tenant_isolation on visit_orders using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());

-- Records an order event of a visitor: the event row and a bump of the visitor's day row (a new row takes the visitor's
-- latest known source).
create function visit_order_event(p_tenant uuid, p_visitor uuid, p_at timestamptz, p_kind text, p_orders integer, p_paid integer) returns void
    language sql
    as $$
    insert into visit_events (tenant_id, at, day, visitor_id, kind, source, medium)
    values (p_tenant, p_at, insight_day(p_tenant, p_at), p_visitor, p_kind, '(direct)', '(none)');
    insert into visit_visitor_days as d (tenant_id, day, visitor_id, source, medium, first_at, orders, paid_orders)
    select p_tenant, insight_day(p_tenant, p_at), p_visitor, coalesce(l.source, '(direct)'), coalesce(l.medium, '(none)'), p_at, p_orders, p_paid
    from (select 1) one
    left join lateral (select source, medium from visit_visitor_days
                       where tenant_id = p_tenant and visitor_id = p_visitor and day <= insight_day(p_tenant, p_at)
                       order by day desc limit 1) l on true
    on conflict (tenant_id, day, visitor_id) do update set orders = d.orders + excluded.orders, paid_orders = d.paid_orders + excluded.paid_orders;
    $$;

create function visit_on_order_placed() returns trigger
    language plpgsql
    as $$
begin
    perform visit_order_event(new.tenant_id, new.visitor_id, new.placed_at, 'OrderPlaced', 1, 0);
    return null;
end $$;
create trigger visit_orders_placed after insert on visit_orders for each row execute function visit_on_order_placed();

create function visit_on_order_paid() returns trigger
    language plpgsql
    as $$
begin
    perform visit_order_event(v.tenant_id, v.visitor_id, new.paid_at, 'OrderPaid', 0, 1)
    from visit_orders v where v.tenant_id = new.tenant_id and v.order_id = new.id;
    return null;
end $$;
create trigger visit_orders_paid after update of paid_at on orders
    for each row when (old.paid_at is null and new.paid_at is not null) execute function visit_on_order_paid();
