-- Order numbers from one sequence for every store (OrderNumber: Beijing date + the sequence, at least six digits).
-- nextval never waits and is not rolled back, so orders of a store no longer queue on the day's counter row until
-- their commit (the counter of 0009 did: one order of a store committed at a time). Gaps are allowed (a rolled-back
-- order leaves one); numbers never repeat, in a store or anywhere, and no longer restart at 1 each day.
create sequence order_number_seq as bigint minvalue 1 no cycle;

-- Start above every number the old counters gave, so today's numbers cannot repeat. The owner is not bound by the
-- table's policy once it is no longer forced.
alter table order_number_sequences no force row level security;
select setval('order_number_seq', coalesce((select max(last_value) from order_number_sequences), 0) + 1, false);
drop table order_number_sequences;
