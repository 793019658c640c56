-- Two more rollups so that the dashboard and the customer analysis read keys, not rows (issue 18, item 9; docs/decisions/0057).
--
-- visit_source_days: per store, day, source and previous day of the visitor, the funnel counts of the visitors' day rows
-- (robots and rows without a page view left out, as the funnel counts them). Today's visitors whose previous day is before a
-- period count in it by today's row alone (decision 0055); their funnel per source is now a sum over a few keys. Statement
-- triggers with transition tables add the new rows and take away the old, so a page view that changes no step writes nothing.
create table visit_source_days (
    tenant_id       uuid not null references stores (id),
    day             date not null,
    source          text not null,
    previous_day    date not null,   -- '-infinity' for a visitor's first day
    visitors        integer not null,
    product_viewers integer not null,
    added_to_cart   integer not null,
    checked_out     integer not null,
    ordered         integer not null,
    paid            integer not null,
    primary key (tenant_id, day, source, previous_day)
);

alter table visit_source_days enable row level security;
alter table visit_source_days force row level security;
create policy tenant_isolation on visit_source_days using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());

-- The statement triggers: each function adds the difference its rows make (+1 for a new row, -1 for an old one) to the
-- counts of their groups, skipping groups whose counts do not change, in key order so that two writers lock alike. A
-- transition table exists only for its event, hence one function per event, the same insert in each.
create function visit_source_days_inserted() returns trigger
    language plpgsql
    as $$
begin
    insert into visit_source_days as c (tenant_id, day, source, previous_day, visitors, product_viewers, added_to_cart, checked_out, ordered, paid)
    select tenant_id, day, source, coalesce(previous_day, '-infinity'), count(*), count(*) filter (where product_views > 0),
           count(*) filter (where add_to_carts > 0), count(*) filter (where checkouts > 0), count(*) filter (where orders > 0),
           count(*) filter (where paid_orders > 0)
    from new_rows where not bot and page_views > 0
    group by 1, 2, 3, 4 order by 1, 2, 3, 4
    on conflict (tenant_id, day, source, previous_day) do update set
        visitors = c.visitors + excluded.visitors, product_viewers = c.product_viewers + excluded.product_viewers,
        added_to_cart = c.added_to_cart + excluded.added_to_cart, checked_out = c.checked_out + excluded.checked_out,
        ordered = c.ordered + excluded.ordered, paid = c.paid + excluded.paid;
    return null;
end $$;

create function visit_source_days_updated() returns trigger
    language plpgsql
    as $$
begin
    insert into visit_source_days as c (tenant_id, day, source, previous_day, visitors, product_viewers, added_to_cart, checked_out, ordered, paid)
    select tenant_id, day, source, previous_day, sum(sign), sum(sign * (product_views > 0)::int), sum(sign * (add_to_carts > 0)::int),
           sum(sign * (checkouts > 0)::int), sum(sign * (orders > 0)::int), sum(sign * (paid_orders > 0)::int)
    from (select tenant_id, day, source, coalesce(previous_day, '-infinity') as previous_day, product_views, add_to_carts, checkouts, orders,
                 paid_orders, 1 as sign
          from new_rows where not bot and page_views > 0
          union all
          select tenant_id, day, source, coalesce(previous_day, '-infinity'), product_views, add_to_carts, checkouts, orders, paid_orders, -1
          from old_rows where not bot and page_views > 0) r
    group by 1, 2, 3, 4
    having sum(sign) <> 0 or sum(sign * (product_views > 0)::int) <> 0 or sum(sign * (add_to_carts > 0)::int) <> 0
        or sum(sign * (checkouts > 0)::int) <> 0 or sum(sign * (orders > 0)::int) <> 0 or sum(sign * (paid_orders > 0)::int) <> 0
    order by 1, 2, 3, 4
    on conflict (tenant_id, day, source, previous_day) do update set
        visitors = c.visitors + excluded.visitors, product_viewers = c.product_viewers + excluded.product_viewers,
        added_to_cart = c.added_to_cart + excluded.added_to_cart, checked_out = c.checked_out + excluded.checked_out,
        ordered = c.ordered + excluded.ordered, paid = c.paid + excluded.paid;
    return null;
