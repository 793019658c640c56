-- One lock order for stock changes: SKU rows first, then their products' rows, each in id order.
--
-- The stock roll-up (0004) updates the products of the SKUs a statement changed, after the statement. Placing an order
-- used to reserve its SKUs one UPDATE each, so it locked SKU a, a's product, SKU b, b's product: two orders whose SKUs
-- belong to the same two products in the opposite order deadlocked (PostgreSQL aborts one: a 500 under load, seen in
-- bench/orders.sh). Now an order reserves all its SKUs in one UPDATE (ascending id, SkuStock.Reservation), and the
-- roll-up locks the products it is about to update in ascending id before updating them, so every writer takes SKUs
-- before products and each kind in the same order.

create or replace function skus_roll_up_stock() returns trigger language plpgsql as $$
begin
    if tg_op = 'INSERT' then
        perform 1 from products p
        where (p.tenant_id, p.id) in (select tenant_id, product_id from new_skus)
        order by p.tenant_id, p.id
        for no key update;
        update products p
        set stock = p.stock + d.available, low_stock_skus = p.low_stock_skus + d.low
        from (select tenant_id, product_id, sum(on_hand - reserved)::integer as available,
                     count(*) filter (where on_hand - reserved <= low_stock_threshold)::integer as low
              from new_skus group by tenant_id, product_id) d
        where p.tenant_id = d.tenant_id and p.id = d.product_id;
    elsif tg_op = 'DELETE' then
        perform 1 from products p
        where (p.tenant_id, p.id) in (select tenant_id, product_id from old_skus)
        order by p.tenant_id, p.id
        for no key update;
        update products p
        set stock = p.stock - d.available, low_stock_skus = p.low_stock_skus - d.low
        from (select tenant_id, product_id, sum(on_hand - reserved)::integer as available,
                     count(*) filter (where on_hand - reserved <= low_stock_threshold)::integer as low
              from old_skus group by tenant_id, product_id) d
        where p.tenant_id = d.tenant_id and p.id = d.product_id;
    else
        perform 1 from products p
        where (p.tenant_id, p.id) in (select tenant_id, product_id from new_skus)
        order by p.tenant_id, p.id
        for no key update;
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
