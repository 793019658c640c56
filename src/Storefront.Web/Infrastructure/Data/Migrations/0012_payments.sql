-- Payments: the sandbox gateway's own side. One row per charge the store asked it to collect (created when the shopper
-- is sent to the hosted page), the shopper's choice there (paid / failed), and the signed callback that tells the
-- store, delivered over HTTP by a background job with retries and exponential backoff until the store answers 2xx.
-- A real provider keeps this on its own servers; the sandbox keeps it here, beside the store's data, store by store.

create table sandbox_charges (
    tenant_id             uuid not null references stores (id),
    payment_id            uuid not null,
    order_number          text not null,
    amount                numeric(12, 2) not null check (amount > 0),
    return_url            text not null,
    notify_url            text not null,
    status                text not null check (status in ('Open', 'Succeeded', 'Failed')),
    reference             text,
    created_at            timestamptz not null,
    decided_at            timestamptz,
    -- The callback: the exact body signed (HMAC-SHA256 with the store's payment secret, hex) and its delivery.
    callback_body         text,
    callback_signature    text,
    callback_attempts     integer not null default 0,
    callback_next_at      timestamptz,
    callback_delivered_at timestamptz,
    callback_last_status  integer,
    callback_last_error   text,
    primary key (tenant_id, payment_id)
);
create unique index ux_sandbox_charges_reference on sandbox_charges (tenant_id, reference) where reference is not null;
-- The delivery job's work list: callbacks not yet answered 2xx, by when they are due.
create index ix_sandbox_callbacks_due on sandbox_charges (callback_next_at)
    where callback_delivered_at is null and callback_next_at is not null;

alter table sandbox_charges enable row level security;
alter table sandbox_charges force row level security;
create policy tenant_isolation on sandbox_charges
    using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
