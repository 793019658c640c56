-- Addresses by official division codes (issue 17, item 4): an address-book entry and an order's copy keep the codes of
-- their 省/市/区 beside the names (the names follow from the codes; rows written before keep their names and no codes).
-- A shipping method may deliver to some regions only: region_codes lists province (2-digit) or city (4-digit) codes,
-- empty meaning everywhere (what every existing method keeps). docs/decisions/0025-addresses-by-division-code.md
alter table shopper_addresses
    add column province_code text,
    add column city_code     text,
    add column district_code text;

alter table orders
    add column ship_province_code text,
    add column ship_city_code     text,
    add column ship_district_code text;

alter table shipping_templates
    add column region_codes text[] not null default '{}';
