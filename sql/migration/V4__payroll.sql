-- Payroll (contract section 6): a month's lines, draft until finalized.

create table payroll_month (
    month         date primary key check (extract(day from month) = 1),
    status        text not null check (status in ('draft', 'final')),
    computed_at   timestamptz not null,
    finalized_at  timestamptz,
    plans         text not null          -- the plans in force, as configured when computed
);

-- One row per amount paid. Every line points at what it pays for: a payment, a session, or
-- (salary, base, bonus) the clinician's month. Basis x rate = amount, rounded half up to cents.
create table payroll_line (
    line_id        bigserial primary key,
    month          date    not null references payroll_month,
    clinician_id   text collate "C" not null,
    line_type      text    not null check (line_type in ('salary', 'base', 'commission', 'per-session',
                                                          'no-show-fee', 'bonus', 'prior-period')),
    plan           text    not null,
    appointment_id text collate "C",
    client_id      text collate "C",
    service_date   date,
    service_code   text,
    payment_id     text collate "C",
    posted_date    date,
    basis          numeric(14, 4),
    rate           numeric(14, 6),
    amount         numeric(12, 2) not null check (amount <> 0)
);
create index payroll_line_month on payroll_line (month, clinician_id);
create index payroll_line_payment on payroll_line (payment_id);

-- Every payment a month's payroll accounted for, whether or not it gave a line (a salaried
-- clinician's payment gives none). A payment posted in a finalized month that is not here was
-- ingested after finalization: the first open month pays it as a prior-period line.
create table payroll_payment (
    month       date not null references payroll_month,
    payment_id  text collate "C" not null,
    primary key (month, payment_id)
);
create index payroll_payment_payment on payroll_payment (payment_id);

-- Payments posted in the month that could not be attributed to a clinician (their appointment is
-- unknown), as they stood when the month was computed: listed, never paid, never lost.
create table payroll_unattributed (
    month          date not null references payroll_month,
    payment_id     text collate "C" not null,
    appointment_id text collate "C" not null,
    posted_date    date not null,
    amount         numeric(12, 2) not null,
    payer          text not null,
    reason         text not null,
    source_file    text not null,
    source_line    integer not null
);
create index payroll_unattributed_month on payroll_unattributed (month);

-- The key of the client codes when CASELOAD_CLIENT_KEY is not set: made once, kept here, so the
-- same client keeps the same code in every workbook.
create table client_code_key (
    singleton boolean primary key default true check (singleton),
    key       text not null
);
