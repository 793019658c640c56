-- The edges (issue 15): every string a request carries has a limit, read from its column where it maps to one.
-- A product's subtitle and brand had none; longer values (none are expected) are cut before the columns get theirs.
update products set subtitle = left(subtitle, 200) where length(subtitle) > 200;
update products set brand = left(brand, 60) where length(brand) > 60;
alter table products alter column subtitle type varchar(200), alter column brand type varchar(60);

-- text_bigrams() (0007) took substr(t, i, 2) for every i: in UTF-8 each substr walks the text from its start, so a
-- text of n characters cost n²/2 steps (a 100,000-character subtitle: ~25 s to save). Splitting the text into its
-- characters once and pairing each with the next is linear (plus the sort that distinct needs); same pairs, same order.
create or replace function text_bigrams(t text) returns text[]
    language sql immutable strict parallel safe
    as $$
        select coalesce(array_agg(distinct pair), '{}')
        from (select c || lead(c) over (order by i) as pair
              from unnest(string_to_array(t, null)) with ordinality as u(c, i)) pairs
        where pair is not null
    $$;
