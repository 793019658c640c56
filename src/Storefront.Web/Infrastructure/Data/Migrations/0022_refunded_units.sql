-- Units of an order line refunded before they shipped (a 仅退款 case paid while the order is 待发货): they leave the
-- order, so they are neither shipped nor still to ship. Shipped and refunded units together never exceed what was bought.
-- (No backfill: before this column, such units stayed on the order; cases refunded earlier keep that behaviour.)

alter table order_lines
    add column refunded_quantity integer not null default 0 check (refunded_quantity >= 0),
    add constraint ck_order_lines_units check (shipped_quantity + refunded_quantity <= quantity);

-- Under the 满减 claw-back policy a case's claw-back is negative when it gives back what an earlier case of the order
-- clawed back (the shopper returned the rest after all).
alter table aftersales_cases drop constraint aftersales_cases_refund_claw_back_check;

-- A complaint customer service did not answer in time is flagged (and customer service told) once, by the after-sales job.
alter table complaints add column overdue_flagged_at timestamptz;
create index ix_complaints_overdue on complaints (tenant_id, answer_due_at) where status = 'Open' and overdue_flagged_at is null;
