package org.caseload.facts;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.caseload.CaseloadProperties.Policy;
import org.caseload.PracticeConfig;
import org.caseload.SqlScript;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The etl step after ingest: rebuilds the weekly facts, trailing metrics and flags of every week
 * the new data touched, and of every week after it, through the as-of week (contract sections
 * 4 and 5). Earlier weeks are only read. When the policy thresholds change, everything is rebuilt.
 * The SQL is in {@code sql/facts}.
 */
public class BuildWeeklyFacts implements Tasklet {

    private static final Logger log = LoggerFactory.getLogger(BuildWeeklyFacts.class);
    /** "From the beginning": a Monday before any practice's data. */
    static final LocalDate EVERYTHING = LocalDate.of(1900, 1, 1);

    private static final SqlScript FACTS = SqlScript.load("sql/facts/weekly_facts.sql");
    private static final SqlScript TRAILING = SqlScript.load("sql/facts/trailing.sql");
    private static final SqlScript FLAGS = SqlScript.load("sql/facts/flags.sql");

    private final NamedParameterJdbcTemplate jdbc;
    private final PracticeConfig config;
    private final String asOfParameter;

    public BuildWeeklyFacts(NamedParameterJdbcTemplate jdbc, PracticeConfig config, String asOfParameter) {
        this.jdbc = jdbc;
        this.config = config;
        this.asOfParameter = asOfParameter;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        LocalDate asOf = contribution.getStepExecution().getJobExecution().getJobParameters().getLocalDate(asOfParameter);
        LocalDate from = rebuildFrom(monday(asOf));
        if (from == null) {
            log.info("Weekly facts are up to date through the week of {}", monday(asOf));
            return RepeatStatus.FINISHED;
        }
        build(from, asOf);
        return RepeatStatus.FINISHED;
    }

    /** Rebuilds facts, metrics and flags from the week of {@code from} through the week of {@code asOf}. */
    public void build(LocalDate from, LocalDate asOf) {
        Policy p = config.policy();
        Map<String, Object> params = new HashMap<>();
        params.put("from", monday(from));
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

        int[] weeks = FACTS.run(jdbc, params);
        for (int window : windows(p)) {
            TRAILING.with(Map.of("N", Integer.toString(window))).run(jdbc, params);
        }
        FLAGS.with(Map.of(
                "LOW_WEEKS", p.lowUtilization().consecutiveWeeks().toString(),
                "RAMP_MONTHS", Integer.toString(p.rampUp().size()),
                "RAMP_VALUES", p.rampUp().stream().map(r -> "(" + r.month() + ", " + r.min() + ", " + r.max() + ")")
                        .collect(Collectors.joining(", ")),
                "BURNOUT_WEEKS", p.burnout().weeksOfLast4().toString(),
                "BASELINE_WEEKS", p.suddenChange().baselineWeeks().toString(),
                "NO_INTAKES_WEEKS", p.noIntakesWeeks().toString(),
                "NO_TIME_OFF_WEEKS", p.noTimeOffWeeks().toString())).run(jdbc, params);
        jdbc.update("""
                insert into facts_state (dirty_since, built_through, policy, rebuilt_from)
                values (null, :through, :policy, :from)
                on conflict (singleton) do update
                   set dirty_since = null, built_through = :through, policy = :policy, rebuilt_from = :from""",
                Map.of("through", monday(asOf), "policy", policyKey(), "from", monday(from)));
        log.info("Weekly facts rebuilt from the week of {} through the week of {}: {} clinician-weeks",
                monday(from), monday(asOf), weeks[weeks.length - 1]);
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
