-- First-party visit tracking (issue 18, item 2; docs/decisions/0045). The app queues events in memory and a background
-- writer stores them in batches: one statement per store and batch inserts the events and bumps each visitor's day row.

-- The raw events, kept for Storefront:Retention:VisitEventDays (the retention job). No IP, no user agent, no account:
-- a random visitor id (a first-party cookie, persistent only after consent), what was seen and where the visit came from.
create table visit_events (
    tenant_id     uuid not null references stores (id),
    id            bigint generated always as identity,
    at            timestamptz not null,
    day           date not null,
    visitor_id    uuid not null,
    kind          text not null,
    page_kind     text,
    product_slug  text,
    source        text not null,
    medium        text not null,
    referrer_host text,
    primary key (tenant_id, id)
);
create index visit_events_at on visit_events (tenant_id, at);

alter table visit_events enable row level security;
alter table visit_events force row level security;
create policy tenant_isolation on visit_events using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());

-- One row per store, day (the store's) and visitor: what the visitor did that day and the day's first source other than
-- (direct). Distinct visitors of any period, the funnel and its split by source are counted from these (a distinct count
-- cannot be summed over days). A visitor found to be a robot by its pace is marked (bot) and left out.
create table visit_visitor_days (
    tenant_id     uuid not null references stores (id),
    day           date not null,
    visitor_id    uuid not null,
    source        text not null,
    medium        text not null,
    first_at      timestamptz not null,
    page_views    integer not null default 0,
    product_views integer not null default 0,
    add_to_carts  integer not null default 0,
    checkouts     integer not null default 0,
    orders        integer not null default 0,
    paid_orders   integer not null default 0,
    bot           boolean not null default false,
    primary key (tenant_id, day, visitor_id)
);
create index visit_visitor_days_visitor on visit_visitor_days (tenant_id, visitor_id, day);

alter table visit_visitor_days enable row level security;
alter table visit_visitor_days force row level security;
create policy tenant_isolation on visit_visitor_days using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
