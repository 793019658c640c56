-- Storefront catalog search.

-- Under row-level security PostgreSQL runs a query's own conditions after the policy unless their functions are
-- LEAKPROOF, and a condition that must wait cannot be an index condition: for the app role (which is bound by RLS)
-- keyword search would read every product of the store instead of using ix_products_search_trgm / _fts.
-- These functions have no side effects and raise no error that depends on a row's value (to_tsvector only for
-- texts over 1 MB; search_text is a few hundred characters), so marking them LEAKPROOF reveals nothing through
-- them. Only a superuser may mark a function LEAKPROOF; the migration role is one in run.sh, the tests and
-- docker-compose. Elsewhere search still works, only without its indexes, and this warns.
do $$
begin
    if (select rolsuper from pg_roles where rolname = current_user) then
        alter function textlike(text, text) leakproof;                       -- LIKE (substring, partial Chinese words)
        alter function texticlike(text, text) leakproof;                     -- ILIKE (admin product search)
        alter function word_similarity_op(text, text) leakproof;             -- <%  (typos)
        alter function word_similarity_commutator_op(text, text) leakproof;  -- %>  (its commutator, as the planner uses it)
        alter function ts_match_vq(tsvector, tsquery) leakproof;             -- @@  (full text)
        alter function to_tsvector(regconfig, text) leakproof;               -- the FTS index expression
    else
        -- adjacent literals separated by a newline are one string in SQL
        raise warning 'keyword search cannot use its indexes under row-level security: a superuser must mark textlike, texticlike, '
            'word_similarity_op, word_similarity_commutator_op, ts_match_vq and to_tsvector(regconfig, text) LEAKPROOF';
    end if;
end $$;

-- The home page's featured products (few among many) without walking every listed product.
create index if not exists ix_products_featured on products (tenant_id, listed_at desc) where featured and status = 'Listed';
