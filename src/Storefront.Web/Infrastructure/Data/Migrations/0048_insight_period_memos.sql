-- Distinct counts (buyers, visitors, the funnel) of closed periods, counted once and kept (issue 18, item 9;
-- docs/decisions/0051): a period that ended no longer changes, and counting it again over a year of rollup rows took
-- seconds per request. A period with today is the kept count of its days up to yesterday patched with today's buyers or
-- visitors (Features/Insight/PeriodMemo.cs). RebuildInsight deletes the store's rows.
create table insight_period_memos (
    tenant_id   uuid not null references stores (id),
    kind        text not null,
    from_day    date not null,
    to_day      date not null,
    payload     jsonb not null,
    computed_at timestamptz not null,
    primary key (tenant_id, kind, from_day, to_day)
);

alter table insight_period_memos enable row level security;
alter table insight_period_memos force row level security;
create policy tenant_isolation on insight_period_memos using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
