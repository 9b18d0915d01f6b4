-- The merge runs its appointment half and its payment half at once, each in its own
-- transaction (sql/ingest/merge_appointments.sql, sql/ingest/merge_payments.sql).

-- A first load drops and rebuilds the table's key constraints (V6); a foreign key to inbox_file
-- among them locks inbox_file while it is dropped and built again, so the half that got there
-- first would hold the other back until it commits. The merge writes source_file_id from the
-- staged row's file, a registered file by construction, as it already vouches for the
-- references between appointments and payments.
alter table appointment drop constraint appointment_source_file_id_fkey;
alter table payment drop constraint payment_source_file_id_fkey;

-- Why a staged appointment cannot load (null: it can), from its local start date and its
-- clinician's roster row (roster_id null: the clinician is not in the roster). The appointment
-- half rejects by it; the payment half counts an appointment staged in the same run as known
-- by it, since the other half may not have committed that appointment yet.
create function appointment_reject_reason(start_date date, roster_id text, hire_date date, end_date date)
returns text language sql immutable as $$
select case when roster_id is null then 'UNKNOWN_CLINICIAN'
            when start_date < hire_date or start_date > coalesce(end_date, 'infinity'::date) then 'OUTSIDE_EMPLOYMENT'
       end
$$;
