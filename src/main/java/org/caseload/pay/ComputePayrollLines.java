package org.caseload.pay;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.caseload.CaseloadProperties;
import org.caseload.CaseloadProperties.Plan;
import org.caseload.PracticeConfig;
import org.caseload.SqlScript;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Computes a draft month's payroll lines with {@code sql/pay/lines.sql}, replacing the lines of
 * an earlier draft of the same month. A finalized month is never recomputed.
 */
class ComputePayrollLines implements Tasklet {

    private static final Logger log = LoggerFactory.getLogger(ComputePayrollLines.class);
    private static final SqlScript LINES = SqlScript.load("sql/pay/lines.sql");

    private final NamedParameterJdbcTemplate named;
    private final JdbcTemplate jdbc;
    private final PracticeConfig config;

    ComputePayrollLines(NamedParameterJdbcTemplate named, PracticeConfig config) {
        this.named = named;
        this.jdbc = named.getJdbcTemplate();
        this.config = config;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        YearMonth month = YearMonth.parse(contribution.getStepExecution().getJobExecution().getJobParameters()
                .getString(PayrollJobConfiguration.MONTH));
        LocalDate first = month.atDay(1);
        if (Payrolls.isFinal(jdbc, month)) {
            log.info("Payroll {} is finalized: its lines are kept as they are", month);
            return RepeatStatus.FINISHED;
        }
        checkPlansConfigured();
        createPlanTables();
        jdbc.update("""
                insert into payroll_month (month, status, computed_at, plans) values (?, 'draft', now(), ?)
                on conflict (month) do update set computed_at = now(), plans = excluded.plans""",
                first, Payrolls.describePlans(config.properties()));
        LINES.run(named, Map.of("month", first, "monthEnd", month.atEndOfMonth()));
        Integer lines = jdbc.queryForObject("select count(*) from payroll_line where month = ?", Integer.class, first);
        contribution.incrementWriteCount(lines == null ? 0 : lines);
        log.info("Payroll {}: {} lines computed", month, lines);
        return RepeatStatus.FINISHED;
    }

    /** A clinician on a plan that is no longer configured would be paid nothing without a word: refuse. */
    private void checkPlansConfigured() {
        List<String> missing = new ArrayList<>();
        for (Map<String, Object> row : jdbc.queryForList(
                "select distinct pay_plan, min(clinician_id) as example from clinician_terms group by pay_plan")) {
            String plan = (String) row.get("pay_plan");
            if (!config.hasPlan(plan)) {
                missing.add("'" + plan + "' (clinician " + row.get("example") + ")");
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("The roster uses plans that are not under caseload.plans: "
                    + String.join(", ", missing) + "; configure them or correct the roster");
        }
    }

    private void createPlanTables() {
        jdbc.execute("""
                create temp table pay_plan (name text collate "C", type text, annual numeric, rate numeric,
                    base_monthly numeric, threshold_sessions integer, cap_sessions integer, no_show_fee_rate numeric,
                    bonus_quarterly numeric, bonus_min numeric, bonus_max numeric) on commit drop""");
        jdbc.execute("create temp table pay_tier (plan text collate \"C\", ord integer, up_to integer, rate numeric) on commit drop");
        jdbc.execute("create temp table pay_rate (plan text collate \"C\", code text, rate numeric) on commit drop");
        for (Map.Entry<String, Plan> e : config.properties().plans().entrySet()) {
            Plan p = e.getValue();
            CaseloadProperties.Bonus b = p.bonus();
            jdbc.update("insert into pay_plan values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", e.getKey(), p.type(), p.annual(),
                    p.rate(), p.baseMonthly(), p.thresholdSessions(), p.capSessions(), p.noShowFeeRate(),
                    b == null ? null : b.quarterly(), b == null ? null : b.minUtilization(),
                    b == null ? null : b.maxUtilization());
            if (p.tiers() != null) {
                for (int i = 0; i < p.tiers().size(); i++) {
                    jdbc.update("insert into pay_tier values (?, ?, ?, ?)", e.getKey(), i, p.tiers().get(i).upTo(),
                            p.tiers().get(i).rate());
                }
            }
            if (p.rates() != null) {
                for (Map.Entry<String, BigDecimal> r : p.rates().entrySet()) {
                    jdbc.update("insert into pay_rate values (?, ?, ?)", e.getKey(), r.getKey(), r.getValue());
                }
            }
        }
    }
}
