-- Trailing metrics over the {N} weeks ending with each week from :from on (contract section 5),
-- counting only weeks with available hours: ratios of sums, never averages of weekly ratios.
-- {N} is the window length; the script runs once for each configured window.

delete from clinician_week_trailing where week_of >= :from and window_weeks = {N};

insert into clinician_week_trailing (clinician_id, week_of, window_weeks, weeks_counted, contact_minutes,
                                     available_hours, completed_sessions, attended_or_missed, missed_rows, intakes,
                                     utilization, no_show_rate, sessions_per_week)
select clinician_id, week_of, {N}, weeks_counted, contact, available, sessions, attended_or_missed, missed, intakes,
       case when available > 0 then contact / (available * 60) end,
       case when attended_or_missed > 0 then missed::numeric / attended_or_missed end,
       case when weeks_counted > 0 then sessions::numeric / weeks_counted end
  from (select clinician_id, week_of,
               count(*) filter (where available_hours > 0) over w as weeks_counted,
               coalesce(sum(contact_minutes) filter (where available_hours > 0) over w, 0) as contact,
               coalesce(sum(available_hours) filter (where available_hours > 0) over w, 0) as available,
               coalesce(sum(completed_sessions) filter (where available_hours > 0) over w, 0) as sessions,
               coalesce(sum(completed_rows + no_show_rows + late_cancel_rows) filter (where available_hours > 0) over w, 0)
                   as attended_or_missed,
               coalesce(sum(no_show_rows + late_cancel_rows) filter (where available_hours > 0) over w, 0) as missed,
               coalesce(sum(intakes) filter (where available_hours > 0) over w, 0) as intakes
          from clinician_week
         where week_of >= cast(:from as date) - 7 * ({N} - 1)
        window w as (partition by clinician_id order by week_of rows between {N} - 1 preceding and current row)) x
 where week_of >= :from;
