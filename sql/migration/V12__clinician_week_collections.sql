-- Collections by clinician and week of posting (contract section 4), summed once for every
-- clinician by sql/facts/collections.sql before the weekly facts, whose ranges of clinicians read
-- them. Each run replaces the weeks from the first it rebuilds, before any is read: the weekly
-- facts read no other, so a database that had facts before this table needs no backfill.
create table clinician_week_collections (
    clinician_id  text collate "C" not null,
    week_of       date not null,
    amount        numeric(14, 2) not null,
    primary key (clinician_id, week_of)
);
