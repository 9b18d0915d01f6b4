-- The payroll lines of month :month (its first day; :monthEnd its last), contract section 6.
-- Needs the temp tables pay_plan, pay_tier and pay_rate (the configured plans), created by the
-- caller in the same transaction. Amounts are NUMERIC, each line rounded half up to cents.

delete from payroll_line where month = :month;

delete from payroll_payment where month = :month;

-- The plan in effect on a day: the latest terms effective on or before it (the first terms before them).
create temp table pay_terms on commit drop as
select clinician_id, pay_plan,
       case when row_number() over w = 1 then '-infinity'::date else effective_date end as from_day,
       coalesce(lead(effective_date) over w, 'infinity'::date) as to_day
  from clinician_terms
window w as (partition by clinician_id order by effective_date);

-- The payments this month pays: posted in it, and those posted in a finalized month but ingested
-- after it was finalized whose first open month this is (paid as prior-period).
create temp table pay_payment on commit drop as
select x.*, a.clinician_id, a.client_id, a.start_date, a.service_code
  from (select p.*, false as prior
          from payment p
         where p.posted_date between :month and :monthEnd
        union all
        select p.*, true
          from payment p
          join payroll_month f on f.month = date_trunc('month', p.posted_date)::date and f.status = 'final'
         where f.month < :month
           and not exists (select 1 from payroll_payment pp join payroll_month m on m.month = pp.month and m.status = 'final'
                            where pp.payment_id = p.payment_id)
           and not exists (select 1 from generate_series(f.month + interval '1 month', cast(:month as date) - interval '1 month',
                                                         interval '1 month') g(m)
                            where not exists (select 1 from payroll_month x where x.month = g.m::date and x.status = 'final'))) x
 -- each payment's appointment, looked up by its key: a join would read every appointment ever held
 cross join lateral (select a.clinician_id, a.client_id, a.start_date, a.service_code
                       from appointment a where a.appointment_id = x.appointment_id limit 1) a;

analyze pay_payment;

insert into payroll_payment (month, payment_id) select :month, payment_id from pay_payment;

-- The appointments whose sessions are ranked: every appointment of the clinicians concerned, in
-- the months and weeks of the sessions paid for.
create temp table pay_appt on commit drop as
with span as (
    select least(cast(:month as date), (select min(date_trunc('month', start_date)::date) from pay_payment)) - 7
           as first_day
),
appt as (
    select * from appointment a
     where a.start_date >= (select first_day from span) and a.start_date <= cast(:monthEnd as date) + 7
)
select a.appointment_id, a.clinician_id, a.client_id, a.start_at, a.start_date, a.service_code, a.status, a.group_id,
       a.appointment_id as session_id, a.status = 'completed' as in_session, a.service_code as session_code
  from appt a
 where a.group_id is null
union all
select a.appointment_id, a.clinician_id, a.client_id, a.start_at, a.start_date, a.service_code, a.status, a.group_id,
       min(a.appointment_id) over g, bool_or(a.status = 'completed') over g,
       first_value(a.service_code) over (g order by a.appointment_id rows between unbounded preceding and unbounded following)
  from appt a
 where a.group_id is not null
window g as (partition by a.clinician_id, a.group_id, a.start_at);

analyze pay_appt;

-- Ranks: sessions ordered by start, then (smallest) appointment_id, within the clinician's month
-- and week; the rows of a group session share its rank (the session is its smallest appointment).
create temp table pay_rank on commit drop as
select clinician_id, session_id, start_date,
       row_number() over (partition by clinician_id, date_trunc('month', start_date) order by start_at, session_id) as month_rank,
       row_number() over (partition by clinician_id, week_of(start_date) order by start_at, session_id) as week_rank
  from pay_appt
 where in_session and appointment_id = session_id;

analyze pay_rank;

create temp table pay_tier_range on commit drop as
select plan, rate, coalesce(lag(up_to) over (partition by plan order by ord), 0) + 1 as from_rank,
       coalesce(up_to, 2147483647) as to_rank, ord
  from pay_tier;

