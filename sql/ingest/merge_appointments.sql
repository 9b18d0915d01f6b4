-- The merge, appointment half: the staged appointments of a run (and rows still waiting for
-- their clinician) into appointment, set-based, in one transaction, while the payment half
-- (merge_payments.sql) runs at once in its own. What the two halves share, and why neither
-- waits for the other but at the very end, is written in merge_payments.sql.
-- Parameters: :instance (the run's job instance), :tz (practice time zone).
-- Rows are ordered by (file_id, line_no): a later file, or a later line, is the later row.
-- Each statement ends with a semicolon at the end of a line.

-- Statements whose every row goes through the leader (classifying millions of staged rows into
-- a temp table) get parallel workers too: 2.8 s serial, 1.75 s with two, for 1.45 million rows.
set local parallel_tuple_cost = 0.001;

-- A first load's appointments that load are in appointment already, staged straight into it
-- without its indexes (drop_indexes_for_first_load.sql). The indexes and key are built first, while
-- the payment half reads the table: a unique index is built under a lock that lets readers in,
-- and making it the key waits for the payment half to commit (restore_indexes, V11); this half
-- has taken no other lock by then (see merge_payments.sql). An appointment_id loaded more than
-- once fails the key: its latest row (by file, then line) is kept, as in any load, and the key
-- is built again. The facts are rebuilt from the week of the earliest appointment (written to
-- facts_state last). Each index is built by this backend alone: the payment half keeps the
-- other core busy meanwhile, and parallel workers for these builds only took CPU from it (the
-- merge at 1,000 clinicians: 11.2 – 12.9 s with them, 8.9 – 10.4 s without, three runs each).
create temp table first_load_week (week_of date) on commit drop;

set local max_parallel_maintenance_workers = 0;

do $$ begin
    if exists (select 1 from dropped_index where table_name = 'appointment') then
        begin
            perform restore_indexes('appointment');
        exception when unique_violation then
            delete from appointment a
             where a.appointment_id in (select appointment_id from appointment group by appointment_id having count(*) > 1)
               and exists (select 1 from appointment b
                            where b.appointment_id = a.appointment_id
                              and (b.source_file_id, b.source_line) > (a.source_file_id, a.source_line));
            perform restore_indexes('appointment');
        end;
        insert into first_load_week select week_of(min(start_date)) from appointment having min(start_date) is not null;
    end if;
end $$;

-- Fresh statistics: the staging tables swing between millions of rows and none. Only of the
-- columns the merge joins, sorts and filters by: of every column, 0.6 s for 1.45 million rows.
analyze stage_appointment (file_id, line_no, appointment_id, clinician_id);

-- Every staged row (raw line and all) with why it cannot load (reason null: it can). In a first
-- load only the rows staging found not to load are staged: the others are in appointment
-- already. The statements below read this table, not stage_appointment, which TRUNCATE empties.
create temp table merge_appointment on commit drop as
select s.*, c.hire_date, c.end_date, appointment_reject_reason(s.start_date, c.clinician_id, c.hire_date, c.end_date) as reason
  from (select file_id, line_no, raw, appointment_id, clinician_id, client_id, start_at, duration_minutes,
               service_code, status, group_id, charge, pending,
               coalesce(start_date, (start_at at time zone :tz)::date) as start_date
          from stage_appointment) s
  left join clinician c on c.clinician_id = s.clinician_id;

analyze merge_appointment (appointment_id, reason, pending);

insert into reject (file_id, line_no, raw, reason, detail, retryable)
select file_id, line_no, raw, reason,
       case reason
            when 'UNKNOWN_CLINICIAN' then 'clinician_id ' || clinician_id || ' is not in the roster; tried again on every run'
            else 'start ' || start_date || ' is outside the employment of ' || clinician_id
                 || ' (' || hire_date || ' to ' || coalesce(end_date::text, 'today') || ')'
       end,
       reason = 'UNKNOWN_CLINICIAN'
  from merge_appointment
 where reason is not null
on conflict (file_id, line_no) do update
   set reason = excluded.reason, detail = excluded.detail, retryable = excluded.retryable;

-- Facts to rebuild: the weeks of the new rows and of the versions they replace (written to
-- facts_state last, see merge_payments.sql).
create temp table dirty_appointment_week on commit drop as
select week_of(min(d)) as week_of
  from (select start_date as d from merge_appointment where reason is null
        union all
        select a.start_date from appointment a
          join merge_appointment m on m.appointment_id = a.appointment_id and m.reason is null) x
having min(d) is not null;

-- The latest valid row of each appointment replaces the version in force, unless that one is later.
insert into appointment (appointment_id, clinician_id, client_id, start_at, start_date, duration_minutes,
                         service_code, status, group_id, charge, source_file_id, source_line)
select distinct on (appointment_id) appointment_id, clinician_id, client_id, start_at, start_date, duration_minutes,
       service_code, status, group_id, charge, file_id, line_no
  from merge_appointment
 where reason is null
 order by appointment_id, file_id desc, line_no desc
on conflict (appointment_id) do update
   set clinician_id = excluded.clinician_id, client_id = excluded.client_id, start_at = excluded.start_at,
       start_date = excluded.start_date, duration_minutes = excluded.duration_minutes,
       service_code = excluded.service_code, status = excluded.status, group_id = excluded.group_id,
       charge = excluded.charge, source_file_id = excluded.source_file_id, source_line = excluded.source_line
 where (appointment.source_file_id, appointment.source_line) < (excluded.source_file_id, excluded.source_line);

-- A row that waited from an earlier run and loads now is resolved.
update reject r
   set resolved_at = now(), resolved_by_job_instance_id = :instance
  from merge_appointment m
 where m.pending and m.reason is null and r.file_id = m.file_id and r.line_no = m.line_no;

-- Only rows still waiting for their clinician stay staged. The table is emptied with TRUNCATE
-- (a bulk DELETE would leave a million dead rows to slow every later run) and they are put back.
-- TRUNCATE waits for the payment half to commit: it reads the staged appointments.
truncate stage_appointment;

insert into stage_appointment (file_id, line_no, raw, appointment_id, clinician_id, client_id, start_at, duration_minutes,
                               service_code, status, group_id, charge, pending, start_date)
select file_id, line_no, raw, appointment_id, clinician_id, client_id, start_at, duration_minutes, service_code,
       status, group_id, charge, pending, start_date
  from merge_appointment
 where reason = 'UNKNOWN_CLINICIAN';

update stage_appointment set pending = true where not pending;

update inbox_file set status = 'loaded', loaded_at = now()
 where job_instance_id = :instance and status = 'staging' and kind = 'appointments';

insert into facts_state (dirty_since)
select min(week_of) from (select week_of from dirty_appointment_week union all select week_of from first_load_week) w
having min(week_of) is not null
on conflict (singleton) do update set dirty_since = least(facts_state.dirty_since, excluded.dirty_since);
