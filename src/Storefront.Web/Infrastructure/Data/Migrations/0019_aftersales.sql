-- After-sales and reviews: cases per order line (仅退款 / 退货退款 / 换货) with their timeline, complaints (投诉) with
-- replies, product reviews (评价); the store's after-sales settings; and the store's return address.

alter table stores
    add column aftersales_no_reason_days        integer not null default 7  check (aftersales_no_reason_days between 0 and 90),
    add column aftersales_quality_days          integer not null default 15 check (aftersales_quality_days between 0 and 365),
    add column aftersales_answer_hours          integer not null default 48 check (aftersales_answer_hours between 1 and 720),
    add column aftersales_complaint_hours       integer not null default 24 check (aftersales_complaint_hours between 1 and 720),
    add column aftersales_threshold_policy      text not null default 'RefundAllocated',
    add column return_address                   text not null default '';

create table aftersales_cases (
    tenant_id                uuid not null references stores (id),
    id                       uuid not null,
    order_id                 uuid not null,
    order_number             text not null,
    order_line_id            uuid not null,
    shopper_id               uuid not null,
    product_id               uuid not null,
    sku_id                   uuid not null,
    product_name             text not null,
    spec_text                text not null,
    kind                     text not null,
    reason                   text not null,
    description              text not null,
    photos                   text[] not null,
    quantity                 integer not null check (quantity > 0),
    status                   text not null,
    requested_at             timestamptz not null,
    answer_due_at            timestamptz not null,
    answered_at              timestamptz,
    auto_approved            boolean not null,
    reject_reason            text,
    withdrawn_at             timestamptz,
    return_address           text,
    return_carrier           text,
    return_tracking_number   text,
    return_shipped_at        timestamptz,
    received_at              timestamptz,
    restock                  boolean,
    exchange_product_id      uuid,
    exchange_sku_id          uuid,
    exchange_spec_text       text,
    exchange_reserved_at     timestamptz,
    exchange_carrier         text,
    exchange_tracking_number text,
    exchange_shipped_at      timestamptz,
    refund_goods             numeric(12, 2) not null check (refund_goods >= 0),
    refund_shipping          numeric(12, 2) not null check (refund_shipping >= 0),
    refund_claw_back         numeric(12, 2) not null check (refund_claw_back >= 0),
    refund_amount            numeric(12, 2) not null check (refund_amount >= 0),
    points_to_return         integer not null,
    points_to_reverse        integer not null,
    whole_order              boolean not null,
    returns_coupon           boolean not null,
    refunded_at              timestamptz,
    refund_reference         text,
    closed_at                timestamptz,
    version                  integer not null,
    primary key (tenant_id, id),
    foreign key (tenant_id, order_id) references orders (tenant_id, id),
    foreign key (tenant_id, order_line_id) references order_lines (tenant_id, id)
);
create index ix_aftersales_cases_order on aftersales_cases (tenant_id, order_id);
create index ix_aftersales_cases_shopper on aftersales_cases (tenant_id, shopper_id, requested_at desc);
create index ix_aftersales_cases_queue on aftersales_cases (tenant_id, status, answer_due_at);
-- The auto-approval job's work list: unanswered cases by deadline.
create index ix_aftersales_cases_due on aftersales_cases (answer_due_at) where status = 'Requested';

create table aftersales_events (
    tenant_id   uuid not null references stores (id),
    id          uuid not null,
    case_id     uuid not null,
    at          timestamptz not null,
    kind        text not null,
    from_status text,
    to_status   text,
    actor_kind  text not null,
    actor_id    uuid,
    reason      text not null,
    primary key (tenant_id, id),
    foreign key (tenant_id, case_id) references aftersales_cases (tenant_id, id) on delete cascade
);
create index ix_aftersales_events_case on aftersales_events (tenant_id, case_id, at);

create table complaints (
    tenant_id        uuid not null references stores (id),
    id               uuid not null,
    order_id         uuid not null,
    order_number     text not null,
    shopper_id       uuid not null,
    kind             text not null,
    text             text not null,
    status           text not null,
    created_at       timestamptz not null,
    answer_due_at    timestamptz not null,
    first_answered_at timestamptz,
    closed_at        timestamptz,
    close_reason     text,
    replies          jsonb not null,
    version          integer not null,
    primary key (tenant_id, id),
    foreign key (tenant_id, order_id) references orders (tenant_id, id)
);
create index ix_complaints_order on complaints (tenant_id, order_id);
create index ix_complaints_queue on complaints (tenant_id, status, answer_due_at);

create table reviews (
    tenant_id            uuid not null references stores (id),
    id                   uuid not null,
    order_id             uuid not null,
    order_line_id        uuid not null,
    shopper_id           uuid not null,
    product_id           uuid not null,
    sku_id               uuid not null,
    spec_text            text not null,
    stars                integer not null check (stars between 1 and 5),
    text                 text not null,
    photos               text[] not null,
    anonymous            boolean not null,
    created_at           timestamptz not null,
    follow_up_text       text,
    follow_up_photos     text[] not null,
    follow_up_at         timestamptz,
    merchant_reply       text,
    merchant_reply_at    timestamptz,
    hidden               boolean not null,
    hidden_reason        text,
    hidden_at            timestamptz,
    hidden_notice_pending boolean not null,
    version              integer not null,
    primary key (tenant_id, id),
    foreign key (tenant_id, order_id) references orders (tenant_id, id)
);
-- One review per order line.
create unique index ux_reviews_line on reviews (tenant_id, order_line_id);
create index ix_reviews_product on reviews (tenant_id, product_id, created_at desc) where not hidden;

do $$
declare t text;
begin
    foreach t in array array['aftersales_cases', 'aftersales_events', 'complaints', 'reviews']
    loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format('create policy tenant_isolation on %I using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant())', t);
    end loop;
end $$;
