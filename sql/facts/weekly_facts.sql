-- Weekly facts of the clinicians :lo to :hi (ids, both included) from week :from (a Monday) to
-- the week of :asOf (contract section 4). Their rows from :from on are replaced; earlier weeks are
-- read, never written. The etl job runs this script for several ranges of clinicians at once,
-- after sql/facts/first_visits.sql and sql/facts/collections.sql.
-- Parameters: :from, :asOf, :lo, :hi, :caseloadWeeks, :intakeCodes (a list).

delete from clinician_week where week_of >= :from and clinician_id between :lo and :hi;

insert into clinician_week (clinician_id, week_of, tenure_month, employed_weekdays, available_hours,
                            scheduled_minutes, contact_minutes, completed_sessions, completed_rows, no_show_rows,
                            late_cancel_rows, cancelled_rows, intakes, new_clients, active_caseload,
                            time_off_hours, collections)
with bounds as (
    -- from the week of hire or of the practice's first appointment, whichever is later
    select greatest(cast(:from as date), (select week_of(min(start_date)) from appointment)) as first_week,
           week_of(cast(:asOf as date)) as last_week
),
weeks as (
    select c.clinician_id, c.hire_date, c.end_date, w::date as week_of
      from clinician c
     cross join bounds b
     cross join lateral generate_series(greatest(week_of(c.hire_date), b.first_week),
                                        least(b.last_week, week_of(coalesce(c.end_date, b.last_week))),
                                        interval '7 days') w
     where c.clinician_id between :lo and :hi
),
terms as (
    -- the hours in effect on a day; before the first effective date, the first terms
    select clinician_id, weekly_hours,
           case when row_number() over w = 1 then '-infinity'::date else effective_date end as from_day,
           coalesce(lead(effective_date) over w, 'infinity'::date) as to_day
      from clinician_terms
     where clinician_id between :lo and :hi
    window w as (partition by clinician_id order by effective_date)
),
closures as (
    select day, sum(hours) as hours from time_off where clinician_id is null group by day
),
employed_days as (
    select k.clinician_id, k.week_of, count(*) as weekdays, sum(t.weekly_hours / 5) as hours,
           coalesce(sum(c.hours), 0) as closure_hours
      from weeks k
     cross join lateral generate_series(k.week_of, k.week_of + 4, interval '1 day') d
      join terms t on t.clinician_id = k.clinician_id and d::date >= t.from_day and d::date < t.to_day
      left join closures c on c.day = d::date
     where d::date >= k.hire_date and d::date <= coalesce(k.end_date, 'infinity'::date)
     group by k.clinician_id, k.week_of
),
own_time_off as (
    select clinician_id, week_of(day) as week_of, sum(hours) as hours
      from time_off
     where clinician_id between :lo and :hi and day >= (select first_week from bounds)
     group by 1, 2
),
appt as (
    -- read three times, so kept (materialized) with only the columns the facts use
    select a.clinician_id, a.client_id, a.start_at, a.duration_minutes, a.service_code, a.status, a.group_id,
           week_of(a.start_date) as week_of
      from appointment a
     where a.clinician_id between :lo and :hi
       and a.start_date >= cast(:from as date) - 7 * (cast(:caseloadWeeks as int) - 1)
),
group_sessions as (
    -- a group session: the rows of one group (same clinician, group_id and start)
    select clinician_id, week_of,
           bool_or(status = 'completed') as completed,
           bool_or(status in ('completed', 'no_show', 'late_cancel')) as scheduled,
           max(duration_minutes) as minutes
      from appt
     where group_id is not null and week_of >= (select first_week from bounds)
     group by clinician_id, week_of, group_id, start_at
),
group_facts as (
    select clinician_id, week_of,
           count(*) filter (where completed) as sessions,
           coalesce(sum(minutes) filter (where completed), 0) as contact_minutes,
           coalesce(sum(minutes) filter (where scheduled), 0) as scheduled_minutes
      from group_sessions
     group by 1, 2
),
row_facts as (
    -- the rows' counts, and the sessions that are one row each (not in a group), in one pass
    select clinician_id, week_of,
           count(*) filter (where status = 'completed') as completed_rows,
           count(*) filter (where status = 'no_show') as no_show_rows,
           count(*) filter (where status = 'late_cancel') as late_cancel_rows,
           count(*) filter (where status = 'cancelled') as cancelled_rows,
           count(*) filter (where status = 'completed' and service_code in (:intakeCodes)) as intakes,
           count(*) filter (where group_id is null and status = 'completed') as sessions,
           coalesce(sum(duration_minutes) filter (where group_id is null and status = 'completed'), 0) as contact_minutes,
           coalesce(sum(duration_minutes) filter (where group_id is null
                                                    and status in ('completed', 'no_show', 'late_cancel')), 0)
               as scheduled_minutes
      from appt
     where week_of >= (select first_week from bounds)
     group by 1, 2
),
new_clients as (
    select clinician_id, week_of, count(*) as n
      from client_first_visit
     where clinician_id between :lo and :hi and week_of >= (select first_week from bounds)
     group by 1, 2
),
client_weeks as (
    -- a client's completed weeks with the clinician, each marked where the client's run of active
    -- weeks begins or ends: a completed week w keeps the client active through w + (caseloadWeeks
    -- - 1) weeks, so a run begins at w unless the client's previous completed week was at most
    -- caseloadWeeks weeks before, and ends after w + (caseloadWeeks - 1) unless the next one is at
    -- most caseloadWeeks weeks after (a second session in the same week begins and ends nothing).
    -- Partitioned by client first: client ids vary more than clinician ids, so the sort compares
    -- fewer equal strings (1,000 x 52: 0.85 s for a range against 1.2 s by clinician first)
    select clinician_id, week_of,
           coalesce(lag(week_of) over w < week_of - 7 * cast(:caseloadWeeks as int), true) as begins,
           coalesce(lead(week_of) over w > week_of + 7 * cast(:caseloadWeeks as int), true) as ends
      from appt
     where status = 'completed'
    window w as (partition by client_id, clinician_id order by week_of)
),
run_ends as (
    select clinician_id, week_of, begins, ends from client_weeks where begins or ends
),
caseload_changes as (
    -- +1 the week a run begins, -1 the week after it ends; changes before the first rebuilt week
    -- count from it. Only the runs' ends: a change each way for every completed week was twelve
    -- times the rows (1,000 x 52, a range's caseload with the sort by clinician first: 1.8 s; now
    -- 0.9 s)
    select clinician_id, greatest(week_of, (select first_week from bounds)) as week_of, sum(change) as change
      from (select clinician_id, week_of, 1 as change from run_ends where begins
            union all
            select clinician_id, week_of + 7 * cast(:caseloadWeeks as int), -1 from run_ends where ends) c
     group by 1, 2
),
caseload as (
    -- distinct active clients: a running sum of clients becoming active and inactive
    select k.clinician_id, k.week_of,
           sum(coalesce(c.change, 0)) over (partition by k.clinician_id order by k.week_of) as n
      from weeks k
      left join caseload_changes c on c.clinician_id = k.clinician_id and c.week_of = k.week_of
)
select k.clinician_id, k.week_of,
       1 + (extract(year from age(k.week_of, k.hire_date)) * 12 + extract(month from age(k.week_of, k.hire_date)))::int,
       coalesce(e.weekdays, 0),
       greatest(0, coalesce(e.hours, 0) - coalesce(o.hours, 0) - coalesce(e.closure_hours, 0)),
       coalesce(r.scheduled_minutes, 0) + coalesce(g.scheduled_minutes, 0),
       coalesce(r.contact_minutes, 0) + coalesce(g.contact_minutes, 0),
       coalesce(r.sessions, 0) + coalesce(g.sessions, 0),
       coalesce(r.completed_rows, 0), coalesce(r.no_show_rows, 0), coalesce(r.late_cancel_rows, 0),
       coalesce(r.cancelled_rows, 0), coalesce(r.intakes, 0), coalesce(n.n, 0), coalesce(c.n, 0),
       coalesce(o.hours, 0), coalesce(m.amount, 0)
  from weeks k
  left join employed_days e on e.clinician_id = k.clinician_id and e.week_of = k.week_of
  left join own_time_off o on o.clinician_id = k.clinician_id and o.week_of = k.week_of
  left join row_facts r on r.clinician_id = k.clinician_id and r.week_of = k.week_of
  left join group_facts g on g.clinician_id = k.clinician_id and g.week_of = k.week_of
  left join new_clients n on n.clinician_id = k.clinician_id and n.week_of = k.week_of
  left join caseload c on c.clinician_id = k.clinician_id and c.week_of = k.week_of
  left join clinician_week_collections m on m.clinician_id = k.clinician_id and m.week_of = k.week_of;
