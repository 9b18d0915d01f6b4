-- Merges the staged rows of a run into the ingested tables, in one transaction, set-based.
-- Parameters: :instance (the run's job instance), :tz (practice time zone), :asOf (run's as-of date).
-- Rows are ordered by (file_id, line_no): a later file, or a later line, is the later row.
-- Each statement ends with a semicolon at the end of a line.

-- The merge has the database to itself while the JVM waits: parallel plans also for statements
-- whose every row goes through the leader (classifying millions of staged rows into a temp table:
-- 2.8 s serial, 1.75 s with two workers, for 1.45 million appointments).
set local parallel_tuple_cost = 0.001;

-- Fresh statistics: the staging tables swing between millions of rows and none.
analyze stage_clinician;
analyze stage_appointment;
analyze stage_payment;
analyze stage_time_off;

---------------------------------------------------------------------------- clinicians
-- Facts to rebuild: a new clinician from the hire date; a changed hire or end date from the
-- earlier of old and new.
insert into facts_state (dirty_since)
select week_of(min(d))
  from (select case when c.clinician_id is null then s.hire_date
                    else least(case when s.hire_date <> c.hire_date then least(s.hire_date, c.hire_date) end,
                               case when s.end_date is distinct from c.end_date
                                    then least(coalesce(s.end_date, 'infinity'::date), coalesce(c.end_date, 'infinity'::date)) end)
               end as d
          from (select distinct on (clinician_id) * from stage_clinician order by clinician_id, file_id desc, line_no desc) s
          left join clinician c on c.clinician_id = s.clinician_id) x
 where d is not null and d <> 'infinity'::date
having min(d) is not null
on conflict (singleton) do update set dirty_since = least(facts_state.dirty_since, excluded.dirty_since);
-- Name, email, dates and specialty: from the clinician's latest row.
insert into clinician (clinician_id, full_name, email, hire_date, end_date, specialty, source_file_id, source_line)
select distinct on (clinician_id) clinician_id, full_name, email, hire_date, end_date, specialty, file_id, line_no
  from stage_clinician
 order by clinician_id, file_id desc, line_no desc
on conflict (clinician_id) do update
   set full_name = excluded.full_name, email = excluded.email, hire_date = excluded.hire_date,
       end_date = excluded.end_date, specialty = excluded.specialty,
       source_file_id = excluded.source_file_id, source_line = excluded.source_line
 where (clinician.source_file_id, clinician.source_line) < (excluded.source_file_id, excluded.source_line);

-- Hours and plan, effective-dated. Without effective_date: the hire date for a clinician's very
-- first row, the run's as-of date for any later one. A row that changes nothing adds no terms.
with changed as (
insert into clinician_terms (clinician_id, effective_date, weekly_hours, pay_plan, source_file_id, source_line)
select distinct on (x.clinician_id, x.eff) x.clinician_id, x.eff, x.weekly_hours, x.pay_plan, x.file_id, x.line_no
  from (select s.*,
               coalesce(s.effective_date,
                        case when row_number() over (partition by s.clinician_id order by s.file_id, s.line_no) = 1
                                  and not exists (select 1 from clinician_terms t where t.clinician_id = s.clinician_id)
                             then s.hire_date else cast(:asOf as date) end) as eff
          from stage_clinician s) x
 where not exists (select 1
                     from (select t.weekly_hours, t.pay_plan from clinician_terms t
                            where t.clinician_id = x.clinician_id and t.effective_date <= x.eff
                            order by t.effective_date desc limit 1) cur
                    where cur.weekly_hours = x.weekly_hours and cur.pay_plan = x.pay_plan)
 order by x.clinician_id, x.eff, x.file_id desc, x.line_no desc
on conflict (clinician_id, effective_date) do update
   set weekly_hours = excluded.weekly_hours, pay_plan = excluded.pay_plan,
       source_file_id = excluded.source_file_id, source_line = excluded.source_line
 where (clinician_terms.source_file_id, clinician_terms.source_line) < (excluded.source_file_id, excluded.source_line)
returning effective_date)
insert into facts_state (dirty_since)
select week_of(min(effective_date)) from changed having min(effective_date) is not null
on conflict (singleton) do update set dirty_since = least(facts_state.dirty_since, excluded.dirty_since);

truncate stage_clinician;

---------------------------------------------------------------------------- appointments
-- A first load (the table still empty: a backfill) inserts plainly and builds the indexes after.
create temp table first_load on commit drop as
select not exists (select 1 from appointment) as appointment, not exists (select 1 from payment) as payment;

