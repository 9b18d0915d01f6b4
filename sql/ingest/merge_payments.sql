-- The merge, payment half: the staged payments of a run (and rows still waiting for their
-- appointment) into payment, set-based, in one transaction, while the appointment half
-- (merge_appointments.sql) runs at once in its own: each on its own backend, so the merge uses
-- both cores.
-- Parameters: :instance (the run's job instance), :tz (practice time zone).
-- Rows are ordered by (file_id, line_no): a later file, or a later line, is the later row.
-- Each statement ends with a semicolon at the end of a line.
--
-- How the halves stay out of each other's way:
-- - A payment's appointment is known if it is in appointment or if this run stages it validly
--   (appointment_reject_reason null): the appointment half may not have committed it yet.
-- - This half locks appointment (for reading) before anything else. In a first load the
--   appointment half starts by building appointment's indexes and key (its valid appointments
--   are in the table already, staged straight into it): building lets this half read, and
--   making the key waits for this half to commit, by which time the appointment half holds no
--   other lock this half needs. Had the appointment half made the key first, this half waits
--   for it to commit, holding nothing it needs. Either way no deadlock.
-- - This half reads the staged appointments and appointment in one statement. The appointment
--   half empties the staged ones with TRUNCATE, which waits for this half to commit; had it
--   emptied them already, the statement waits for it to commit and then finds the appointments
--   in appointment. Either way each appointment is seen once, staged or loaded.
-- - facts_state, one row both halves update, is written last, when nothing else is to wait for.
-- - In a first load of payments, first_load_payments.sql runs first in this half's transaction,
--   taking the same lock first: this script then sees only the few rows it set aside staged.

lock table appointment in access share mode;

set local parallel_tuple_cost = 0.001;

-- Fresh statistics of the columns the merge joins and sorts by (see merge_appointments.sql).
analyze stage_payment (file_id, line_no, payment_id, appointment_id);

-- Rows whose appointment is unknown: neither loaded nor staged validly in this run. In a first
-- load of payments first_load_payments.sql has made this table already.
create temp table if not exists unknown_payment on commit drop as
select s.file_id, s.line_no, s.appointment_id
  from stage_payment s
 where not exists (select 1 from appointment a where a.appointment_id = s.appointment_id)
   and not exists (select 1
                     from stage_appointment a
                     join clinician c on c.clinician_id = a.clinician_id
                    where a.appointment_id = s.appointment_id
                      and appointment_reject_reason(coalesce(a.start_date, (a.start_at at time zone :tz)::date),
                                                    c.clinician_id, c.hire_date, c.end_date) is null);

-- The table still empty (rows that waited for their appointment, loading now in number) is
-- filled plainly and its indexes built after.
create temp table first_load on commit drop as
select not exists (select 1 from payment) as payment;

-- The payment_ids staged more than once (few). Found by hashing every staged id, not by sorting
-- every staged row into a window: at 10,000 clinicians the sort of 49 million rows went to disk
-- (alone on 49 million payments: grouping 17.6 s, the window 39.5 s).
create temp table repeated_id on commit drop as
select payment_id from stage_payment group by payment_id having count(*) > 1;

-- The staged rows the merge says more of than "loaded", each with why it does not load (null: it
-- does), found in one scan: those that do not load (the repeated among them) and those that
-- waited from an earlier run (resolved if they load now). Kept apart from the millions that load,
-- which are read from stage_payment once more rather than written again.
-- A payment_id seen before with the same values is a duplicate; with other values, a conflict.
-- Rows with a known appointment of an id staged more than once are marked REPEATED here and
-- sorted out below: the first loads, each later one is a duplicate or a conflict of that first.
-- Few rows against millions are looked up with IN (a hashed lookup): joined, the planner loops
-- over the few for every staged row (1.5 million times for 1,000 clinicians: 3 s).
create temp table noted_payment on commit drop as
select * from (
    select s.*,
           case when (s.file_id, s.line_no) in (select file_id, line_no from unknown_payment) then 'UNKNOWN_APPOINTMENT'
                when p.payment_id is null then
                     case when s.payment_id in (select payment_id from repeated_id) then 'REPEATED' end
                when (p.appointment_id, p.posted_date, p.amount, p.payer, p.kind)
                     = (s.appointment_id, s.posted_date, s.amount, s.payer, s.kind) then 'DUPLICATE'
                else 'CONFLICTING_PAYMENT'
           end as reason
      from stage_payment s
      left join payment p on p.payment_id = s.payment_id) r
 where reason is not null or pending;

