-- Flags on sessions, hours, no-shows, intakes and time off of every week from :from on
-- (contract sections 5 and 9), from the weekly facts and the 8-week trailing metrics: BELOW_RAMP,
-- BURNOUT_HOURS, HIGH_NO_SHOW, NO_NEW_INTAKES, NO_TIME_OFF. Runs at once with
-- flags_utilization.sql, each in its own transaction, so each replaces only its own codes.
-- Thresholds compare exactly: rates as cross-multiplied counts, never as rounded ratios.
-- {NAME} placeholders are window lengths from the configuration; :names are thresholds.

delete from flag
 where week_of >= :from and code in ('BELOW_RAMP', 'BURNOUT_HOURS', 'HIGH_NO_SHOW', 'NO_NEW_INTAKES', 'NO_TIME_OFF');

-- BELOW_RAMP: the last 3 weeks with available hours each in ramp-up month 2 or later and below
-- the minimum of its own month's band (month 1 is never flagged).
insert into flag (clinician_id, week_of, code, pattern, detail)
select clinician_id, week_of, 'BELOW_RAMP', 'individual',
       'Completed sessions ' || sessions || ' in the last 3 weeks with available hours; ramp-up month '
       || tenure_month || ' expects ' || band_min || '–' || band_max || ' a week'
  from (select cw.clinician_id, cw.week_of, cw.tenure_month, r.min as band_min, r.max as band_max,
               count(*) over w as weeks,
               count(*) filter (where cw.tenure_month >= 2 and cw.completed_sessions < r.min) over w as below_weeks,
               string_agg(cw.completed_sessions::text, ', ') over w as sessions
          from clinician_week cw
          left join (values {RAMP_VALUES}) as r(month, min, max) on r.month = cw.tenure_month
         where cw.available_hours > 0
        window w as (partition by cw.clinician_id order by cw.week_of rows between 2 preceding and current row)) x
 where week_of >= :from and weeks = 3 and below_weeks = 3;

-- BURNOUT_HOURS: more than the weekly contact hours in at least {BURNOUT_WEEKS} of the last 4 weeks.
-- (The detail for the flagged weeks only, as for LOW_UTILIZATION in flags_utilization.sql.)
insert into flag (clinician_id, week_of, code, pattern, detail)
select x.clinician_id, x.week_of, 'BURNOUT_HOURS', 'individual',
       'Contact hours ' || h.contact || ' in the last 4 weeks; more than ' || :burnoutHours || ' in ' || x.over_weeks
       || ' of them (threshold: ' || {BURNOUT_WEEKS} || ')'
  from (select clinician_id, week_of,
               count(*) filter (where contact_minutes > :burnoutHours * 60) over w as over_weeks
          from clinician_week
         where week_of >= cast(:from as date) - 21
        window w as (partition by clinician_id order by week_of rows between 3 preceding and current row)) x
 cross join lateral (
        select string_agg(hours_text(contact_minutes), ', ' order by week_of) as contact
          from (select contact_minutes, week_of
                  from clinician_week c
                 where c.clinician_id = x.clinician_id and c.week_of <= x.week_of
                   and c.week_of >= cast(:from as date) - 21
                 order by c.week_of desc
                 limit 4) l) h
 where x.week_of >= :from and x.over_weeks >= {BURNOUT_WEEKS};

-- HIGH_NO_SHOW: enough rows in the last 8 weeks and a trailing 8-week no-show rate at least
-- the given points above the practice's (all clinicians, the flagged one included).
insert into flag (clinician_id, week_of, code, pattern, detail)
select t.clinician_id, t.week_of, 'HIGH_NO_SHOW', 'individual',
       'No-show and late-cancel rate ' || pct(t.missed_rows::numeric / t.attended_or_missed) || ' (' || t.missed_rows
       || ' of ' || t.attended_or_missed || ') over the last 8 weeks against the practice''s '
       || pct(p.missed::numeric / p.attended_or_missed) || '; threshold ' || pct(:noShowPoints) || ' above the practice'
  from clinician_week_trailing t
  join (select week_of, sum(missed_rows) as missed, sum(attended_or_missed) as attended_or_missed
          from clinician_week_trailing
         where window_weeks = 8 and week_of >= :from
         group by week_of) p on p.week_of = t.week_of
 where t.window_weeks = 8 and t.week_of >= :from
   and t.attended_or_missed >= :noShowMinAppointments and t.attended_or_missed > 0
   and t.missed_rows * p.attended_or_missed >= (p.missed + :noShowPoints * p.attended_or_missed) * t.attended_or_missed;

-- NO_NEW_INTAKES: fully ramped, employed the last {NO_INTAKES_WEEKS} weeks, no intakes in them.
insert into flag (clinician_id, week_of, code, pattern, detail)
select clinician_id, week_of, 'NO_NEW_INTAKES', 'individual',
       'No intakes in the last {NO_INTAKES_WEEKS} weeks'
  from (select clinician_id, week_of, tenure_month,
               count(*) over w as weeks, min(week_of) over w as first_week, sum(intakes) over w as intakes
          from clinician_week
         where week_of >= cast(:from as date) - 7 * ({NO_INTAKES_WEEKS} - 1)
        window w as (partition by clinician_id order by week_of rows between {NO_INTAKES_WEEKS} - 1 preceding and current row)) x
 where week_of >= :from and tenure_month > {RAMP_MONTHS} and weeks = {NO_INTAKES_WEEKS}
   and first_week = week_of - 7 * ({NO_INTAKES_WEEKS} - 1) and intakes = 0;

-- NO_TIME_OFF: employed the last {NO_TIME_OFF_WEEKS} weeks and none of the clinician's own time off in them.
insert into flag (clinician_id, week_of, code, pattern, detail)
select clinician_id, week_of, 'NO_TIME_OFF', 'individual',
       'No time off in the last {NO_TIME_OFF_WEEKS} weeks'
  from (select clinician_id, week_of,
               count(*) over w as weeks, min(week_of) over w as first_week, sum(time_off_hours) over w as off_hours
          from clinician_week
         where week_of >= cast(:from as date) - 7 * ({NO_TIME_OFF_WEEKS} - 1)
        window w as (partition by clinician_id order by week_of rows between {NO_TIME_OFF_WEEKS} - 1 preceding and current row)) x
 where week_of >= :from and weeks = {NO_TIME_OFF_WEEKS}
   and first_week = week_of - 7 * ({NO_TIME_OFF_WEEKS} - 1) and off_hours = 0;
