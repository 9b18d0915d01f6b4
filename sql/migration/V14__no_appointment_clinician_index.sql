-- No query reads appointments by clinician through appointment (clinician_id, start_date): the
-- weekly facts of a range of clinicians read the recent weeks through appointment (start_date)
-- and keep the range's rows (the same plan and time with the index and without it, 1,000
-- clinicians, one week rebuilt); payroll, its workbook and first visits read by date or by key.
-- After a benchmark run (etl, next day, payroll, check-ins) its only scans were the planner's
-- estimates of clinician ranges. It was the dearest of the appointment indexes to build in a first
-- load (1.6 - 2.5 s of the appointment half's 5.9 s at 1,000 x 52; appointment (start_date)
-- 0.9 s) and an entry in every later insert.
-- A first load under way when this runs has the index dropped, its definition kept to be built
-- again: the definition goes too.
drop index if exists appointment_clinician_date;
delete from dropped_index where table_name = 'appointment' and name = 'appointment_clinician_date';
