-- Today's part of a period's distinct counts without a lookup per buyer or visitor (issue 18, item 9; docs/decisions/0055).
-- Each buyer's day row keeps the buyer's last two paid orders before that day (previous_day; previous_day_2, the same day
-- when that day had two or more), each visitor's day row the visitor's previous day. From today's rows alone the dashboard
-- then knows who bought or visited earlier in a period, and how often. Triggers keep them exact whatever the order rows
-- arrive in: a new row takes its own from the rows before it, and the rows after it (at most two) are corrected.
alter table insight_buyer_days add column previous_day date, add column previous_day_2 date;
alter table visit_visitor_days add column previous_day date;

create function insight_buyer_days_previous() returns trigger
    language plpgsql
    as $$
begin
    select max(day) filter (where n = 1),
           case when max(paid_orders) filter (where n = 1) >= 2 then max(day) filter (where n = 1) else max(day) filter (where n = 2) end
    into new.previous_day, new.previous_day_2
    from (select day, paid_orders, row_number() over (order by day desc) as n
          from (select day, paid_orders from insight_buyer_days
                where tenant_id = new.tenant_id and shopper_id = new.shopper_id and day < new.day order by day desc limit 2) l) p;
    return new;
end $$;
create trigger insight_buyer_days_previous before insert on insight_buyer_days for each row execute function insight_buyer_days_previous();

create function insight_buyer_days_following() returns trigger
    language plpgsql
    as $$
begin
    with r as (
        (select day, paid_orders from insight_buyer_days where tenant_id = new.tenant_id and shopper_id = new.shopper_id and day <= new.day
         order by day desc limit 2)
        union all
        (select day, paid_orders from insight_buyer_days where tenant_id = new.tenant_id and shopper_id = new.shopper_id and day > new.day
         order by day limit 2)),
    x as (
        select day, lag(day) over w as p1, case when lag(paid_orders) over w >= 2 then lag(day) over w else lag(day, 2) over w end as p2
        from r window w as (order by day))
    update insight_buyer_days b set previous_day = x.p1, previous_day_2 = x.p2 from x
    where b.tenant_id = new.tenant_id and b.shopper_id = new.shopper_id and b.day = x.day and x.day > new.day
      and (b.previous_day is distinct from x.p1 or b.previous_day_2 is distinct from x.p2);
    return null;
end $$;
create trigger insight_buyer_days_following after insert or update of paid_orders on insight_buyer_days
    for each row execute function insight_buyer_days_following();

create function visit_visitor_days_previous() returns trigger
    language plpgsql
    as $$
begin
    new.previous_day := (select max(day) from visit_visitor_days
                         where tenant_id = new.tenant_id and visitor_id = new.visitor_id and day < new.day);
    return new;
end $$;
create trigger visit_visitor_days_previous before insert on visit_visitor_days for each row execute function visit_visitor_days_previous();

create function visit_visitor_days_following() returns trigger
    language plpgsql
    as $$
begin
    update visit_visitor_days v set previous_day = new.day
    where v.tenant_id = new.tenant_id and v.visitor_id = new.visitor_id
      and v.day = (select min(day) from visit_visitor_days where tenant_id = new.tenant_id and visitor_id = new.visitor_id and day > new.day)
      and (v.previous_day is null or v.previous_day < new.day);
    return null;
end $$;
create trigger visit_visitor_days_following after insert on visit_visitor_days for each row execute function visit_visitor_days_following();

-- The rows already there, each store under its own setting (row-level security).
create function insight_previous_days_fill(p_tenant uuid) returns void
    language sql
    as $$
    update insight_buyer_days b set previous_day = x.p1, previous_day_2 = x.p2
    from (select day, shopper_id, lag(day) over w as p1,
                 case when lag(paid_orders) over w >= 2 then lag(day) over w else lag(day, 2) over w end as p2
          from insight_buyer_days where tenant_id = p_tenant window w as (partition by shopper_id order by day)) x
    where b.tenant_id = p_tenant and b.day = x.day and b.shopper_id = x.shopper_id and (x.p1 is not null);
    update visit_visitor_days v set previous_day = x.p1
    from (select day, visitor_id, lag(day) over (partition by visitor_id order by day) as p1
          from visit_visitor_days where tenant_id = p_tenant) x
    where v.tenant_id = p_tenant and v.day = x.day and v.visitor_id = x.visitor_id and x.p1 is not null;
    $$;
select insight_rebuild_every_store('insight_previous_days_fill');
drop function insight_previous_days_fill(uuid);
