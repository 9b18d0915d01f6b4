package org.caseload.facts;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.caseload.AtOnce;
import org.caseload.CaseloadProperties.Policy;
import org.caseload.PracticeConfig;
import org.caseload.SqlScript;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The etl steps after ingest: rebuild the weekly facts, trailing metrics and flags of every week
 * the new data touched, and of every week after it, through the as-of week (contract sections
 * 4 and 5). Earlier weeks are only read. When the policy thresholds change, everything is rebuilt.
 * Three steps: {@link #firstVisitsAndCollections()} decides the first week to rebuild, finds the
 * clients' first visits from there and sums each clinician's collections of each week from
 * there; {@link #clinicianWeeks()} builds the weekly facts of one range of
 * clinicians (several ranges at once, see {@link #clinicianRanges}); {@link #metricsAndFlags()}
 * builds the trailing metrics and flags, which compare clinicians across the practice.
 * The SQL is in {@code sql/facts}.
 */
public class BuildWeeklyFacts {

    private static final Logger log = LoggerFactory.getLogger(BuildWeeklyFacts.class);
    /** "From the beginning": a Monday before any practice's data. */
    static final LocalDate EVERYTHING = LocalDate.of(1900, 1, 1);
    /** Job execution-context key: the Monday the facts are rebuilt from; absent when nothing changed. */
    static final String FROM = "facts.from";
    /** Partition execution-context keys: the first and last clinician id of a range. */
    static final String LO = "facts.clinicians.first";
    static final String HI = "facts.clinicians.last";

    private static final SqlScript FIRST_VISITS = SqlScript.load("sql/facts/first_visits.sql");
    private static final SqlScript COLLECTIONS = SqlScript.load("sql/facts/collections.sql");
    private static final SqlScript FACTS = SqlScript.load("sql/facts/weekly_facts.sql");
    private static final SqlScript TRAILING = SqlScript.load("sql/facts/trailing.sql");
    private static final SqlScript UTILIZATION_FLAGS = SqlScript.load("sql/facts/flags_utilization.sql");
    private static final SqlScript ACTIVITY_FLAGS = SqlScript.load("sql/facts/flags_activity.sql");

    private final NamedParameterJdbcTemplate jdbc;
    private final PracticeConfig config;
    private final String asOfParameter;
    private final PlatformTransactionManager tx;

    public BuildWeeklyFacts(NamedParameterJdbcTemplate jdbc, PracticeConfig config, String asOfParameter,
            PlatformTransactionManager tx) {
        this.jdbc = jdbc;
        this.config = config;
        this.asOfParameter = asOfParameter;
        this.tx = tx;
    }

    /**
     * First step: the week to rebuild from (kept in the job's context); from there, the clients'
     * first visits and each clinician's collections of each week, the two at once, each in its
     * own transaction on its own connection ({@link AtOnce}), each on one core (no parallel
     * workers, whose leader only merged what they sent); the two share nothing. A step that fails
     * after one of them committed runs both again.
     */
    public Tasklet firstVisitsAndCollections() {
        return (contribution, chunk) -> {
            JobExecution job = contribution.getStepExecution().getJobExecution();
            LocalDate from = rebuildFrom(monday(asOf(job)));
            if (from == null) {
                log.info("Weekly facts are up to date through the week of {}", monday(asOf(job)));
                job.getExecutionContext().remove(FROM);
            } else {
                job.getExecutionContext().putString(FROM, from.toString());
                Map<String, Object> params = Map.of("from", from);
                AtOnce.run(tx, List.of(new AtOnce.Part("First visits", () -> FIRST_VISITS.run(jdbc, params)),
                        new AtOnce.Part("Collections", () -> COLLECTIONS.run(jdbc, params))));
            }
            return RepeatStatus.FINISHED;
        };
    }

    /**
     * Contiguous ranges of clinician ids, about as many clinicians each, one a worker step of
     * {@link #clinicianWeeks()}: each worker replaces only its own clinicians' weeks.
     */
    public Partitioner clinicianRanges() {
        return gridSize -> {
            Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
            for (String[] range : ranges(gridSize)) {
                ExecutionContext context = new ExecutionContext();
                context.putString(LO, range[0]);
                context.putString(HI, range[1]);
                // named by number: a step name holds 100 characters, a clinician id 64
                partitions.put("range" + (partitions.size() + 1), context);
            }
            return partitions;
        };
    }

    /** Worker step: the weekly facts of one range of clinicians. */
    public Tasklet clinicianWeeks() {
        return (contribution, chunk) -> {
            StepExecution step = contribution.getStepExecution();
            LocalDate from = from(step.getJobExecution());
            if (from != null) {
                ExecutionContext range = step.getExecutionContext();
                int weeks = clinicianWeeks(from, asOf(step.getJobExecution()), range.getString(LO), range.getString(HI));
                contribution.incrementWriteCount(weeks);
            }
            return RepeatStatus.FINISHED;
        };
    }

    /**
     * Last step: trailing metrics and flags of the rebuilt weeks, their two halves at once (see
     * {@link #metricsAndFlags(LocalDate, LocalDate, boolean)}); the facts are then up to date.
     */
    public Tasklet metricsAndFlags() {
        return (contribution, chunk) -> {
            JobExecution job = contribution.getStepExecution().getJobExecution();
            LocalDate from = from(job);
            if (from != null) {
                metricsAndFlags(from, asOf(job), true);
            }
            return RepeatStatus.FINISHED;
        };
    }

    /** Rebuilds facts, metrics and flags from the week of {@code from} through the week of {@code asOf}, in one go. */
    public void build(LocalDate from, LocalDate asOf) {
        FIRST_VISITS.run(jdbc, Map.of("from", monday(from)));
        COLLECTIONS.run(jdbc, Map.of("from", monday(from)));
        for (String[] range : ranges(1)) {
            clinicianWeeks(monday(from), asOf, range[0], range[1]);
        }
        metricsAndFlags(monday(from), asOf, false);
    }

    private int clinicianWeeks(LocalDate from, LocalDate asOf, String lo, String hi) {
        Map<String, Object> params = params(from, asOf);
        params.put("lo", lo);
        params.put("hi", hi);
        int[] rows = FACTS.run(jdbc, params);
        log.info("Weekly facts of clinicians {} to {} rebuilt from the week of {}: {} clinician-weeks",
                lo, hi, from, rows[rows.length - 1]);
        return rows[rows.length - 1];
    }

    /**
     * The trailing metrics and flags from the week of {@code from}, in two halves that share
     * nothing: the 4-week window and the flags on utilization, which read it; every other window
     * and the other flags (the 8-week no-show rate among them). Each is window functions over
     * every clinician-week, statement after statement on one core; {@code atOnce}, the halves run
     * each in its own transaction on its own connection ({@link AtOnce}: both cores), otherwise
     * one after the other in the caller's. {@code facts_state} is written last, in the caller's
     * transaction: a run that stops between the halves rebuilds both again.
     */
    private void metricsAndFlags(LocalDate from, LocalDate asOf, boolean atOnce) {
        Policy p = config.policy();
        Map<String, Object> params = params(from, asOf);
        Map<String, String> placeholders = Map.of(
                "LOW_WEEKS", p.lowUtilization().consecutiveWeeks().toString(),
                "RAMP_MONTHS", Integer.toString(p.rampUp().size()),
                "RAMP_VALUES", p.rampUp().stream().map(r -> "(" + r.month() + ", " + r.min() + ", " + r.max() + ")")
                        .collect(Collectors.joining(", ")),
                "BURNOUT_WEEKS", p.burnout().weeksOfLast4().toString(),
                "BASELINE_WEEKS", p.suddenChange().baselineWeeks().toString(),
                "NO_INTAKES_WEEKS", p.noIntakesWeeks().toString(),
                "NO_TIME_OFF_WEEKS", p.noTimeOffWeeks().toString());
        Runnable utilization = () -> {
            TRAILING.with(Map.of("N", "4")).run(jdbc, params);
            UTILIZATION_FLAGS.with(placeholders).run(jdbc, params);
        };
        Runnable activity = () -> {
            for (int window : windows(p)) {
                if (window != 4) {
                    TRAILING.with(Map.of("N", Integer.toString(window))).run(jdbc, params);
                }
            }
            ACTIVITY_FLAGS.with(placeholders).run(jdbc, params);
        };
        if (atOnce) {
            AtOnce.run(tx, List.of(new AtOnce.Part("Metrics and flags on utilization", utilization),
                    new AtOnce.Part("Other metrics and flags", activity)));
        } else {
            utilization.run();
            activity.run();
        }
        jdbc.update("""
                insert into facts_state (dirty_since, built_through, policy, rebuilt_from)
                values (null, :through, :policy, :from)
                on conflict (singleton) do update
                   set dirty_since = null, built_through = :through, policy = :policy, rebuilt_from = :from""",
                Map.of("through", monday(asOf), "policy", policyKey(), "from", from));
        log.info("Weekly facts, metrics and flags rebuilt from the week of {} through the week of {}",
                from, monday(asOf));
    }

    private Map<String, Object> params(LocalDate from, LocalDate asOf) {
        Policy p = config.policy();
        Map<String, Object> params = new HashMap<>();
        params.put("from", from);
        params.put("asOf", asOf);
        params.put("caseloadWeeks", p.caseloadWindowWeeks());
        params.put("intakeCodes", p.intakeCodes());
        params.put("lowBelow", p.lowUtilization().below());
        params.put("burnoutUtilization", p.burnout().utilizationAbove());
        params.put("burnoutHours", p.burnout().weeklyContactHoursAbove());
        params.put("points", p.suddenChange().points());
        params.put("baselineAtLeast", p.suddenChange().baselineAtLeast());
        params.put("targetMax", p.utilizationTarget().max());
        params.put("noShowPoints", p.highNoShow().pointsAbovePractice());
        params.put("noShowMinAppointments", p.highNoShow().minAppointments());
        params.put("systemicShare", p.systemicShare());
        return params;
    }

    /** Up to n contiguous ranges of clinician ids [first, last], about as many clinicians each. */
    List<String[]> ranges(int n) {
        List<String> ids = jdbc.queryForList("select clinician_id from clinician order by clinician_id", Map.of(),
                String.class);
        List<String[]> ranges = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int first = ids.size() * i / n;
            int last = ids.size() * (i + 1) / n - 1;
            if (first <= last) {
                ranges.add(new String[] {ids.get(first), ids.get(last)});
            }
        }
        return ranges;
    }

    private LocalDate asOf(JobExecution job) {
        return job.getJobParameters().getLocalDate(asOfParameter);
    }

    private static LocalDate from(JobExecution job) {
        String from = job.getExecutionContext().getString(FROM, null);
        return from == null ? null : LocalDate.parse(from);
    }

    /** The Monday to rebuild from, or null when nothing changed since the last build. */
    private LocalDate rebuildFrom(LocalDate asOfWeek) {
        List<Map<String, Object>> state = jdbc.queryForList(
                "select dirty_since, built_through, policy from facts_state", Map.of());
        if (state.isEmpty() || state.get(0).get("built_through") == null
                || !policyKey().equals(state.get(0).get("policy"))) {
            return EVERYTHING;
        }
        LocalDate dirty = toDate(state.get(0).get("dirty_since"));
        LocalDate built = toDate(state.get(0).get("built_through"));
        LocalDate from = dirty;
        if (!built.equals(asOfWeek)) {
            LocalDate changedWeeks = (built.isBefore(asOfWeek) ? built : asOfWeek).plusWeeks(1);
            from = from == null || changedWeeks.isBefore(from) ? changedWeeks : from;
        }
        return from;
    }

    /** Trailing windows: the configured ones, and the 4 and 8 weeks that flags and workbooks use. */
    static TreeSet<Integer> windows(Policy p) {
        TreeSet<Integer> windows = new TreeSet<>(p.trailingWindows());
        windows.add(4);
        windows.add(8);
        return windows;
    }

    /** Everything in the policy that facts, metrics and flags depend on. */
    private String policyKey() {
        return config.policy().toString();
    }

    static LocalDate monday(LocalDate day) {
        return day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    private static LocalDate toDate(Object value) {
        return value == null ? null : value instanceof java.sql.Date d ? d.toLocalDate() : (LocalDate) value;
    }
}