create temp table merge_appointment on commit drop as
select s.file_id, s.line_no, s.appointment_id, s.clinician_id, s.client_id, s.start_at, s.duration_minutes,
       s.service_code, s.status, s.group_id, s.charge, s.pending,
       (s.start_at at time zone :tz)::date as start_date, c.hire_date, c.end_date,
       case when c.clinician_id is null then 'UNKNOWN_CLINICIAN'
            when (s.start_at at time zone :tz)::date < c.hire_date
              or (s.start_at at time zone :tz)::date > coalesce(c.end_date, 'infinity'::date) then 'OUTSIDE_EMPLOYMENT'
       end as reason
  from stage_appointment s
  left join clinician c on c.clinician_id = s.clinician_id;

analyze merge_appointment;

insert into reject (file_id, line_no, raw, reason, detail, retryable)
select m.file_id, m.line_no, s.raw, m.reason,
       case m.reason
            when 'UNKNOWN_CLINICIAN' then 'clinician_id ' || m.clinician_id || ' is not in the roster; tried again on every run'
            else 'start ' || m.start_date || ' is outside the employment of ' || m.clinician_id
                 || ' (' || m.hire_date || ' to ' || coalesce(m.end_date::text, 'today') || ')'
       end,
       m.reason = 'UNKNOWN_CLINICIAN'
  from merge_appointment m
  join stage_appointment s on s.file_id = m.file_id and s.line_no = m.line_no
 where m.reason is not null
on conflict (file_id, line_no) do update
   set reason = excluded.reason, detail = excluded.detail, retryable = excluded.retryable;

-- Facts to rebuild: the weeks of the new rows and of the versions they replace.
insert into facts_state (dirty_since)
select week_of(min(d))
  from (select start_date as d from merge_appointment where reason is null
        union all
        select a.start_date from appointment a
          join merge_appointment m on m.appointment_id = a.appointment_id and m.reason is null) x
having min(d) is not null
on conflict (singleton) do update set dirty_since = least(facts_state.dirty_since, excluded.dirty_since);

do $$ begin if (select appointment from first_load) then perform drop_indexes('appointment'); end if; end $$;

insert into appointment (appointment_id, clinician_id, client_id, start_at, start_date, duration_minutes,
                         service_code, status, group_id, charge, source_file_id, source_line)
select distinct on (appointment_id) appointment_id, clinician_id, client_id, start_at, start_date, duration_minutes,
       service_code, status, group_id, charge, file_id, line_no
  from merge_appointment
 where reason is null and (select appointment from first_load)
 order by appointment_id, file_id desc, line_no desc;

do $$ begin perform restore_indexes('appointment'); end $$;

-- The latest valid row of each appointment replaces the version in force, unless that one is later.
insert into appointment (appointment_id, clinician_id, client_id, start_at, start_date, duration_minutes,
                         service_code, status, group_id, charge, source_file_id, source_line)
select distinct on (appointment_id) appointment_id, clinician_id, client_id, start_at, start_date, duration_minutes,
       service_code, status, group_id, charge, file_id, line_no
  from merge_appointment
 where reason is null and not (select appointment from first_load)
 order by appointment_id, file_id desc, line_no desc
on conflict (appointment_id) do update
   set clinician_id = excluded.clinician_id, client_id = excluded.client_id, start_at = excluded.start_at,
       start_date = excluded.start_date, duration_minutes = excluded.duration_minutes,
       service_code = excluded.service_code, status = excluded.status, group_id = excluded.group_id,
       charge = excluded.charge, source_file_id = excluded.source_file_id, source_line = excluded.source_line
 where (appointment.source_file_id, appointment.source_line) < (excluded.source_file_id, excluded.source_line);

update reject r
   set resolved_at = now(), resolved_by_job_instance_id = :instance
  from merge_appointment m
 where m.pending and m.reason is null and r.file_id = m.file_id and r.line_no = m.line_no;

-- Only rows still waiting for their clinician stay staged. The table is emptied with TRUNCATE
-- (a bulk DELETE would leave a million dead rows to slow every later run) and they are put back.
create temp table waiting_appointment on commit drop as
select s.* from stage_appointment s
  join merge_appointment m on m.file_id = s.file_id and m.line_no = s.line_no
 where m.reason = 'UNKNOWN_CLINICIAN';

