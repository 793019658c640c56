-- The dashboard's visitor figures of a period with today from today's rows alone (issue 18, item 9; docs/decisions/0059).
-- Each visitor's day row keeps, for each step of the funnel (and for being a robot), the latest earlier day on which the
-- visitor took it. A returning visitor of today then says by its own row whether it counted in the period's days before
-- today, and with which steps, so the dashboard's totals need no read of its earlier rows. Steps only ever go from none to
-- some (counts are added to, a robot stays one, rows are not deleted): a row that takes a step moves the later rows' day
-- forward, which is all the triggers do.
alter table visit_visitor_days
    add column prev_bot_day date,
    add column prev_page_view_day date,
    add column prev_product_view_day date,
    add column prev_cart_day date,
    add column prev_checkout_day date,
    add column prev_order_day date,
    add column prev_paid_day date;

-- A new row takes its previous and next day (migration 0052) and its steps' days from the row before it.
create or replace function visit_visitor_days_previous() returns trigger
    language plpgsql
    as $$
declare
    p visit_visitor_days;
begin
    select * into p from visit_visitor_days
    where tenant_id = new.tenant_id and visitor_id = new.visitor_id and day < new.day order by day desc limit 1;
    new.previous_day := p.day;
    new.next_day := (select min(day) from visit_visitor_days where tenant_id = new.tenant_id and visitor_id = new.visitor_id and day > new.day);
    if p.day is not null then
        new.prev_bot_day := case when p.bot then p.day else p.prev_bot_day end;
        new.prev_page_view_day := case when p.page_views > 0 then p.day else p.prev_page_view_day end;
        new.prev_product_view_day := case when p.product_views > 0 then p.day else p.prev_product_view_day end;
        new.prev_cart_day := case when p.add_to_carts > 0 then p.day else p.prev_cart_day end;
        new.prev_checkout_day := case when p.checkouts > 0 then p.day else p.prev_checkout_day end;
        new.prev_order_day := case when p.orders > 0 then p.day else p.prev_order_day end;
        new.prev_paid_day := case when p.paid_orders > 0 then p.day else p.prev_paid_day end;
    end if;
    return new;
end $$;

-- A row with later rows (written out of order, or an earlier day's order paid now) moves their steps' days up to its own.
create function visit_visitor_days_later_steps() returns trigger
    language plpgsql
    as $$
begin
    update visit_visitor_days v set
        prev_bot_day = case when new.bot then greatest(v.prev_bot_day, new.day) else v.prev_bot_day end,
        prev_page_view_day = case when new.page_views > 0 then greatest(v.prev_page_view_day, new.day) else v.prev_page_view_day end,
        prev_product_view_day = case when new.product_views > 0 then greatest(v.prev_product_view_day, new.day) else v.prev_product_view_day end,
        prev_cart_day = case when new.add_to_carts > 0 then greatest(v.prev_cart_day, new.day) else v.prev_cart_day end,
        prev_checkout_day = case when new.checkouts > 0 then greatest(v.prev_checkout_day, new.day) else v.prev_checkout_day end,
        prev_order_day = case when new.orders > 0 then greatest(v.prev_order_day, new.day) else v.prev_order_day end,
        prev_paid_day = case when new.paid_orders > 0 then greatest(v.prev_paid_day, new.day) else v.prev_paid_day end
    where v.tenant_id = new.tenant_id and v.visitor_id = new.visitor_id and v.day > new.day
      and ((new.bot and v.prev_bot_day is distinct from greatest(v.prev_bot_day, new.day))
        or (new.page_views > 0 and v.prev_page_view_day is distinct from greatest(v.prev_page_view_day, new.day))
        or (new.product_views > 0 and v.prev_product_view_day is distinct from greatest(v.prev_product_view_day, new.day))
        or (new.add_to_carts > 0 and v.prev_cart_day is distinct from greatest(v.prev_cart_day, new.day))
        or (new.checkouts > 0 and v.prev_checkout_day is distinct from greatest(v.prev_checkout_day, new.day))
        or (new.orders > 0 and v.prev_order_day is distinct from greatest(v.prev_order_day, new.day))
        or (new.paid_orders > 0 and v.prev_paid_day is distinct from greatest(v.prev_paid_day, new.day)));
    return null;
end $$;
create trigger visit_visitor_days_later_steps after insert or update of bot, page_views, product_views, add_to_carts, checkouts, orders, paid_orders
    on visit_visitor_days for each row when (new.next_day is not null) execute function visit_visitor_days_later_steps();

-- The rows already there, each store under its own setting (row-level security).
create function visit_previous_steps_fill(p_tenant uuid) returns void
    language sql
    as $$
    update visit_visitor_days v set prev_bot_day = x.b, prev_page_view_day = x.pv, prev_product_view_day = x.prv, prev_cart_day = x.c,
        prev_checkout_day = x.co, prev_order_day = x.o, prev_paid_day = x.p
    from (select day, visitor_id, max(day) filter (where bot) over w as b, max(day) filter (where page_views > 0) over w as pv,
                 max(day) filter (where product_views > 0) over w as prv, max(day) filter (where add_to_carts > 0) over w as c,
                 max(day) filter (where checkouts > 0) over w as co, max(day) filter (where orders > 0) over w as o,
                 max(day) filter (where paid_orders > 0) over w as p
          from visit_visitor_days where tenant_id = p_tenant
          window w as (partition by visitor_id order by day rows between unbounded preceding and 1 preceding)) x
    where v.tenant_id = p_tenant and v.day = x.day and v.visitor_id = x.visitor_id and v.previous_day is not null;
    $$;
select insight_rebuild_every_store('visit_previous_steps_fill');
