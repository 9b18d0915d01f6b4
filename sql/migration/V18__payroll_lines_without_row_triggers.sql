-- A month's payroll lines and the payments it accounted for carry no foreign key to
-- payroll_month, as time off carries none (V13): sql/pay/lines.sql writes them, the only writer,
-- in the transaction that has just written the month's row (ComputePayrollLines), and no month
-- is ever deleted. The per-row trigger checks cost more than a third of each insert: at 10,000
-- clinicians a month's 965,626 lines 7.8 s with the check, 4.1 s without; its 1,598,209
-- payments 11.0 s and 4.5 s (measured on the benchmark's database, each into a new table with
-- the same indexes).
alter table payroll_line drop constraint payroll_line_month_fkey;
alter table payroll_payment drop constraint payroll_payment_month_fkey;
