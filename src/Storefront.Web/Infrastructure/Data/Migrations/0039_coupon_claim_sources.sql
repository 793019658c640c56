-- Where a coupon was claimed from (issue 19, item 6; docs/decisions/0041-risk-control.md): the client's IP and a key of
-- the shopper's default address (SHA-256 of its division and street, never the address itself). The claim limits count
-- a coupon's claims per IP and per address across accounts; the checkout's coupon rule counts the other accounts.
alter table shopper_coupons
    add column claim_ip          text,
    add column claim_address_key text;

create index ix_shopper_coupons_claim_ip on shopper_coupons (tenant_id, coupon_id, claim_ip) where claim_ip is not null;
create index ix_shopper_coupons_claim_address on shopper_coupons (tenant_id, coupon_id, claim_address_key) where claim_address_key is not null;