analyze noted_payment (file_id, line_no, payment_id, reason);

-- Of the REPEATED rows of an id, the first (by file, then line) loads; each later one is a
-- duplicate of it or a conflict.
update noted_payment m
   set reason = case when (m.file_id, m.line_no) = (f.file_id, f.line_no) then null
                     when (m.appointment_id, m.posted_date, m.amount, m.payer, m.kind)
                          = (f.appointment_id, f.posted_date, f.amount, f.payer, f.kind) then 'DUPLICATE'
                     else 'CONFLICTING_PAYMENT' end
  from (select distinct on (payment_id) * from noted_payment where reason = 'REPEATED'
         order by payment_id, file_id, line_no) f
 where m.reason = 'REPEATED' and f.payment_id = m.payment_id;

insert into reject (file_id, line_no, raw, reason, detail, retryable)
select file_id, line_no, raw, reason,
       case reason
            when 'UNKNOWN_APPOINTMENT' then 'appointment_id ' || appointment_id || ' is not known; tried again on every run'
            else 'payment_id ' || payment_id || ' already has other values'
       end,
       reason = 'UNKNOWN_APPOINTMENT'
  from noted_payment
 where reason <> 'DUPLICATE'
on conflict (file_id, line_no) do update
   set reason = excluded.reason, detail = excluded.detail, retryable = excluded.retryable;

do $$ begin if (select payment from first_load) then perform drop_indexes('payment'); end if; end $$;

-- The rows that load; the week of the earliest is where the facts are rebuilt from (facts_state,
-- written last). In a first load of payments, first_load_payments_set_aside.sql made this table
-- already, with the week of the payments staged straight into payment.
create temp table if not exists dirty_payment_week (week_of date) on commit drop;

with loaded as (
    insert into payment (payment_id, appointment_id, posted_date, amount, payer, kind, source_file_id, source_line)
    select payment_id, appointment_id, posted_date, amount, payer, kind, file_id, line_no
      from stage_payment
     where (file_id, line_no) not in (select file_id, line_no from noted_payment where reason is not null)
    returning posted_date)
insert into dirty_payment_week
select week_of(min(posted_date)) from loaded having min(posted_date) is not null;

do $$ begin perform restore_indexes('payment'); end $$;

-- A waiting row that loaded, or turned out a duplicate, is resolved: a duplicate is counted as one.
update reject r
   set resolved_at = now(), resolved_by_job_instance_id = :instance
  from noted_payment s
 where s.pending and r.file_id = s.file_id and r.line_no = s.line_no
   and (s.reason is null or s.reason = 'DUPLICATE');

update inbox_file f
   set rows_duplicate = f.rows_duplicate + d.n
  from (select file_id, count(*) as n from noted_payment where reason = 'DUPLICATE' group by file_id) d
 where f.file_id = d.file_id;

truncate stage_payment;

insert into stage_payment (file_id, line_no, raw, payment_id, appointment_id, posted_date, amount, payer, kind, pending)
select file_id, line_no, raw, payment_id, appointment_id, posted_date, amount, payer, kind, pending
  from noted_payment
 where reason = 'UNKNOWN_APPOINTMENT';

update stage_payment set pending = true where not pending;

update inbox_file set status = 'loaded', loaded_at = now()
 where job_instance_id = :instance and status = 'staging' and kind = 'payments';

insert into facts_state (dirty_since)
select min(week_of) from dirty_payment_week having min(week_of) is not null
on conflict (singleton) do update set dirty_since = least(facts_state.dirty_since, excluded.dirty_since);
