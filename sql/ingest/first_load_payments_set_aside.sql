-- The merge, payment half, in a first load of payments, after first_load_payments.sql: the rows
-- set aside (none, often), with their raw lines read again from their files (set_aside_raw),
-- move from payment to stage_payment, where merge_payments.sql judges them; then payment's
-- indexes and key are built (its payment_ids are unique now). Each row is found where
-- first_load_payments.sql saw it (its ctid), not by reading payment again: that read every
-- payment on one core (a DELETE has no parallel workers; 1,000 clinicians: 0.2 – 0.6 s).
-- Each statement ends with a semicolon at the end of a line.

with moved as (
    delete from payment p
     using set_aside s
      join set_aside_raw r on r.file_id = s.file_id and r.line_no = s.line_no
     where p.ctid = s.row_id and p.source_file_id = s.file_id and p.source_line = s.line_no
    returning p.*, r.raw)
insert into stage_payment (file_id, line_no, raw, payment_id, appointment_id, posted_date, amount, payer, kind, pending)
select source_file_id, source_line, raw, payment_id, appointment_id, posted_date, amount, payer, kind, false
  from moved;

do $$ begin perform restore_indexes('payment'); end $$;

-- The facts are rebuilt from the week of the earliest payment (merge_payments.sql adds its own
-- rows' weeks and writes facts_state last).
create temp table dirty_payment_week on commit drop as
select week_of(min(posted_date)) as week_of from payment having min(posted_date) is not null;
