-- Collections (contract section 4) by clinician and week of posting, from week :from (a Monday)
-- on, for every clinician at once, before the weekly facts of the ranges of clinicians, which
-- read them (clinician_week_collections). A payment's clinician is its appointment's: a next-day
-- run looks the appointment of each recent payment up by its key; a full rebuild hashes every
-- appointment once (not once a range of clinicians, as when the weekly facts summed them).
-- Parameters: :from.

delete from clinician_week_collections where week_of >= :from;

-- On this backend alone, without parallel workers: sql/facts/first_visits.sql runs at once on
-- another (see there).
set local max_parallel_workers_per_gather = 0;

insert into clinician_week_collections (clinician_id, week_of, amount)
select a.clinician_id, week_of(p.posted_date), sum(p.amount)
  from payment p
  join appointment a on a.appointment_id = p.appointment_id
 where p.posted_date >= :from
 group by 1, 2;