-- Lines of payments: commission-type plans pay every payment (base-plus above the threshold,
-- tiered at the rate of the session's rank); per-session plans pay no-show fees.
insert into payroll_line (month, clinician_id, line_type, plan, appointment_id, client_id, service_date, service_code,
                          payment_id, posted_date, basis, rate, amount)
select :month, x.clinician_id,
       case when x.prior then 'prior-period' when pl.type = 'per-session' then 'no-show-fee' else 'commission' end,
       pl.name, x.appointment_id, x.client_id, x.start_date, x.service_code, x.payment_id, x.posted_date,
       x.amount, x.rate, round(x.amount * x.rate, 2)
  from (select p.payment_id, p.posted_date, p.amount, p.kind, p.prior, p.appointment_id, p.clinician_id, p.client_id,
               p.start_date, p.service_code, t.pay_plan,
               case pl.type
                    when 'commission' then pl.rate
                    when 'base-plus-commission' then
                         case when r.month_rank > pl.threshold_sessions then pl.rate else 0 end
                    when 'tiered' then
                         case when r.week_rank is null or r.week_rank > coalesce(pl.cap_sessions, 2147483647)
                              then (select rate from pay_tier_range f where f.plan = pl.name order by ord limit 1)
                              else (select rate from pay_tier_range f
                                     where f.plan = pl.name and r.week_rank between f.from_rank and f.to_rank)
                         end
                    when 'per-session' then case when p.kind = 'no_show_fee' then coalesce(pl.no_show_fee_rate, 0) else 0 end
                    else 0
               end as rate
          from pay_payment p
          join pay_terms t on t.clinician_id = p.clinician_id and p.start_date >= t.from_day and p.start_date < t.to_day
          join pay_plan pl on pl.name = t.pay_plan
          left join pay_appt s on s.appointment_id = p.appointment_id and s.in_session
          left join pay_rank r on r.clinician_id = s.clinician_id and r.session_id = s.session_id) x
  join pay_plan pl on pl.name = x.pay_plan
 where round(x.amount * x.rate, 2) <> 0
 order by x.clinician_id, x.posted_date, x.payment_id;

-- Per-session plans: each session that starts in the month, a group session once, at the rate of
-- its service code (a group's code is that of its smallest appointment_id).
insert into payroll_line (month, clinician_id, line_type, plan, appointment_id, client_id, service_date, service_code,
                          basis, rate, amount)
select :month, s.clinician_id, 'per-session', pl.name, s.session_id, case when s.group_id is null then s.client_id end,
       s.start_date, s.session_code, 1, coalesce(r.rate, d.rate), coalesce(r.rate, d.rate)
  from (select distinct on (clinician_id, session_id) * from pay_appt
         where in_session and start_date between :month and :monthEnd
         order by clinician_id, session_id, appointment_id) s
  join pay_terms t on t.clinician_id = s.clinician_id and s.start_date >= t.from_day and s.start_date < t.to_day
  join pay_plan pl on pl.name = t.pay_plan and pl.type = 'per-session'
  left join pay_rate r on r.plan = pl.name and r.code = s.session_code
  left join pay_rate d on d.plan = pl.name and d.code = 'default'
 where coalesce(r.rate, d.rate) <> 0
 order by s.clinician_id, s.start_date, s.session_id;

-- Salary and base: the monthly amount prorated over the employed days each plan was in effect.
insert into payroll_line (month, clinician_id, line_type, plan, basis, rate, amount)
select :month, x.clinician_id, case pl.type when 'salary' then 'salary' else 'base' end, pl.name,
       x.monthly, round(x.days::numeric / x.month_days, 6), round(x.monthly * x.days / x.month_days, 2)
  from (select c.clinician_id, t.pay_plan, count(*) as days,
               extract(day from cast(:monthEnd as date))::int as month_days,
               case p.type when 'salary' then p.annual / 12 else p.base_monthly end as monthly
          from clinician c
         cross join generate_series(cast(:month as date), cast(:monthEnd as date), interval '1 day') d
          join pay_terms t on t.clinician_id = c.clinician_id and d::date >= t.from_day and d::date < t.to_day
          join pay_plan p on p.name = t.pay_plan and p.type in ('salary', 'base-plus-commission')
         where d::date >= c.hire_date and d::date <= coalesce(c.end_date, 'infinity'::date)
         group by c.clinician_id, t.pay_plan, p.type, p.annual, p.base_monthly) x
  join pay_plan pl on pl.name = x.pay_plan
 where round(x.monthly * x.days / x.month_days, 2) <> 0;

-- Bonus, in January, April, July and October: the plan in effect on the month's last day (or the
-- end date) decides; utilization of the previous quarter's weeks (ratio of sums, weeks without
-- available hours skipped) within [min, max], both ends included; employed on the last day.
insert into payroll_line (month, clinician_id, line_type, plan, basis, rate, amount)
select :month, c.clinician_id, 'bonus', pl.name, round(q.contact / (q.available * 60), 4), null, pl.bonus_quarterly
  from clinician c
  join pay_terms t on t.clinician_id = c.clinician_id
                  and least(cast(:monthEnd as date), coalesce(c.end_date, 'infinity'::date)) >= t.from_day
                  and least(cast(:monthEnd as date), coalesce(c.end_date, 'infinity'::date)) < t.to_day
  join pay_plan pl on pl.name = t.pay_plan and pl.bonus_quarterly is not null
  join lateral (select sum(w.contact_minutes) as contact, sum(w.available_hours) as available
                  from clinician_week w
                 where w.clinician_id = c.clinician_id and w.available_hours > 0
                   and w.week_of >= cast(:month as date) - interval '3 months' and w.week_of < :month) q on q.available > 0
 where extract(month from cast(:month as date)) in (1, 4, 7, 10)
   and c.hire_date <= :monthEnd and coalesce(c.end_date, 'infinity'::date) >= :monthEnd
   and q.contact >= pl.bonus_min * q.available * 60
   and q.contact <= pl.bonus_max * q.available * 60
   and pl.bonus_quarterly <> 0;

delete from payroll_unattributed where month = :month;

insert into payroll_unattributed (month, payment_id, appointment_id, posted_date, amount, payer, reason, source_file,
                                  source_line)
select :month, s.payment_id, s.appointment_id, s.posted_date, s.amount, s.payer,
       'appointment ' || s.appointment_id || ' is not known (' || r.reason || ')', f.file_name, s.line_no
  from stage_payment s
  join reject r on r.file_id = s.file_id and r.line_no = s.line_no and r.resolved_at is null
  join inbox_file f on f.file_id = s.file_id
 where s.pending and s.posted_date between :month and :monthEnd;
