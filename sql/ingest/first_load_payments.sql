-- The merge, payment half, in a first load of payments: run first in the half's transaction,
-- before merge_payments.sql. Staging wrote every payment of the run straight into payment,
-- without its indexes (drop_indexes_for_first_load.sql), and without its raw line. The rows that
-- may not load are found here: FirstLoadPayments reads their raw lines again from their files
-- and moves them back to stage_payment (first_load_payments_set_aside.sql, which then builds
-- payment's indexes), where merge_payments.sql judges them as any staged row. The many that
-- load stay where they are.
-- Parameters: :tz (practice time zone).
-- Each statement ends with a semicolon at the end of a line.

-- As merge_payments.sql: this half locks appointment before anything else.
lock table appointment in access share mode;

-- Parallel workers for statements over every payment (see merge_appointments.sql).
set local parallel_tuple_cost = 0.001;

-- Rows whose appointment is unknown (neither loaded nor staged validly in this run: the test of
-- merge_payments.sql); rows whose payment_id is in payment more than once, or also waits in
-- stage_payment from an earlier run (merge_payments.sql loads the first row of an id and judges
-- the others against it). Not one statement with OR: the planner turns NOT EXISTS into an
-- anti-join only outside OR. The repeated ids are found by grouping every id (as in
-- merge_payments.sql), not by building the key and seeing it fail: a failed build cost as much
-- as the key itself (1,000 clinicians: 3.1 s, against 0.9 s for the grouping, hashed then; with
-- statistics the planner now sorts the ids in parallel workers instead). They are grouped
-- into a table of their own: PostgreSQL runs CREATE TABLE AS with parallel workers, never
-- INSERT ... SELECT (inside the insert the grouping took 73.5 – 81.7 s at 10,000 clinicians).
create temp table set_aside on commit drop as
select p.source_file_id as file_id, p.source_line as line_no, p.payment_id
  from payment p
 where not exists (select 1 from appointment a where a.appointment_id = p.appointment_id)
   and not exists (select 1
                     from stage_appointment a
                     join clinician c on c.clinician_id = a.clinician_id
                    where a.appointment_id = p.appointment_id
                      and appointment_reject_reason(coalesce(a.start_date, (a.start_at at time zone :tz)::date),
                                                    c.clinician_id, c.hire_date, c.end_date) is null);

-- Statistics of payment_id first (staging filled the table, nothing has analyzed it): without
-- them the planner took the ids for 200 and grouped them in each worker before sorting them
-- (1,000 clinicians: 3.4 s alone, 3.7 s in the merge; 1.2 s with them). The ANALYZE takes
-- 0.1 s: the statement above has just read the table.
analyze payment (payment_id);

create temp table repeated_payment_id on commit drop as
select payment_id from payment group by payment_id having count(*) > 1;

insert into set_aside
select source_file_id, source_line, payment_id
  from payment
 where payment_id in (select payment_id from repeated_payment_id union select payment_id from stage_payment)
except
select file_id, line_no, payment_id from set_aside;
