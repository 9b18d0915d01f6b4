-- Collections (contract section 4) by clinician and week of posting, from week :from (a Monday)
-- on, for every clinician at once, before the weekly facts of the ranges of clinicians, which
-- read them (clinician_week_collections). A payment's clinician is its appointment's.
-- Parameters: :from.

delete from clinician_week_collections where week_of >= :from;

-- Summed into a temp table, which PostgreSQL may fill with parallel workers (an INSERT it would
-- run on one core): a next-day run then looks the appointment of each recent payment up by its
-- key, where the weekly facts statement, which summed them per range until now, read every
-- appointment of its range (10,000 clinicians: 19 – 23 s a range); a full rebuild hashes, once
-- instead of once a range.
set local parallel_tuple_cost = 0.001;

create temp table new_collections on commit drop as
select a.clinician_id, week_of(p.posted_date) as week_of, sum(p.amount) as amount
  from payment p
  join appointment a on a.appointment_id = p.appointment_id
 where p.posted_date >= :from
 group by 1, 2;

insert into clinician_week_collections (clinician_id, week_of, amount)
select clinician_id, week_of, amount from new_collections;
