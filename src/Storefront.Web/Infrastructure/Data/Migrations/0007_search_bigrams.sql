-- Substring search for short words. A two-character Chinese word (湿巾, 耳机) has no trigram, so LIKE '%湿巾%' could
-- not use the trigram index and read every product of the store. Every product keeps the set of its search text's
-- character pairs (bigrams) in a generated column with a GIN index; a search first narrows to the products holding
-- all of the query's pairs, then checks the substring with LIKE.

create function text_bigrams(t text) returns text[]
    language sql immutable strict parallel safe
    as $$ select coalesce(array_agg(distinct substr(t, i, 2)), '{}') from generate_series(1, length(t) - 1) as i $$;

alter table products add column search_bigrams text[] generated always as (text_bigrams(search_text)) stored;
create index ix_products_search_bigrams on products using gin (tenant_id, search_bigrams);

-- As in 0005: under row-level security only LEAKPROOF operators can be index conditions.
do $$
begin
    if (select rolsuper from pg_roles where rolname = current_user) then
        alter function arraycontains(anyarray, anyarray) leakproof;   -- @> (no side effects, no value-dependent errors)
    else
        raise warning 'short-word search cannot use ix_products_search_bigrams under row-level security: '
            'a superuser must mark arraycontains(anyarray, anyarray) LEAKPROOF';
    end if;
end $$;
