-- Personal information (issue 19, items 1-3; docs/decisions/0036-personal-information.md).
-- shoppers: the privacy policy version last accepted and when, the separate marketing opt-in, and when the account was
-- erased at the shopper's request (its personal fields replaced; it never signs in again).
alter table shoppers
    add column privacy_policy_version integer,
    add column privacy_accepted_at    timestamptz,
    add column marketing_opt_in       boolean not null default false,
    add column erased_at              timestamptz;

-- privacy_policies: each store's policy, a new row per published version (never edited).
create table privacy_policies (
    tenant_id    uuid not null references stores (id),
    version      integer not null check (version > 0),
    text         text not null,
    published_at timestamptz not null,
    published_by uuid,
    primary key (tenant_id, version)
);

-- consent_records: the history of consents given and withdrawn (policy versions, marketing); no personal field.
create table consent_records (
    tenant_id      uuid not null references stores (id),
    id             uuid not null,
    shopper_id     uuid not null,
    kind           text not null,
    policy_version integer,
    granted        boolean not null,
    at             timestamptz not null,
    primary key (tenant_id, id),
    foreign key (tenant_id, shopper_id) references shoppers (tenant_id, id) on delete cascade
);
create index ix_consent_records_shopper on consent_records (tenant_id, shopper_id, at);

alter table privacy_policies enable row level security;
alter table privacy_policies force row level security;
create policy tenant_isolation on privacy_policies using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());

alter table consent_records enable row level security;
alter table consent_records force row level security;
create policy tenant_isolation on consent_records using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
