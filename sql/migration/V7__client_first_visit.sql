-- Each client's first completed session with the practice: the new clients of a week. Kept from
-- run to run by sql/facts/weekly_facts.sql, which recomputes only the first visits from the
-- first week it rebuilds: a nightly run no longer sorts every completed session ever held.
create table client_first_visit (
    client_id     text collate "C" primary key,
    clinician_id  text collate "C" not null,
    week_of       date not null
);
create index client_first_visit_week on client_first_visit (week_of, clinician_id);

insert into client_first_visit (client_id, clinician_id, week_of)
select distinct on (client_id) client_id, clinician_id, week_of(start_date)
  from appointment
 where status = 'completed'
 order by client_id, start_at, appointment_id;

-- The facts of recent weeks read only the appointments of those weeks.
create index appointment_start_date on appointment (start_date);
