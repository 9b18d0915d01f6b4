-- Staging writes every appointment and payment row of a backfill once more than the tables they
-- end in; what it keeps per row is what the merge needs, no more.

-- No key on the two large staging tables. Measured on 1.45 million staged appointments: COPY
-- 4.0 s with the key on (file_id, line_no), 2.1 s without; it was the larger part of what the
-- database spends while staging. Nothing looks rows up by it: the merge reads the staged rows
-- whole, and a row is staged once because the reader's position commits with each chunk.
alter table stage_appointment drop constraint stage_appointment_pkey;
alter table stage_payment drop constraint stage_payment_pkey;

-- The local start date (practice time zone) of a staged appointment, worked out while staging:
-- both merge halves judge the appointment by it, and converting every start in SQL cost
-- 0.4 - 0.6 s a million rows in each. Null for rows staged before this column existed; the
-- merge works those out from start_at.
alter table stage_appointment add column start_date date;
