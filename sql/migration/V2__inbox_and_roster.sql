-- Inbox files, rejects, staging and the ingested data (contract section 3).

-- One row per inbox file a run met. A file whose content (sha256) was loaded before is recorded
-- as 'skipped'; 'staging' while its run is under way; 'loaded' once merged.
create table inbox_file (
    file_id          bigserial primary key,
    file_name        text        not null,
    kind             text        not null check (kind in ('clinicians', 'appointments', 'payments', 'time_off')),
    sha256           text        not null,
    size_bytes       bigint      not null,
    job_instance_id  bigint      not null,
    status           text        not null check (status in ('staging', 'loaded', 'skipped')),
    same_as_file_id  bigint      references inbox_file,
    registered_at    timestamptz not null default now(),
    loaded_at        timestamptz,
    rows_total       integer     not null default 0,
    rows_loaded      integer     not null default 0,
    rows_rejected    integer     not null default 0,
    rows_duplicate   integer     not null default 0
);
create unique index inbox_file_content on inbox_file (sha256) where status <> 'skipped';
create index inbox_file_instance on inbox_file (job_instance_id);

-- Every row that did not load, with where it came from and why. A retryable reject (its only
-- fault is a reference not known yet) is tried again on each run; resolved_at is set when it loads.
create table reject (
    file_id          bigint      not null references inbox_file,
    line_no          integer     not null,
    raw              text        not null,
    reason           text        not null,
    detail           text        not null,
    retryable        boolean     not null default false,
    rejected_at      timestamptz not null default now(),
    resolved_at      timestamptz,
    resolved_by_job_instance_id bigint,
    primary key (file_id, line_no)
);
create index reject_open_retryable on reject (file_id) where retryable and resolved_at is null;

-- Ids are text in plain string order (collation "C"): the contract orders sessions of equal
-- start by appointment_id as plain strings, and byte comparison keeps bulk sorts and indexes fast.

-- Staging: rows that passed the per-row checks, written in bulk (COPY) while a file streams in,
-- merged by set-based SQL at the end of the run. Rows waiting for a reference stay here
-- (pending) and are merged again on every later run.
create table stage_clinician (
    file_id          bigint  not null,
    line_no          integer not null,
    raw              text    not null,
    clinician_id     text collate "C"    not null,
    full_name        text    not null,
    email            text,
    hire_date        date    not null,
    end_date         date,
    weekly_hours     numeric(5, 2) not null,
    specialty        text,
    pay_plan         text    not null,
    effective_date   date,
    primary key (file_id, line_no)
);

create table stage_appointment (
    file_id          bigint  not null,
    line_no          integer not null,
    raw              text    not null,
    appointment_id   text collate "C"    not null,
    clinician_id     text collate "C"    not null,
    client_id        text collate "C"    not null,
    start_at         timestamptz not null,
    duration_minutes integer not null,
    service_code     text    not null,
    status           text    not null,
    group_id         text collate "C",
    charge           numeric(12, 2),
    pending          boolean not null default false,
    primary key (file_id, line_no)
);

create table stage_payment (
    file_id          bigint  not null,
    line_no          integer not null,
    raw              text    not null,
    payment_id       text collate "C"    not null,
    appointment_id   text collate "C"    not null,
    posted_date      date    not null,
    amount           numeric(12, 2) not null,
    payer            text    not null,
    kind             text    not null,
    pending          boolean not null default false,
    primary key (file_id, line_no)
);

create table stage_time_off (
    file_id          bigint  not null,
    line_no          integer not null,
    raw              text    not null,
    clinician_id     text collate "C",
    day              date    not null,
    hours            numeric(4, 2) not null,
    kind             text    not null,
    pending          boolean not null default false,
    primary key (file_id, line_no)
);

-- The roster. Name, email, dates and specialty come from the clinician's latest row;
-- hours and plan are effective-dated in clinician_terms.
create table clinician (
    clinician_id     text collate "C" primary key,
    full_name        text    not null,
    email            text,
    hire_date        date    not null,
    end_date         date,
    specialty        text,
    source_file_id   bigint  not null references inbox_file,
    source_line      integer not null
);

create table clinician_terms (
    clinician_id     text collate "C"    not null references clinician,
    effective_date   date    not null,
    weekly_hours     numeric(5, 2) not null,
    pay_plan         text    not null,
    source_file_id   bigint  not null references inbox_file,
    source_line      integer not null,
    primary key (clinician_id, effective_date)
);

-- The latest version of every appointment; start_date is the local date in the practice time zone.
-- Appointments and payments reach these tables only through sql/ingest/merge.sql, which
-- checks their references; they carry no foreign keys, whose per-row triggers would cost more
-- than the rest of a bulk merge.
create table appointment (
    appointment_id   text collate "C" primary key,
    clinician_id     text collate "C"    not null,
    client_id        text collate "C"    not null,
    start_at         timestamptz not null,
    start_date       date    not null,
    duration_minutes integer not null,
    service_code     text    not null,
    status           text    not null check (status in ('completed', 'no_show', 'late_cancel', 'cancelled', 'scheduled')),
    group_id         text collate "C",
    charge           numeric(12, 2),
    source_file_id   bigint  not null references inbox_file,
    source_line      integer not null
);
create index appointment_clinician_date on appointment (clinician_id, start_date);

create table payment (
    payment_id       text collate "C" primary key,
    appointment_id   text collate "C"    not null,
    posted_date      date    not null,
    amount           numeric(12, 2) not null,
    payer            text    not null check (payer in ('insurance', 'client')),
    kind             text    not null check (kind in ('payment', 'refund', 'no_show_fee', 'adjustment')),
    source_file_id   bigint  not null references inbox_file,
    source_line      integer not null
);
create index payment_appointment on payment (appointment_id);
create index payment_posted on payment (posted_date);

-- clinician_id null: a practice-wide closure. Time-off rows carry no id of their own: a row
-- for the same clinician, day and kind as one loaded before replaces it (a corrected export,
-- or the same export sent again, does not count the hours twice).
create table time_off (
    time_off_id      bigserial primary key,
    clinician_id     text collate "C"    references clinician,
    day              date    not null,
    hours            numeric(4, 2) not null,
    kind             text    not null check (kind in ('pto', 'sick', 'holiday', 'training', 'other')),
    source_file_id   bigint  not null references inbox_file,
    source_line      integer not null
);
create unique index time_off_key on time_off ((coalesce(clinician_id, '*')), day, kind);
create index time_off_clinician_day on time_off (clinician_id, day);
