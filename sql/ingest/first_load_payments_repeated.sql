-- The merge, payment half, in a first load of payments whose staging did not note every
-- payment_id it wrote (a restarted run, or a filter too full: FirstLoadPaymentIds): the
-- payment_ids in payment more than once, found by grouping every id, before
-- first_load_payments.sql, which reads their rows.
-- Each statement ends with a semicolon at the end of a line.

-- Statistics of payment_id first (staging filled the table, nothing has analyzed it): without
-- them the planner took the ids for 200 and grouped them in each worker before sorting them
-- (1,000 clinicians: 3.4 s alone, 1.2 s with them). Into a table of their own: PostgreSQL runs
-- CREATE TABLE AS with parallel workers, never INSERT ... SELECT (inside the insert the grouping
-- took 73.5 – 81.7 s at 10,000 clinicians).
analyze payment (payment_id);

create temp table repeated_payment_id on commit drop as
select payment_id from payment group by payment_id having count(*) > 1;