end $$;

create function visit_source_days_deleted() returns trigger
    language plpgsql
    as $$
begin
    insert into visit_source_days as c (tenant_id, day, source, previous_day, visitors, product_viewers, added_to_cart, checked_out, ordered, paid)
    select tenant_id, day, source, coalesce(previous_day, '-infinity'), -count(*), -count(*) filter (where product_views > 0),
           -count(*) filter (where add_to_carts > 0), -count(*) filter (where checkouts > 0), -count(*) filter (where orders > 0),
           -count(*) filter (where paid_orders > 0)
    from old_rows where not bot and page_views > 0
    group by 1, 2, 3, 4 order by 1, 2, 3, 4
    on conflict (tenant_id, day, source, previous_day) do update set
        visitors = c.visitors + excluded.visitors, product_viewers = c.product_viewers + excluded.product_viewers,
        added_to_cart = c.added_to_cart + excluded.added_to_cart, checked_out = c.checked_out + excluded.checked_out,
        ordered = c.ordered + excluded.ordered, paid = c.paid + excluded.paid;
    return null;
end $$;

create trigger visit_source_days_inserted after insert on visit_visitor_days referencing new table as new_rows
    for each statement execute function visit_source_days_inserted();
create trigger visit_source_days_updated after update on visit_visitor_days referencing old table as old_rows new table as new_rows
    for each statement execute function visit_source_days_updated();
create trigger visit_source_days_deleted after delete on visit_visitor_days referencing old table as old_rows
    for each statement execute function visit_source_days_deleted();

-- A statement trigger fires even when its statement changed no row: the neighbours of a new visitor day (migration 0052)
-- are updated only when there is one, so that a visitor's first day (most rows) runs no update and no count.
create or replace function visit_visitor_days_neighbours() returns trigger
    language plpgsql
    as $$
declare
    before_day date := (select max(day) from visit_visitor_days where tenant_id = new.tenant_id and visitor_id = new.visitor_id and day < new.day);
    after_day date := (select min(day) from visit_visitor_days where tenant_id = new.tenant_id and visitor_id = new.visitor_id and day > new.day);
begin
    if before_day is not null then
        update visit_visitor_days v set next_day = new.day
        where v.tenant_id = new.tenant_id and v.visitor_id = new.visitor_id and v.day = before_day and v.next_day is distinct from new.day;
    end if;
    if after_day is not null then
        update visit_visitor_days v set previous_day = new.day
        where v.tenant_id = new.tenant_id and v.visitor_id = new.visitor_id and v.day = after_day and v.previous_day is distinct from new.day;
    end if;
    return null;
end $$;

-- insight_buyers: per store and buyer, the first and last paid day ever, and the paid orders and amount from the store's RFM
-- window start on (insight_buyer_windows.from_day). The customer analysis groups these rows by its thresholds; new vs
-- returning buyers of a period are those whose first / last paid day falls in it. Kept from insight_buyer_days by a trigger
-- once a store has a window; the first read builds it (insight_buyers_prepare), a later day's read takes away the days that left
-- the window. An advisory lock per store orders the trigger (shared) against building or moving the window (exclusive).
create table insight_buyers (
    tenant_id  uuid not null references stores (id),
    shopper_id uuid not null,
    first_day  date not null,
    last_day   date not null,
    orders     integer not null,
    amount     numeric(14, 2) not null,
    primary key (tenant_id, shopper_id)
);

create table insight_buyer_windows (
    tenant_id uuid primary key references stores (id),
    from_day  date not null
);

alter table insight_buyers enable row level security;
alter table insight_buyers force row level security;
create policy tenant_isolation on insight_buyers using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
alter table insight_buyer_windows enable row level security;
alter table insight_buyer_windows force row level security;
create policy tenant_isolation on insight_buyer_windows using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());

create function insight_buyers_lock_key(p_tenant uuid) returns integer
    language sql immutable
    as $$ select hashtext('insight_buyers:' || p_tenant::text) $$;

create function insight_buyers_keep() returns trigger
    language plpgsql
    as $$
declare
    window_from date;
    d_orders integer := new.paid_orders;
    d_amount numeric := new.paid_amount;
