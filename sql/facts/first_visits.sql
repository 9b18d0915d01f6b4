-- Each client's first completed session with the practice, from week :from on (the new clients
-- of contract section 4). Runs before the weekly facts, which count them by clinician.
-- Parameters: :from.

-- First visits before week :from cannot have changed (a changed appointment makes its old and
-- its new week dirty, and the rebuild starts at the earliest).
delete from client_first_visit where week_of >= :from;

insert into client_first_visit (client_id, clinician_id, week_of)
select distinct on (a.client_id) a.client_id, a.clinician_id, week_of(a.start_date)
  from appointment a
 where a.status = 'completed' and a.start_date >= :from
   and not exists (select 1 from client_first_visit f where f.client_id = a.client_id)
 order by a.client_id, a.start_at, a.appointment_id;
