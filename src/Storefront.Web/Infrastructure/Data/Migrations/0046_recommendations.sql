-- Recommendations (issue 18, item 7; docs/decisions/0048): the store's thresholds for association rules, and the lists the
-- recommendations job computes from paid orders (经常一起买) and from one visitor's product views in a day (看了又看).

-- recommendation_settings: no row means the defaults (RecommendationSettings). computed_at lets one app node claim a store's
-- recomputation (the row locked FOR UPDATE SKIP LOCKED) and the others skip it while it is recent.
create table recommendation_settings (
    tenant_id      uuid not null references stores (id),
    min_support    numeric(9, 6) not null default 0.01 check (min_support > 0 and min_support <= 1),
    min_confidence numeric(9, 6) not null default 0.1 check (min_confidence > 0 and min_confidence <= 1),
    min_lift       numeric(10, 4) not null default 1 check (min_lift >= 0 and min_lift <= 1000),
    computed_at    timestamptz,
    updated_at     timestamptz not null,
    primary key (tenant_id)
);

alter table recommendation_settings enable row level security;
alter table recommendation_settings force row level security;
create policy tenant_isolation on recommendation_settings
    using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());

-- product_recommendations: for each product, the products to show beside it, best first (rank 0), with the rule's figures.
-- Replaced whole per store and kind by each computation. Whether a product is listed and in stock is checked when shown.
create table product_recommendations (
    tenant_id        uuid not null references stores (id),
    kind             text not null check (kind in ('BoughtTogether', 'ViewedTogether')),
    product_id       uuid not null,
    other_product_id uuid not null,
    rank             integer not null check (rank >= 0),
    together         integer not null check (together > 0),
    support          numeric(9, 6) not null,
    confidence       numeric(9, 6) not null,
    lift             numeric(12, 4) not null,
    computed_at      timestamptz not null,
    primary key (tenant_id, kind, product_id, other_product_id)
);
create index ix_product_recommendations_rank on product_recommendations (tenant_id, product_id, kind, rank);

alter table product_recommendations enable row level security;
alter table product_recommendations force row level security;
create policy tenant_isolation on product_recommendations
    using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());

-- 最近浏览: a visitor's latest product views, found without reading the store's events by time.
create index ix_visit_events_visitor on visit_events (tenant_id, visitor_id, at) where kind = 'ProductView';
