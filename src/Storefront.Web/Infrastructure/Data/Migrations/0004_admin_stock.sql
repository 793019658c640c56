-- Admin product grid at 100,000 products, and the stock roll-up behind its stock column, stock sort and
-- low-stock filter.
--
-- products.stock (sum of available = on_hand - reserved over the product's SKUs) and products.low_stock_skus (how
-- many of its SKUs are at or below their threshold) are kept by a statement-level trigger on skus, whoever writes
-- the SKUs (EF, the conditional stock UPDATEs, bulk loads): set-based per statement, so a bulk insert of 400,000
-- SKUs costs one UPDATE of the products, not one per row. Computing them at query time costs 300-700 ms per page at
-- 100,000 products (measured), this costs one extra row update per stock change.
-- products.stock has no index on purpose: then a stock change is a HOT update of the product row and touches none of
-- its indexes (sorting by stock is a top-N heap sort over the store's rows, ~25 ms at 100,000). low_stock_skus is
-- only in a partial index predicate, so its row moves index entries only when the product crosses the threshold.

alter table products no force row level security;
alter table skus no force row level security;

alter table products
    add column stock integer not null default 0,
    add column low_stock_skus integer not null default 0;

update products p
set stock = s.available, low_stock_skus = s.low
from (select tenant_id, product_id, sum(on_hand - reserved)::integer as available,
             count(*) filter (where on_hand - reserved <= low_stock_threshold)::integer as low
      from skus group by tenant_id, product_id) s
where p.tenant_id = s.tenant_id and p.id = s.product_id;

create function skus_roll_up_stock() returns trigger language plpgsql as $$
begin
    if tg_op = 'INSERT' then
        update products p
        set stock = p.stock + d.available, low_stock_skus = p.low_stock_skus + d.low
        from (select tenant_id, product_id, sum(on_hand - reserved)::integer as available,
                     count(*) filter (where on_hand - reserved <= low_stock_threshold)::integer as low
              from new_skus group by tenant_id, product_id) d
        where p.tenant_id = d.tenant_id and p.id = d.product_id;
    elsif tg_op = 'DELETE' then
        update products p
        set stock = p.stock - d.available, low_stock_skus = p.low_stock_skus - d.low
        from (select tenant_id, product_id, sum(on_hand - reserved)::integer as available,
                     count(*) filter (where on_hand - reserved <= low_stock_threshold)::integer as low
              from old_skus group by tenant_id, product_id) d
        where p.tenant_id = d.tenant_id and p.id = d.product_id;
    else
        update products p
        set stock = p.stock + d.available, low_stock_skus = p.low_stock_skus + d.low
        from (select tenant_id, product_id, sum(available)::integer as available, sum(low)::integer as low
              from (select tenant_id, product_id, on_hand - reserved as available,
                           (on_hand - reserved <= low_stock_threshold)::integer as low
                    from new_skus
                    union all
                    select tenant_id, product_id, -(on_hand - reserved), -((on_hand - reserved <= low_stock_threshold)::integer)
                    from old_skus) c
              group by tenant_id, product_id
              having sum(available) <> 0 or sum(low) <> 0) d
        where p.tenant_id = d.tenant_id and p.id = d.product_id;
    end if;
    return null;
end $$;

create trigger skus_roll_up_stock_insert after insert on skus
    referencing new table as new_skus for each statement execute function skus_roll_up_stock();
create trigger skus_roll_up_stock_update after update on skus
    referencing old table as old_skus new table as new_skus for each statement execute function skus_roll_up_stock();
create trigger skus_roll_up_stock_delete after delete on skus
    referencing old table as old_skus for each statement execute function skus_roll_up_stock();

alter table skus force row level security;
alter table products force row level security;

-- Grid orders, each ending in id so that pages never overlap or skip rows on ties (an import creates many products
-- in the same instant): index walks, not sorts, for the first pages and for the status filter.
create index ix_products_name on products (tenant_id, name, id);
create index ix_products_price on products (tenant_id, min_price, id);
create index ix_products_status_created on products (tenant_id, status, created_at desc, id desc);
create index ix_products_low_stock on products (tenant_id, created_at desc, id desc) where low_stock_skus > 0;
