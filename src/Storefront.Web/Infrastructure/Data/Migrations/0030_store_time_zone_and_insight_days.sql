-- The store's time zone (issue 18, item 6) and the dashboard's daily rollups (items 1 and 9; docs/decisions/0034 and 0035).
-- Days are the store's calendar days in its zone. Triggers keep the rollups as orders are paid, refunded and shipped,
-- shoppers register and after-sales cases are answered, in the same transaction, whoever writes the rows (use cases,
-- jobs, the demo seeder); insight_rebuild(store) recomputes a store from its rows (catch-up, a changed time zone).

alter table stores add column time_zone_id text not null default 'Asia/Shanghai';

-- Additive figures per store and day: amounts, counts and summed durations (averages are sum / count).
create table insight_days (
    tenant_id       uuid not null references stores (id),
    day             date not null,
    paid_orders     integer not null default 0,
    paid_amount     numeric(14, 2) not null default 0,
    refunded_orders integer not null default 0,
    refunded_amount numeric(14, 2) not null default 0,
    new_members     integer not null default 0,
    shipped_orders  integer not null default 0,
    ship_seconds    bigint not null default 0,
    answered_cases  integer not null default 0,
    answer_seconds  bigint not null default 0,
    primary key (tenant_id, day)
);

alter table insight_days enable row level security;
alter table insight_days force row level security;
create policy tenant_isolation on insight_days using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());

-- Paid orders per store, day and buyer: distinct buyers and repeat buyers of any period are counted from these.
create table insight_buyer_days (
    tenant_id   uuid not null references stores (id),
    day         date not null,
    shopper_id  uuid not null,
    paid_orders integer not null,
    paid_amount numeric(14, 2) not null,
    primary key (tenant_id, day, shopper_id)
);

alter table insight_buyer_days enable row level security;
alter table insight_buyer_days force row level security;
create policy tenant_isolation on insight_buyer_days using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());

-- The store's calendar day of an instant.
create function insight_day(p_tenant uuid, p_at timestamptz) returns date
    language sql stable
    as $$ select (p_at at time zone coalesce((select time_zone_id from stores where id = p_tenant), 'Asia/Shanghai'))::date $$;

create function insight_bump(p_tenant uuid, p_at timestamptz,
    p_paid_orders integer default 0, p_paid_amount numeric default 0, p_refunded_orders integer default 0, p_refunded_amount numeric default 0,
    p_new_members integer default 0, p_shipped_orders integer default 0, p_ship_seconds bigint default 0,
    p_answered_cases integer default 0, p_answer_seconds bigint default 0) returns void
    language sql
    as $$
    insert into insight_days as d (tenant_id, day, paid_orders, paid_amount, refunded_orders, refunded_amount, new_members, shipped_orders,
                                   ship_seconds, answered_cases, answer_seconds)
    values (p_tenant, insight_day(p_tenant, p_at), p_paid_orders, p_paid_amount, p_refunded_orders, p_refunded_amount, p_new_members,
            p_shipped_orders, p_ship_seconds, p_answered_cases, p_answer_seconds)
    on conflict (tenant_id, day) do update set
        paid_orders = d.paid_orders + excluded.paid_orders, paid_amount = d.paid_amount + excluded.paid_amount,
        refunded_orders = d.refunded_orders + excluded.refunded_orders, refunded_amount = d.refunded_amount + excluded.refunded_amount,
        new_members = d.new_members + excluded.new_members, shipped_orders = d.shipped_orders + excluded.shipped_orders,
        ship_seconds = d.ship_seconds + excluded.ship_seconds, answered_cases = d.answered_cases + excluded.answered_cases,
        answer_seconds = d.answer_seconds + excluded.answer_seconds
    $$;

-- An order counts on the day it is paid (GMV = its total, shipping included; later refunds are counted apart).
create function insight_on_order() returns trigger
    language plpgsql
    as $$
begin
    if new.paid_at is not null and (tg_op = 'INSERT' or old.paid_at is null) then
        perform insight_bump(new.tenant_id, new.paid_at, p_paid_orders => 1, p_paid_amount => new.total);
        insert into insight_buyer_days as b (tenant_id, day, shopper_id, paid_orders, paid_amount)
        values (new.tenant_id, insight_day(new.tenant_id, new.paid_at), new.shopper_id, 1, new.total)
        on conflict (tenant_id, day, shopper_id) do update set paid_orders = b.paid_orders + 1, paid_amount = b.paid_amount + excluded.paid_amount;
    end if;
    return null;
end $$;
create trigger insight_orders after insert or update of paid_at on orders for each row execute function insight_on_order();

-- A refund counts on the day it succeeds, for a paid order; a payment returned at once (it came for an order already
-- cancelled or paid: key returned-…) was never part of GMV. An order counts as refunded on the day of its first refund.
create function insight_on_refund() returns trigger
    language plpgsql
    as $$
declare
    first_refund boolean;
begin
    if new.status = 'Succeeded' and (tg_op = 'INSERT' or old.status is distinct from 'Succeeded') and new.idempotency_key not like 'returned-%'
        and exists (select 1 from orders o where o.tenant_id = new.tenant_id and o.id = new.order_id and o.paid_at is not null) then
        first_refund := not exists (select 1 from refunds r where r.tenant_id = new.tenant_id and r.order_id = new.order_id and r.id <> new.id
                                    and r.status = 'Succeeded' and r.idempotency_key not like 'returned-%');
        perform insight_bump(new.tenant_id, coalesce(new.completed_at, new.created_at),
            p_refunded_orders => case when first_refund then 1 else 0 end, p_refunded_amount => new.amount);
    end if;
    return null;
