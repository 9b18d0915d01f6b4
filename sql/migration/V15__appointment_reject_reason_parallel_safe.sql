-- appointment_reject_reason (V8) was created without PARALLEL SAFE, so PostgreSQL took it for
-- parallel unsafe, and every statement that calls it ran on one core whole: the planner decides
-- parallel safety on the statement as written, before it inlines the function. Among them the
-- first load's search for payments with an unknown appointment, the critical path of the merge's
-- payment half (1,000 x 52: a serial hash anti-join, 2.5 s; with parallel workers 1.3 s), and the
-- classification of the staged appointments in the appointment half. It reads nothing but its
-- arguments, as week_of (V3), which was declared parallel safe from the start.
alter function appointment_reject_reason(date, text, date, date) parallel safe;
