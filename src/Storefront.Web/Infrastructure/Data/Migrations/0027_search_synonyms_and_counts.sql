-- Chinese search (issue 17, item 3; docs/decisions/0023-chinese-search.md). Store-owned like every catalog table:
-- tenant_id leads the key, row-level security admits the store's rows only, and the app filters by store too.
-- search_synonyms: groups of words that find the same products (跑鞋 = 运动鞋 = running shoes), kept by operators.
create table search_synonyms (
    tenant_id  uuid not null references stores (id),
    id         uuid not null,
    terms      text[] not null,
    updated_at timestamptz not null,
    primary key (tenant_id, id)
);

alter table search_synonyms enable row level security;
alter table search_synonyms force row level security;
create policy tenant_isolation on search_synonyms using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());

-- search_counts: how often shoppers searched a keyword (that found something), added up in memory and written in
-- batches (HotSearches), for the hot searches shown on the search page.
create table search_counts (
    tenant_id         uuid not null references stores (id),
    keyword           text not null,
    count             bigint not null,
    last_searched_at  timestamptz not null,
    primary key (tenant_id, keyword)
);
create index ix_search_counts_top on search_counts (tenant_id, count desc);

alter table search_counts enable row level security;
alter table search_counts force row level security;
create policy tenant_isolation on search_counts using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