end $$;
create trigger insight_refunds after insert or update of status on refunds for each row execute function insight_on_refund();

create function insight_on_shopper() returns trigger
    language plpgsql
    as $$
begin
    perform insight_bump(new.tenant_id, new.created_at, p_new_members => 1);
    return null;
end $$;
create trigger insight_shoppers after insert on shoppers for each row execute function insight_on_shopper();

-- Ship time: from payment to the order's first parcel, counted on the day that parcel ships.
create function insight_on_shipment() returns trigger
    language plpgsql
    as $$
declare
    paid timestamptz;
begin
    select o.paid_at into paid from orders o where o.tenant_id = new.tenant_id and o.id = new.order_id;
    if paid is not null and not exists (select 1 from shipments s where s.tenant_id = new.tenant_id and s.order_id = new.order_id and s.id <> new.id) then
        perform insight_bump(new.tenant_id, new.shipped_at, p_shipped_orders => 1,
            p_ship_seconds => greatest(0, round(extract(epoch from new.shipped_at - paid)))::bigint);
    end if;
    return null;
end $$;
create trigger insight_shipments after insert on shipments for each row execute function insight_on_shipment();

-- After-sales first response: from the request to staff's first answer (approve or reject; an automatic approval is no answer).
create function insight_on_case() returns trigger
    language plpgsql
    as $$
begin
    if new.answered_at is not null and not new.auto_approved and (tg_op = 'INSERT' or old.answered_at is null) then
        perform insight_bump(new.tenant_id, new.answered_at, p_answered_cases => 1,
            p_answer_seconds => greatest(0, round(extract(epoch from new.answered_at - new.requested_at)))::bigint);
    end if;
    return null;
end $$;
create trigger insight_cases after insert or update of answered_at on aftersales_cases for each row execute function insight_on_case();

-- Recomputes one store's rollups from its rows (in the store's current time zone), under the caller's store setting.
create function insight_rebuild(p_tenant uuid) returns void
    language plpgsql
    as $$
declare
    tz text := coalesce((select time_zone_id from stores where id = p_tenant), 'Asia/Shanghai');
begin
    delete from insight_days where tenant_id = p_tenant;
    delete from insight_buyer_days where tenant_id = p_tenant;
    insert into insight_buyer_days (tenant_id, day, shopper_id, paid_orders, paid_amount)
    select p_tenant, (paid_at at time zone tz)::date, shopper_id, count(*), sum(total)
    from orders where tenant_id = p_tenant and paid_at is not null
    group by 2, 3;
    insert into insight_days (tenant_id, day, paid_orders, paid_amount, refunded_orders, refunded_amount, new_members, shipped_orders,
                              ship_seconds, answered_cases, answer_seconds)
    select p_tenant, day, sum(paid_orders), sum(paid_amount), sum(refunded_orders), sum(refunded_amount), sum(new_members), sum(shipped_orders),
           sum(ship_seconds), sum(answered_cases), sum(answer_seconds)
    from (
        select day, paid_orders, paid_amount, 0 as refunded_orders, 0::numeric as refunded_amount, 0 as new_members, 0 as shipped_orders,
               0::bigint as ship_seconds, 0 as answered_cases, 0::bigint as answer_seconds
        from insight_buyer_days where tenant_id = p_tenant
        union all
        select (coalesce(r.completed_at, r.created_at) at time zone tz)::date, 0, 0,
               case when row_number() over (partition by r.order_id order by coalesce(r.completed_at, r.created_at), r.id) = 1 then 1 else 0 end,
               r.amount, 0, 0, 0, 0, 0
        from refunds r join orders o on o.tenant_id = r.tenant_id and o.id = r.order_id
        where r.tenant_id = p_tenant and r.status = 'Succeeded' and r.idempotency_key not like 'returned-%' and o.paid_at is not null
        union all
        select (created_at at time zone tz)::date, 0, 0, 0, 0, 1, 0, 0, 0, 0 from shoppers where tenant_id = p_tenant
        union all
        select (f.first_at at time zone tz)::date, 0, 0, 0, 0, 0, 1, greatest(0, round(extract(epoch from f.first_at - o.paid_at)))::bigint, 0, 0
        from (select order_id, min(shipped_at) as first_at from shipments where tenant_id = p_tenant group by order_id) f
        join orders o on o.tenant_id = p_tenant and o.id = f.order_id
        where o.paid_at is not null
        union all
        select (answered_at at time zone tz)::date, 0, 0, 0, 0, 0, 0, 0, 1, greatest(0, round(extract(epoch from answered_at - requested_at)))::bigint
        from aftersales_cases where tenant_id = p_tenant and answered_at is not null and not auto_approved
    ) x
    group by day;
end $$;

-- Stores that already have orders get their history now, each under its own store setting (row-level security).
do $$
declare
    s record;
begin
    for s in select id from stores loop
        perform set_config('app.tenant_id', s.id::text, true);
        perform insight_rebuild(s.id);
    end loop;
    perform set_config('app.tenant_id', '', true);
end $$;
