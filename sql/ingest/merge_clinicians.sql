-- The merge, first part: the staged clinicians and time off of a run (and rows still waiting
-- for their clinician) into the roster, set-based, in one transaction. The appointment and
-- payment halves that follow read the roster this part committed.
-- Parameters: :instance (the run's job instance), :asOf (run's as-of date).
-- Rows are ordered by (file_id, line_no): a later file, or a later line, is the later row.
-- Each statement ends with a semicolon at the end of a line.

-- Fresh statistics: the staging tables swing between millions of rows and none.
analyze stage_clinician;
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

-- Files are marked loaded by the part of the merge that loads them, in its transaction: a run
-- given up later (etl --fresh) loads again only the files no part committed.
update inbox_file set status = 'loaded', loaded_at = now()
 where job_instance_id = :instance and status = 'staging' and kind in ('clinicians', 'time_off');
