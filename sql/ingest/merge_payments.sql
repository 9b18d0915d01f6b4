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
-- - This half reads the staged appointments first. The appointment half empties them with
--   TRUNCATE, which waits for this half to commit; had it emptied them already, this half waits
--   for it to commit and then finds the appointments in appointment. Either way each appointment
--   is seen once, staged or loaded.
-- - It reads appointment only if an appointments file was loaded before: a first load drops the
--   table's indexes, which locks it until the appointment half commits.
-- - facts_state, one row both halves update, is written last, when nothing else is to wait for.

set local parallel_tuple_cost = 0.001;

analyze stage_payment;

-- Rows whose appointment is unknown: neither staged validly in this run nor loaded before.
create temp table unknown_payment on commit drop as
select s.file_id, s.line_no, s.appointment_id
  from stage_payment s
 where not exists (select 1
                     from stage_appointment a
                     join clinician c on c.clinician_id = a.clinician_id
                    where a.appointment_id = s.appointment_id
                      and appointment_reject_reason((a.start_at at time zone :tz)::date, c.clinician_id,
                                                    c.hire_date, c.end_date) is null);

do $$ begin if exists (select 1 from inbox_file where kind = 'appointments' and status = 'loaded') then
    execute 'delete from unknown_payment u using appointment a where a.appointment_id = u.appointment_id'; end if; end $$;

-- A first load (the table still empty: a backfill) inserts plainly and builds the indexes after.
create temp table first_load on commit drop as
select not exists (select 1 from payment) as payment;

-- A payment_id seen before with the same values is a duplicate; with other values, a conflict.
-- Among rows of this run with a known appointment, the first row of an id loads; a later row
-- (rare: marked REPEATED here) is a duplicate or a conflict of that first row.
create temp table merge_payment on commit drop as
select s.file_id, s.line_no, s.payment_id, s.appointment_id, s.posted_date, s.amount, s.payer, s.kind, s.pending,
       case when u.file_id is not null then 'UNKNOWN_APPOINTMENT'
            when p.payment_id is not null
                 then case when (p.appointment_id, p.posted_date, p.amount, p.payer, p.kind)
                                = (s.appointment_id, s.posted_date, s.amount, s.payer, s.kind)
                           then 'DUPLICATE' else 'CONFLICTING_PAYMENT' end
            when row_number() over w > 1 then 'REPEATED'
       end as reason
  from stage_payment s
  left join unknown_payment u on u.file_id = s.file_id and u.line_no = s.line_no
  left join payment p on p.payment_id = s.payment_id
window w as (partition by s.payment_id, u.file_id is null order by s.file_id, s.line_no);

analyze merge_payment;

update merge_payment m
   set reason = case when (m.appointment_id, m.posted_date, m.amount, m.payer, m.kind)
                          = (f.appointment_id, f.posted_date, f.amount, f.payer, f.kind)
                     then 'DUPLICATE' else 'CONFLICTING_PAYMENT' end
  from merge_payment f
 where m.reason = 'REPEATED' and f.payment_id = m.payment_id and f.reason is null;

insert into reject (file_id, line_no, raw, reason, detail, retryable)
select m.file_id, m.line_no, s.raw, m.reason,
       case m.reason
            when 'UNKNOWN_APPOINTMENT' then 'appointment_id ' || m.appointment_id || ' is not known; tried again on every run'
            else 'payment_id ' || m.payment_id || ' already has other values'
       end,
       m.reason = 'UNKNOWN_APPOINTMENT'
  from merge_payment m
  join stage_payment s on s.file_id = m.file_id and s.line_no = m.line_no
 where m.reason is not null and m.reason <> 'DUPLICATE'
on conflict (file_id, line_no) do update
   set reason = excluded.reason, detail = excluded.detail, retryable = excluded.retryable;

do $$ begin if (select payment from first_load) then perform drop_indexes('payment'); end if; end $$;

insert into payment (payment_id, appointment_id, posted_date, amount, payer, kind, source_file_id, source_line)
select payment_id, appointment_id, posted_date, amount, payer, kind, file_id, line_no
  from merge_payment
 where reason is null;

do $$ begin perform restore_indexes('payment'); end $$;

-- A waiting row that turned out a duplicate is resolved too: it is counted as a duplicate.
update reject r
   set resolved_at = now(), resolved_by_job_instance_id = :instance
  from merge_payment m
 where m.pending and (m.reason is null or m.reason = 'DUPLICATE') and r.file_id = m.file_id and r.line_no = m.line_no;

update inbox_file f
   set rows_duplicate = f.rows_duplicate + d.n
  from (select file_id, count(*) as n from merge_payment where reason = 'DUPLICATE' group by file_id) d
 where f.file_id = d.file_id;

create temp table waiting_payment on commit drop as
select s.* from stage_payment s
  join merge_payment m on m.file_id = s.file_id and m.line_no = s.line_no
 where m.reason = 'UNKNOWN_APPOINTMENT';

truncate stage_payment;

insert into stage_payment select * from waiting_payment;

update stage_payment set pending = true where not pending;

update inbox_file set status = 'loaded', loaded_at = now()
 where job_instance_id = :instance and status = 'staging' and kind = 'payments';

insert into facts_state (dirty_since)
select week_of(min(posted_date)) from merge_payment where reason is null having min(posted_date) is not null
on conflict (singleton) do update set dirty_since = least(facts_state.dirty_since, excluded.dirty_since);