truncate stage_appointment;

insert into stage_appointment select * from waiting_appointment;

update stage_appointment set pending = true where not pending;

---------------------------------------------------------------------------- payments
-- A payment_id seen before with the same values is a duplicate; with other values, a conflict.
-- Among rows of this run with a known appointment, the first row of an id loads; a later row
-- (rare: marked REPEATED here) is a duplicate or a conflict of that first row.
create temp table merge_payment on commit drop as
select s.file_id, s.line_no, s.payment_id, s.appointment_id, s.posted_date, s.amount, s.payer, s.kind, s.pending,
       case when a.appointment_id is null then 'UNKNOWN_APPOINTMENT'
            when p.payment_id is not null
                 then case when (p.appointment_id, p.posted_date, p.amount, p.payer, p.kind)
                                = (s.appointment_id, s.posted_date, s.amount, s.payer, s.kind)
                           then 'DUPLICATE' else 'CONFLICTING_PAYMENT' end
            when row_number() over w > 1 then 'REPEATED'
       end as reason
  from stage_payment s
  left join appointment a on a.appointment_id = s.appointment_id
  left join payment p on p.payment_id = s.payment_id
window w as (partition by s.payment_id, a.appointment_id is not null order by s.file_id, s.line_no);

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

insert into facts_state (dirty_since)
select week_of(min(posted_date)) from merge_payment where reason is null having min(posted_date) is not null
on conflict (singleton) do update set dirty_since = least(facts_state.dirty_since, excluded.dirty_since);

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

---------------------------------------------------------------------------- time off
insert into reject (file_id, line_no, raw, reason, detail, retryable)
select s.file_id, s.line_no, s.raw, 'UNKNOWN_CLINICIAN',
       'clinician_id ' || s.clinician_id || ' is not in the roster; tried again on every run', true
  from stage_time_off s
 where s.clinician_id is not null
   and not exists (select 1 from clinician c where c.clinician_id = s.clinician_id)
on conflict (file_id, line_no) do nothing;

insert into facts_state (dirty_since)
select week_of(min(s.day))
  from stage_time_off s
 where s.clinician_id is null or exists (select 1 from clinician c where c.clinician_id = s.clinician_id)
having min(s.day) is not null
on conflict (singleton) do update set dirty_since = least(facts_state.dirty_since, excluded.dirty_since);

insert into time_off (clinician_id, day, hours, kind, source_file_id, source_line)
select distinct on (coalesce(s.clinician_id, '*'), s.day, s.kind) s.clinician_id, s.day, s.hours, s.kind, s.file_id, s.line_no
  from stage_time_off s
 where s.clinician_id is null or exists (select 1 from clinician c where c.clinician_id = s.clinician_id)
 order by coalesce(s.clinician_id, '*'), s.day, s.kind, s.file_id desc, s.line_no desc
on conflict ((coalesce(clinician_id, '*')), day, kind) do update
   set hours = excluded.hours, source_file_id = excluded.source_file_id, source_line = excluded.source_line
 where (time_off.source_file_id, time_off.source_line) < (excluded.source_file_id, excluded.source_line);

update reject r
   set resolved_at = now(), resolved_by_job_instance_id = :instance
  from stage_time_off s
 where s.pending and r.file_id = s.file_id and r.line_no = s.line_no
   and exists (select 1 from clinician c where c.clinician_id = s.clinician_id);

create temp table waiting_time_off on commit drop as
select s.* from stage_time_off s
 where s.clinician_id is not null and not exists (select 1 from clinician c where c.clinician_id = s.clinician_id);

truncate stage_time_off;

insert into stage_time_off select * from waiting_time_off;

update stage_time_off set pending = true where not pending;

---------------------------------------------------------------------------- counts
update inbox_file set status = 'loaded', loaded_at = now()
 where job_instance_id = :instance and status = 'staging';

-- rows = loaded + rejected + duplicates, for this run's files and for earlier files whose
-- waiting rows loaded now.
update inbox_file f
   set rows_rejected = r.open,
       rows_loaded = f.rows_total - f.rows_duplicate - r.open
  from (select f2.file_id,
               (select count(*) from reject r where r.file_id = f2.file_id and r.resolved_at is null) as open
          from inbox_file f2
         where f2.job_instance_id = :instance and f2.status = 'loaded'
            or f2.file_id in (select file_id from reject where resolved_by_job_instance_id = :instance)) r
 where f.file_id = r.file_id;
