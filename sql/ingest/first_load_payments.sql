-- The merge, payment half, in a first load of payments: run first in the half's transaction,
-- before merge_payments.sql. Staging wrote every payment of the run straight into payment,
-- without its indexes (drop_indexes_for_first_load.sql), and without its raw line. The rows that
-- may not load are found here: FirstLoadPayments reads their raw lines again from their files
-- and moves them back to stage_payment (first_load_payments_set_aside.sql, which then builds
-- payment's indexes), where merge_payments.sql judges them as any staged row. The many that
-- load stay where they are.
-- Parameters: :tz (practice time zone), :candidates (text[], with the first of {REPEATED_IDS}).
-- Each statement ends with a semicolon at the end of a line.

-- As merge_payments.sql: this half locks appointment before anything else.
lock table appointment in access share mode;

-- Parallel workers for statements over every payment (see merge_appointments.sql).
set local parallel_tuple_cost = 0.001;

-- Each row set aside is kept with where it is in payment (row_id, its ctid: nothing moves a row
-- of payment in this transaction), so the few are moved without reading the table again.
-- Rows whose appointment is unknown (neither loaded nor staged validly in this run: the test of
-- merge_payments.sql); rows whose payment_id is in payment more than once, or also waits in
-- stage_payment from an earlier run (merge_payments.sql loads the first row of an id and judges
-- the others against it). Not one statement with OR: the planner turns NOT EXISTS into an
-- anti-join only outside OR. The repeated ids are not found by building the key and seeing it
-- fail: a failed build cost as much as the key itself (1,000 clinicians: 3.1 s, against 0.9 s
-- for grouping every id).
create temp table set_aside on commit drop as
select p.ctid as row_id, p.source_file_id as file_id, p.source_line as line_no, p.payment_id, p.appointment_id
  from payment p
 where not exists (select 1 from appointment a where a.appointment_id = p.appointment_id)
   and not exists (select 1
                     from stage_appointment a
                     join clinician c on c.clinician_id = a.clinician_id
                    where a.appointment_id = p.appointment_id
                      and appointment_reject_reason(coalesce(a.start_date, (a.start_at at time zone :tz)::date),
                                                    c.clinician_id, c.hire_date, c.end_date) is null);

-- merge_payments.sql's rows whose appointment is unknown, found here once (that script makes the
-- table only when this one has not): the rows just set aside for it, and those of stage_payment
-- (rows waiting from an earlier run; none in a backfill's first run). Looked for there again,
-- among a few staged rows, the test read every appointment once more, appointment's key not
-- yet built (1,000 clinicians: 0.3 s).
create temp table unknown_payment on commit drop as
select file_id, line_no, appointment_id from set_aside;

insert into unknown_payment
select s.file_id, s.line_no, s.appointment_id
  from stage_payment s
 where not exists (select 1 from appointment a where a.appointment_id = s.appointment_id)
   and not exists (select 1
                     from stage_appointment a
                     join clinician c on c.clinician_id = a.clinician_id
                    where a.appointment_id = s.appointment_id
                      and appointment_reject_reason(coalesce(a.start_date, (a.start_at at time zone :tz)::date),
                                                    c.clinician_id, c.hire_date, c.end_date) is null);

-- The payment_ids in payment more than once are among the candidates ({REPEATED_IDS}, one of
-- FirstLoadPayments' two): the ids staging wrote twice and a few it did not
-- (FirstLoadPaymentIds), as an array (:candidates, a text[]); or, when staging did not note
-- every id, the repeated ids themselves (repeated_payment_id, grouped by
-- first_load_payments_repeated.sql). The rows of those ids, and of ids also waiting in
-- stage_payment, are read in one scan and counted. An array, not a temp table: parallel
-- workers cannot read a temp table, and the leader then joined every payment the workers sent
-- it (1,000 clinicians: 0.6 s, against 0.3 – 0.4 s).
create temp table candidate_payment on commit drop as
select ctid as row_id, source_file_id as file_id, source_line as line_no, payment_id, appointment_id
  from payment
 where payment_id {REPEATED_IDS} or payment_id in (select payment_id from stage_payment);

insert into set_aside
select row_id, file_id, line_no, payment_id, appointment_id
  from candidate_payment
 where payment_id in (select payment_id from candidate_payment group by payment_id having count(*) > 1
                      union select payment_id from stage_payment)
except
select row_id, file_id, line_no, payment_id, appointment_id from set_aside;
