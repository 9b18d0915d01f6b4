-- Before the appointments and payments of a run are staged: a first load (a backfill into an
-- empty table) of appointments, and one of payments, writes each row that loads once, straight
-- into its table while it is staged, instead of staging it and copying it over in the merge.
-- The table's indexes and key are dropped for it here (V6; their definitions kept in
-- dropped_index) and built once after the rows are in: appointment's by the merge's appointment
-- half (merge_appointments.sql), payment's by the payment half (FirstLoadPayments, before
-- merge_payments.sql). Staging tells a first load by them being dropped, so a restarted run goes
-- on the same way.
-- Each statement ends with a semicolon at the end of a line.

do $$ begin
    if not exists (select 1 from appointment)
       and not exists (select 1 from dropped_index where table_name = 'appointment') then
        perform drop_indexes('appointment');
    end if;
    if not exists (select 1 from payment)
       and not exists (select 1 from dropped_index where table_name = 'payment') then
        perform drop_indexes('payment');
    end if;
end $$;