begin
    perform pg_advisory_xact_lock_shared(insight_buyers_lock_key(new.tenant_id));
    select from_day into window_from from insight_buyer_windows where tenant_id = new.tenant_id;
    if window_from is null then
        return null;
    end if;
    if tg_op = 'UPDATE' then
        d_orders := new.paid_orders - old.paid_orders;
        d_amount := new.paid_amount - old.paid_amount;
    end if;
    if new.day < window_from then
        d_orders := 0;
        d_amount := 0;
    end if;
    insert into insight_buyers as b (tenant_id, shopper_id, first_day, last_day, orders, amount)
    values (new.tenant_id, new.shopper_id, new.day, new.day, d_orders, d_amount)
    on conflict (tenant_id, shopper_id) do update set
        first_day = least(b.first_day, excluded.first_day), last_day = greatest(b.last_day, excluded.last_day),
        orders = b.orders + excluded.orders, amount = b.amount + excluded.amount;
    return null;
end $$;
create trigger insight_buyers_keep after insert or update of paid_orders, paid_amount on insight_buyer_days
    for each row execute function insight_buyers_keep();

-- Makes the store's buyer rollup count from p_from on: nothing when it already does; the days before p_from taken away when
-- it started earlier; built from the buyer days when there is none or it started later (a longer window, a clock set back).
create function insight_buyers_prepare(p_tenant uuid, p_from date) returns void
    language plpgsql
    as $$
declare
    kept date;
begin
    perform pg_advisory_xact_lock(insight_buyers_lock_key(p_tenant));
    select from_day into kept from insight_buyer_windows where tenant_id = p_tenant;
    if kept = p_from then
        return;
    end if;
    if kept is null or kept > p_from then
        delete from insight_buyers where tenant_id = p_tenant;
        insert into insight_buyers (tenant_id, shopper_id, first_day, last_day, orders, amount)
        select p_tenant, shopper_id, min(day), max(day), coalesce(sum(paid_orders) filter (where day >= p_from), 0),
               coalesce(sum(paid_amount) filter (where day >= p_from), 0)
        from insight_buyer_days where tenant_id = p_tenant
        group by shopper_id;
    else
        update insight_buyers b set orders = b.orders - x.orders, amount = b.amount - x.amount
        from (select shopper_id, sum(paid_orders) as orders, sum(paid_amount) as amount from insight_buyer_days
              where tenant_id = p_tenant and day >= kept and day < p_from group by shopper_id) x
        where b.tenant_id = p_tenant and b.shopper_id = x.shopper_id;
    end if;
    insert into insight_buyer_windows (tenant_id, from_day) values (p_tenant, p_from)
    on conflict (tenant_id) do update set from_day = excluded.from_day;
end $$;

-- insight_rebuild recounts the buyer days: the buyer rollup is dropped with them (under the lock) and built again on the next
-- read. The source counts are recounted from the visitors' rows, which the rebuild does not touch.
create function visit_source_days_rebuild(p_tenant uuid) returns void
    language sql
    as $$
    delete from visit_source_days where tenant_id = p_tenant;
    insert into visit_source_days (tenant_id, day, source, previous_day, visitors, product_viewers, added_to_cart, checked_out, ordered, paid)
    select p_tenant, day, source, coalesce(previous_day, '-infinity'), count(*), count(*) filter (where product_views > 0),
           count(*) filter (where add_to_carts > 0), count(*) filter (where checkouts > 0), count(*) filter (where orders > 0),
           count(*) filter (where paid_orders > 0)
    from visit_visitor_days where tenant_id = p_tenant and not bot and page_views > 0
    group by day, source, coalesce(previous_day, '-infinity');
    $$;

alter function insight_rebuild(uuid) rename to insight_rebuild_0052;
create function insight_rebuild(p_tenant uuid) returns void
    language plpgsql
    as $$
begin
    perform pg_advisory_xact_lock(insight_buyers_lock_key(p_tenant));
    delete from insight_buyer_windows where tenant_id = p_tenant;
    delete from insight_buyers where tenant_id = p_tenant;
    perform insight_rebuild_0052(p_tenant);
    perform visit_source_days_rebuild(p_tenant);
end $$;

select insight_rebuild_every_store('visit_source_days_rebuild');
