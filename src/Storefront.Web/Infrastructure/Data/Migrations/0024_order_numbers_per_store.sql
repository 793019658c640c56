-- Order numbers per store (issue 15): each store numbers its orders from a sequence of its own,
-- order_number_seq_<store id without dashes>, so a new store starts at 1 and a store's numbers say nothing of another's
-- or of the platform's volume. Still a sequence, not a counter row: nextval takes no lock held to commit, so a store's
-- orders are placed side by side (a rolled-back order leaves a gap, as before).
-- The app role may create nothing, so the sequence is made by a trigger on stores, as the owner (security definer):
-- every way a store comes into being (the platform console, the demo seed, tests) gets one in the same transaction.
-- Numbers are taken through app_next_order_number(), also as the owner: it serves only the store the connection is
-- set to (app.tenant_id), as row-level security does, so the app needs no grant on the stores' sequences.

create function app_order_number_sequence(tenant uuid) returns text
    language sql immutable
    as $$ select 'order_number_seq_' || replace(tenant::text, '-', '') $$;

create function app_create_order_number_sequence() returns trigger
    language plpgsql security definer set search_path = pg_catalog, public
    as $$
begin
    execute format('create sequence if not exists public.%I as bigint minvalue 1 no cycle', app_order_number_sequence(new.id));
    return null;
end $$;

create trigger stores_order_number_sequence after insert on stores
    for each row execute function app_create_order_number_sequence();

create function app_next_order_number() returns bigint
    language plpgsql security definer set search_path = pg_catalog, public
    as $$
declare
    tenant uuid := app_current_tenant();
begin
    if tenant is null then
        raise exception 'app.tenant_id is not set: no store to take an order number of';
    end if;
    return nextval(format('public.%I', app_order_number_sequence(tenant))::regclass);
end $$;

-- Existing stores go on from where the shared sequence stands, so no number of theirs can repeat (same day, same sequence).
do $$
declare
    store uuid;
    last bigint;
    called boolean;
begin
    select last_value, is_called into last, called from order_number_seq;
    for store in select id from stores loop
        execute format('create sequence public.%I as bigint minvalue 1 no cycle', app_order_number_sequence(store));
        perform setval(format('public.%I', app_order_number_sequence(store))::regclass, last, called);
    end loop;
end $$;

drop sequence order_number_seq;
