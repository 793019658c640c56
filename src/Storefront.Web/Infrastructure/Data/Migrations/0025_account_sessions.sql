-- Server-side sessions (issue 15, item 7; docs/decisions/0003-sessions.md): a sign-in records its session here and the
-- cookie carries its id; logging out deletes the row, so a copied cookie stops working while the account's other
-- sessions go on. Keyed by the account (shopper or staff ids are random UUIDs, never shared between the two kinds), not
-- store-owned: a staff account's session spans its stores, and rows are only ever read by the id of the cookie's account.
create table account_sessions (
    account_id uuid not null,
    id         uuid not null,
    kind       text not null check (kind in ('shopper', 'staff')),
    created_at timestamptz not null,
    primary key (account_id, id)
);
