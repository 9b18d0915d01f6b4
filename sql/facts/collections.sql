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

-- Index lookups costed as the cached pages they mostly are, in this transaction only: with the
-- default random_page_cost (4), a next-day run at 10,000 x 156 (259,319 payments since the week
-- rebuilt) was planned either way from one run to the next, as a lookup of each payment's
-- appointment by its key (3.1 s) or as a hash of all 44 million appointments (17.1 s). At 1.1 the
-- lookups win up to about 800,000 payments; a rebuild of 24 weeks (9 million) or from the start
-- still hashes every appointment once.
set local random_page_cost = 1.1;

insert into clinician_week_collections (clinician_id, week_of, amount)
select a.clinician_id, week_of(p.posted_date), sum(p.amount)
  from payment p
  join appointment a on a.appointment_id = p.appointment_id
 where p.posted_date >= :from
 group by 1, 2;
