-- Today's buyers of a period by key (issue 18, item 9; docs/decisions/0059). The dashboard patches a period's kept buyer
-- counts with today's buyers: those who bought earlier in the period (previous_day on or after its first day), twice
-- (second_previous_day), or twice today (migration 0052). Counting them read today's buyer day rows (2,700 on the benchmark
-- store) on every request; these counts per store, day and previous day make it a read of a few hundred keys.
create table insight_buyer_previous_counts (
    tenant_id     uuid not null references stores (id),
    day           date not null,
    previous_day  date not null,   -- '-infinity' for a buyer's first paid day
    buyers        integer not null,
    repeat_buyers integer not null,   -- of them, with two or more paid orders that day
    primary key (tenant_id, day, previous_day)
);

create table insight_buyer_second_counts (
    tenant_id           uuid not null references stores (id),
    day                 date not null,
    second_previous_day date not null,   -- '-infinity' when the buyer had fewer than two paid orders before
    buyers              integer not null,
    primary key (tenant_id, day, second_previous_day)
);

alter table insight_buyer_previous_counts enable row level security;
alter table insight_buyer_previous_counts force row level security;
create policy tenant_isolation on insight_buyer_previous_counts using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
alter table insight_buyer_second_counts enable row level security;
alter table insight_buyer_second_counts force row level security;
create policy tenant_isolation on insight_buyer_second_counts using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());

-- Adds the difference a statement's rows make (+1 for each new row, -1 for each old one) to their keys' counts, skipping keys
-- that do not change, in key order so that two writers lock alike (as visit_source_days, migration 0053). One function for
-- the three events: a trigger with transition tables has one event, and only its own tables exist (chosen by tg_op).
create function insight_buyer_counts_changed() returns trigger
    language plpgsql
    as $$
declare
    shape constant text := 'select tenant_id, day, coalesce(previous_day, ''-infinity'') as previous_day,
        coalesce(second_previous_day, ''-infinity'') as second_previous_day, paid_orders, %s as sign from %s';
begin
    execute format($sql$
        with r as (%s),
        p as (
            insert into insight_buyer_previous_counts as c (tenant_id, day, previous_day, buyers, repeat_buyers)
            select tenant_id, day, previous_day, sum(sign), sum(sign * (paid_orders >= 2)::int) from r
            group by 1, 2, 3 having sum(sign) <> 0 or sum(sign * (paid_orders >= 2)::int) <> 0 order by 1, 2, 3
            on conflict (tenant_id, day, previous_day) do update
                set buyers = c.buyers + excluded.buyers, repeat_buyers = c.repeat_buyers + excluded.repeat_buyers)
        insert into insight_buyer_second_counts as c (tenant_id, day, second_previous_day, buyers)
        select tenant_id, day, second_previous_day, sum(sign) from r
        group by 1, 2, 3 having sum(sign) <> 0 order by 1, 2, 3
        on conflict (tenant_id, day, second_previous_day) do update set buyers = c.buyers + excluded.buyers
        $sql$,
        case tg_op
            when 'INSERT' then format(shape, 1, 'new_rows')
            when 'DELETE' then format(shape, -1, 'old_rows')
            else format(shape, 1, 'new_rows') || ' union all ' || format(shape, -1, 'old_rows')
        end);
    return null;
end $$;

create trigger insight_buyer_counts_inserted after insert on insight_buyer_days referencing new table as new_rows
    for each statement execute function insight_buyer_counts_changed();
create trigger insight_buyer_counts_updated after update on insight_buyer_days referencing old table as old_rows new table as new_rows
    for each statement execute function insight_buyer_counts_changed();
create trigger insight_buyer_counts_deleted after delete on insight_buyer_days referencing old table as old_rows
    for each statement execute function insight_buyer_counts_changed();

-- The buyer days already there, each store under its own setting (row-level security).
create function insight_buyer_counts_fill(p_tenant uuid) returns void
    language sql
    as $$
    insert into insight_buyer_previous_counts (tenant_id, day, previous_day, buyers, repeat_buyers)
    select p_tenant, day, coalesce(previous_day, '-infinity'), count(*), count(*) filter (where paid_orders >= 2)
    from insight_buyer_days where tenant_id = p_tenant group by 2, 3;
    insert into insight_buyer_second_counts (tenant_id, day, second_previous_day, buyers)
    select p_tenant, day, coalesce(second_previous_day, '-infinity'), count(*)
    from insight_buyer_days where tenant_id = p_tenant group by 2, 3;
    $$;
select insight_rebuild_every_store('insight_buyer_counts_fill');
drop function insight_buyer_counts_fill(uuid);
