-- Admin order grid: the recipient's phone and an order-number prefix are looked up through an index, each leading
-- with the store, so filtering never scans a store's orders (status and placed-date ranges use ix_orders_status and
-- ix_orders_placed of 0009).
create index ix_orders_phone on orders (tenant_id, ship_phone, placed_at desc);
create index ix_orders_number_prefix on orders (tenant_id, number text_pattern_ops);

-- The timers claim due rows store by store: lead their work lists with the store too.
drop index if exists ix_orders_payment_due;
drop index if exists ix_orders_auto_confirm;
create index ix_orders_payment_due on orders (tenant_id, payment_due_at) where status = 'PendingPayment';
create index ix_orders_auto_confirm on orders (tenant_id, auto_confirm_at) where status = 'Shipped';
drop index if exists ix_outbox_due;
create index ix_outbox_due on outbox_messages (tenant_id, next_attempt_at) where sent_at is null;
