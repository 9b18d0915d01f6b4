-- Flags on utilization of every week from :from on (contract sections 5 and 9), from the weekly
-- facts and the 4-week trailing metrics: SYSTEMIC_LOW_UTILIZATION, LOW_UTILIZATION,
-- BURNOUT_UTILIZATION, SUDDEN_DROP, SUDDEN_SPIKE. Runs at once with flags_activity.sql, each in
-- its own transaction, so each replaces only its own codes. Thresholds compare exactly: rates
-- are compared as cross-multiplied sums of minutes and hours, never as rounded ratios.
-- {NAME} placeholders are window lengths from the configuration; :names are thresholds.

delete from flag
 where week_of >= :from
   and code in ('SYSTEMIC_LOW_UTILIZATION', 'LOW_UTILIZATION', 'BURNOUT_UTILIZATION', 'SUDDEN_DROP', 'SUDDEN_SPIKE');

-- SYSTEMIC_LOW_UTILIZATION: the share of fully ramped clinicians (with a trailing 4-week
-- utilization) below the low threshold reaches the systemic share; that week's
-- LOW_UTILIZATION flags are then practice-wide. Found first, so that LOW_UTILIZATION is written
-- with its pattern (an update of those flags after took 7 - 12 s at 10,000 clinicians).
insert into flag (clinician_id, week_of, code, pattern, detail)
select null, week_of, 'SYSTEMIC_LOW_UTILIZATION', 'practice-wide',
       low || ' of ' || ramped || ' fully ramped clinicians (' || pct(low::numeric / ramped)
       || ') have a trailing 4-week utilization below ' || pct(:lowBelow) || '; threshold ' || pct(:systemicShare)
  from (select t.week_of, count(*) as ramped,
               count(*) filter (where t.contact_minutes < :lowBelow * t.available_hours * 60) as low
          from clinician_week_trailing t
          join clinician_week cw on cw.clinician_id = t.clinician_id and cw.week_of = t.week_of
         where t.window_weeks = 4 and t.week_of >= :from and t.available_hours > 0 and cw.tenure_month > {RAMP_MONTHS}
         group by t.week_of) x
 where ramped > 0 and low >= :systemicShare * ramped;

-- LOW_UTILIZATION: fully ramped, utilization below the threshold in W and the weeks with
-- available hours before it ({LOW_WEEKS} in all), each of them fully ramped.
-- The detail is written for the flagged weeks only (a lateral read of their weeks by key): as a
-- window over every clinician-week, building the text took most of the statement.
insert into flag (clinician_id, week_of, code, pattern, detail)
select x.clinician_id, x.week_of, 'LOW_UTILIZATION',
       case when x.week_of in (select week_of from flag where code = 'SYSTEMIC_LOW_UTILIZATION' and week_of >= :from)
            then 'practice-wide' else 'individual' end,
       'Utilization ' || u.utilizations || ' for the last {LOW_WEEKS} weeks with available hours; threshold '
       || pct(:lowBelow)
  from (select clinician_id, week_of,
               count(*) over w as weeks,
               count(*) filter (where contact_minutes < :lowBelow * available_hours * 60
                                  and tenure_month > {RAMP_MONTHS}) over w as low_weeks
          from clinician_week
         where available_hours > 0
        window w as (partition by clinician_id order by week_of rows between {LOW_WEEKS} - 1 preceding and current row)) x
 cross join lateral (
        select string_agg(pct(contact_minutes / (available_hours * 60)), ', ' order by week_of) as utilizations
          from (select contact_minutes, available_hours, week_of
                  from clinician_week c
                 where c.clinician_id = x.clinician_id and c.week_of <= x.week_of and c.available_hours > 0
                 order by c.week_of desc
                 limit {LOW_WEEKS}) l) u
 where x.week_of >= :from and x.weeks = {LOW_WEEKS} and x.low_weeks = {LOW_WEEKS};

-- BURNOUT_UTILIZATION: trailing 4-week utilization above the threshold.
insert into flag (clinician_id, week_of, code, pattern, detail)
select clinician_id, week_of, 'BURNOUT_UTILIZATION', 'individual',
       'Trailing 4-week utilization ' || pct(utilization) || ' (' || hours_text(contact_minutes) || ' contact hours of '
       || available_hours || ' available); threshold ' || pct(:burnoutUtilization)
  from clinician_week_trailing
 where window_weeks = 4 and week_of >= :from and available_hours > 0
   and contact_minutes > :burnoutUtilization * available_hours * 60;

-- SUDDEN_DROP and SUDDEN_SPIKE: trailing 4-week utilization against the baseline, the
-- utilization of the {BASELINE_WEEKS} weeks before the trailing window (at least 4 of them
-- with available hours).
create temp table sudden on commit drop as
select b.clinician_id, b.week_of, b.base_contact, b.base_available, t.contact_minutes as t_contact,
       t.available_hours as t_available
  from (select clinician_id, week_of,
               count(*) filter (where available_hours > 0) over w as base_weeks,
               sum(contact_minutes) filter (where available_hours > 0) over w as base_contact,
               sum(available_hours) filter (where available_hours > 0) over w as base_available
          from clinician_week
         where week_of >= cast(:from as date) - 7 * ({BASELINE_WEEKS} + 3)
        window w as (partition by clinician_id order by week_of
                     rows between {BASELINE_WEEKS} + 3 preceding and 4 preceding)) b
  join clinician_week_trailing t on t.clinician_id = b.clinician_id and t.week_of = b.week_of and t.window_weeks = 4
 where b.week_of >= :from and b.base_weeks >= 4 and t.available_hours > 0;

-- drop: baseline >= at-least and t4 <= baseline - points, i.e. (cross-multiplied)
-- t_contact * base_available <= (base_contact - points * base_available * 60) * t_available
insert into flag (clinician_id, week_of, code, pattern, detail)
select clinician_id, week_of, 'SUDDEN_DROP', 'individual',
       'Trailing 4-week utilization ' || pct(t_contact / (t_available * 60)) || ' against a baseline of '
       || pct(base_contact / (base_available * 60)) || ' over the {BASELINE_WEEKS} weeks before; a drop of '
       || pct(base_contact / (base_available * 60) - t_contact / (t_available * 60)) || ' (threshold ' || pct(:points) || ')'
  from sudden
 where base_contact >= :baselineAtLeast * base_available * 60
   and t_contact * base_available <= (base_contact - :points * base_available * 60) * t_available;

insert into flag (clinician_id, week_of, code, pattern, detail)
select clinician_id, week_of, 'SUDDEN_SPIKE', 'individual',
       'Trailing 4-week utilization ' || pct(t_contact / (t_available * 60)) || ' against a baseline of '
       || pct(base_contact / (base_available * 60)) || ' over the {BASELINE_WEEKS} weeks before; a rise of '
       || pct(t_contact / (t_available * 60) - base_contact / (base_available * 60)) || ' (threshold ' || pct(:points)
       || ') above the target band''s ' || pct(:targetMax)
  from sudden
 where t_contact * base_available >= (base_contact + :points * base_available * 60) * t_available
   and t_contact > :targetMax * t_available * 60;
