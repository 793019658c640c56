-- Customer analysis (issue 18, item 5; docs/decisions/0046): the store's RFM thresholds, and an index that finds a buyer's
-- earlier paid days in the per-buyer daily rollup (new vs returning buyers) without reading the store's whole history.

alter table stores
    add column rfm_window_days integer not null default 365 check (rfm_window_days between 1 and 730),
    add column rfm_recent_days integer not null default 30 check (rfm_recent_days >= 0),
    add column rfm_frequent_orders integer not null default 2 check (rfm_frequent_orders between 1 and 10000),
    add column rfm_monetary_amount numeric(14, 2) not null default 500 check (rfm_monetary_amount >= 0);

create index ix_insight_buyer_days_shopper on insight_buyer_days (tenant_id, shopper_id, day);
