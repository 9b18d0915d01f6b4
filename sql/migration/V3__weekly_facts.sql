-- Weekly facts, trailing metrics and flags (contract sections 4 and 5).

-- The Monday of a date's week (weeks run Monday to Sunday, named by their Monday).
create function week_of(d date) returns date
    language sql immutable strict parallel safe
    return d - (extract(isodow from d)::int - 1);

-- One row per clinician per week, from the week of hire (or of the practice's first data, if
-- later) to the as-of week or the week of end_date. Hours are exact: minutes as integers,
-- available hours as NUMERIC; rates are derived, never stored rounded.
create table clinician_week (
    clinician_id       text collate "C" not null,
    week_of            date    not null,
    tenure_month       integer not null,
    employed_weekdays  integer not null,
    available_hours    numeric(8, 2) not null,
    scheduled_minutes  integer not null,
    contact_minutes    integer not null,
    completed_sessions integer not null,
    completed_rows     integer not null,
    no_show_rows       integer not null,
    late_cancel_rows   integer not null,
    cancelled_rows     integer not null,
    intakes            integer not null,
    new_clients        integer not null,
    active_caseload    integer not null,
    time_off_hours     numeric(8, 2) not null,
    collections        numeric(14, 2) not null,
    primary key (clinician_id, week_of)
);
create index clinician_week_week on clinician_week (week_of);

-- For every clinician-week and every trailing window N (weeks), over the N weeks ending with it,
-- counting only weeks with available hours. Rates are ratios of sums; null when undefined.
create table clinician_week_trailing (
    clinician_id       text collate "C" not null,
    week_of            date    not null,
    window_weeks       integer not null,
    weeks_counted      integer not null,
    contact_minutes    bigint  not null,
    available_hours    numeric(10, 2) not null,
    completed_sessions integer not null,
    attended_or_missed integer not null,   -- completed + no_show + late_cancel rows
    missed_rows        integer not null,   -- no_show + late_cancel rows
    intakes            integer not null,
    utilization        numeric,
    no_show_rate       numeric,
    sessions_per_week  numeric,
    primary key (clinician_id, week_of, window_weeks)
);

-- Flags, each with the sentence that states its numbers. clinician_id is null for the
-- practice-level SYSTEMIC_LOW_UTILIZATION; pattern says whether a flag is practice-wide.
create table flag (
    flag_id       bigserial primary key,
    clinician_id  text collate "C",
    week_of       date not null,
    code          text not null,
    pattern       text not null check (pattern in ('individual', 'practice-wide')),
    detail        text not null
);
create unique index flag_key on flag ((coalesce(clinician_id, '')), week_of, code);
create index flag_week on flag (week_of);

-- What the facts were last built for (one row at most): dirty_since is the earliest week whose
-- facts ingested data changed since (the merge lowers it), built_through the as-of week of the
-- last build, policy the thresholds it used. The facts step rebuilds from the earliest week that
-- needs it, in the same transaction that updates this row.
create table facts_state (
    singleton     boolean primary key default true check (singleton),
    dirty_since   date,
    built_through date,
    policy        text,
    rebuilt_from  date      -- the first week the last build rewrote
);

-- How flag sentences write numbers: a rate as a whole percent, minutes as hours with one decimal.
create function pct(x numeric) returns text
    language sql immutable strict parallel safe
    return round(x * 100)::int || '%';

create function hours_text(minutes numeric) returns text
    language sql immutable strict parallel safe
    return to_char(minutes / 60.0, 'FM9999990.0');
