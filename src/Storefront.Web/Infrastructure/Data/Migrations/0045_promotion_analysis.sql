-- Promotion analysis (issue 18, item 4; docs/decisions/0047): per store, day (the store's) and promotion, the paid orders
-- that used it, their GMV, the units it priced (item promotions), the discount it gave, and for coupons the copies claimed.
-- kind: order-promotion (满减/满折), coupon (the coupon, not the shopper's copy), item-discount (限时折扣), flash (the 秒杀
-- session, not its item). Kept by triggers, rebuilt by insight_rebuild; the page never reads the orders.

create table promotion_days (
    tenant_id    uuid not null references stores (id),
    day          date not null,
    kind         text not null,
    promotion_id uuid not null,
    orders       integer not null default 0,
    units        integer not null default 0,
    gmv          numeric(14, 2) not null default 0,
    discount     numeric(14, 2) not null default 0,
    claimed      integer not null default 0,
    primary key (tenant_id, day, kind, promotion_id)
);

alter table promotion_days enable row level security;
alter table promotion_days force row level security;
create policy tenant_isolation on promotion_days using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());

-- What each promotion did in one order: the adjustments of the order (满减, coupon) and of its lines (限时折扣, 秒杀), the
-- shopper's coupon copy mapped to its coupon and the flash item to its session.
create function promotion_uses(p_tenant uuid, p_order uuid)
    returns table (kind text, promotion_id uuid, units integer, discount numeric)
    language sql stable
    as $$
    select u.kind,
           case u.kind when 'coupon' then (select c.coupon_id from shopper_coupons c where c.tenant_id = p_tenant and c.id = u.source_id)
                       when 'flash' then (select f.flash_sale_id from flash_sale_items f where f.tenant_id = p_tenant and f.id = u.source_id)
                       else u.source_id end,
           sum(u.units)::integer, sum(u.amount)
    from (
        select e->>'kind' as kind, (e->>'sourceId')::uuid as source_id, 0 as units, (e->>'amount')::numeric as amount
        from orders o cross join lateral jsonb_array_elements(o.adjustments) e
        where o.tenant_id = p_tenant and o.id = p_order and e->>'sourceId' is not null and e->>'kind' in ('order-promotion', 'coupon')
        union all
        select e->>'kind', (e->>'sourceId')::uuid, l.quantity, (e->>'amount')::numeric
        from order_lines l cross join lateral jsonb_array_elements(l.adjustments) e
        where l.tenant_id = p_tenant and l.order_id = p_order and e->>'sourceId' is not null and e->>'kind' in ('item-discount', 'flash')
    ) u
    group by 1, 2
    $$;

create function promotion_bump(p_tenant uuid, p_day date, p_kind text, p_promotion uuid, p_orders integer, p_units integer, p_gmv numeric,
    p_discount numeric, p_claimed integer) returns void
    language sql
    as $$
    insert into promotion_days as d (tenant_id, day, kind, promotion_id, orders, units, gmv, discount, claimed)
    values (p_tenant, p_day, p_kind, p_promotion, p_orders, p_units, p_gmv, p_discount, p_claimed)
    on conflict (tenant_id, day, kind, promotion_id) do update set
        orders = d.orders + excluded.orders, units = d.units + excluded.units, gmv = d.gmv + excluded.gmv,
        discount = d.discount + excluded.discount, claimed = d.claimed + excluded.claimed
    $$;

-- An order counts for each promotion it used on the day it is paid, like GMV (a later refund or cancellation is not
-- subtracted). Deferred to the end of the transaction, so that the lines of an order inserted already paid are there.
create function promotion_on_order() returns trigger
    language plpgsql
    as $$
begin
    if new.paid_at is not null and (tg_op = 'INSERT' or old.paid_at is null) then
        perform promotion_bump(new.tenant_id, insight_day(new.tenant_id, new.paid_at), u.kind, u.promotion_id, 1, u.units, new.total, u.discount, 0)
        from promotion_uses(new.tenant_id, new.id) u where u.promotion_id is not null;
    end if;
    return null;
end $$;
create constraint trigger promotion_orders after insert or update of paid_at on orders
    deferrable initially deferred for each row execute function promotion_on_order();

-- A coupon copy counts as claimed on the day the shopper got it (claimed, sent to a tier or a segment, or issued at sign-up).
create function promotion_on_coupon_copy() returns trigger
    language plpgsql
    as $$
begin
    perform promotion_bump(new.tenant_id, insight_day(new.tenant_id, new.claimed_at), 'coupon', new.coupon_id, 0, 0, 0, 0, 1);
    return null;
end $$;
create trigger promotion_coupon_copies after insert on shopper_coupons for each row execute function promotion_on_coupon_copy();

create function promotion_insight_rebuild(p_tenant uuid) returns void
    language plpgsql
    as $$
declare
    tz text := coalesce((select time_zone_id from stores where id = p_tenant), 'Asia/Shanghai');
begin
    delete from promotion_days where tenant_id = p_tenant;
    insert into promotion_days (tenant_id, day, kind, promotion_id, orders, units, gmv, discount, claimed)
    select p_tenant, day, kind, promotion_id, sum(orders), sum(units), sum(gmv), sum(discount), sum(claimed)
    from (
        select (o.paid_at at time zone tz)::date as day, u.kind, u.promotion_id, 1 as orders, u.units, o.total as gmv, u.discount, 0 as claimed
        from orders o cross join lateral promotion_uses(p_tenant, o.id) u
        where o.tenant_id = p_tenant and o.paid_at is not null and u.promotion_id is not null
        union all
        select (c.claimed_at at time zone tz)::date, 'coupon', c.coupon_id, 0, 0, 0, 0, 1
        from shopper_coupons c where c.tenant_id = p_tenant
    ) x
    group by day, kind, promotion_id;
end $$;

-- insight_rebuild recounts the promotion rollup too (the body of migration 0044 kept under a new name and called first).
alter function insight_rebuild(uuid) rename to insight_rebuild_0044;
create function insight_rebuild(p_tenant uuid) returns void
    language plpgsql
    as $$
begin
    perform insight_rebuild_0044(p_tenant);
    perform promotion_insight_rebuild(p_tenant);
end $$;

select insight_rebuild_every_store('promotion_insight_rebuild');
