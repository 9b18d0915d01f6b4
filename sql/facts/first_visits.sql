-- Each client's first completed session with the practice, from week :from on (the new clients
-- of contract section 4). Runs before the weekly facts, which count them by clinician.
-- Parameters: :from.

-- First visits before week :from cannot have changed (a changed appointment makes its old and
-- its new week dirty, and the rebuild starts at the earliest).
delete from client_first_visit where week_of >= :from;

-- On this backend alone, without parallel workers: sql/facts/collections.sql runs at once on
-- another (BuildWeeklyFacts), and the two keep both cores busy. With workers, each statement's
-- leader also merged what its workers sent (1,000 x 52: the step 2.9 - 3.1 s, 2.2 - 2.5 s
-- without).
set local max_parallel_workers_per_gather = 0;

insert into client_first_visit (client_id, clinician_id, week_of)
select distinct on (a.client_id) a.client_id, a.clinician_id, week_of(a.start_date)
  from appointment a
 where a.status = 'completed' and a.start_date >= :from
   and not exists (select 1 from client_first_visit f where f.client_id = a.client_id)
 order by a.client_id, a.start_at, a.appointment_id;
