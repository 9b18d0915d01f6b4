package org.caseload;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.caseload.CaseloadProperties.Plan;
import org.caseload.CaseloadProperties.Policy;
import org.caseload.CaseloadProperties.RampMonth;
import org.caseload.CaseloadProperties.Tier;

/**
 * Checks the bound configuration and names the key of every problem, so that an operator who
 * mistyped a rate learns which line of practice.yml to fix.
 */
public final class ConfigValidator {

    public static final Set<String> PLAN_TYPES = Set.of("salary", "commission", "base-plus-commission", "tiered",
            "per-session");

    private final List<String> problems = new ArrayList<>();

    private ConfigValidator() {
    }

    /** Returns the problems found; empty when the configuration is usable. */
    public static List<String> problems(CaseloadProperties config) {
        ConfigValidator v = new ConfigValidator();
        v.check(config);
        return v.problems;
    }

    public static void validate(CaseloadProperties config) {
        List<String> found = problems(config);
        if (!found.isEmpty()) {
            throw new InvalidConfigException(found);
        }
    }

    private void check(CaseloadProperties c) {
        String p = "caseload.practice";
        if (c.practice() == null) {
            problems.add(p + ": missing");
        } else {
            required(p + ".name", c.practice().name());
            if (required(p + ".timezone", c.practice().timezone())) {
                try {
                    ZoneId.of(c.practice().timezone());
                } catch (DateTimeException e) {
                    problems.add(p + ".timezone: '" + c.practice().timezone() + "' is not a time zone (use a name such as America/New_York)");
                }
            }
        }
        if (c.policy() == null) {
            problems.add("caseload.policy: missing");
        } else {
            checkPolicy(c.policy());
        }
        if (c.plans().isEmpty()) {
            problems.add("caseload.plans: at least one plan is needed");
        }
        c.plans().forEach(this::checkPlan);
        if (c.schedule() != null) {
            cron("caseload.schedule.etl", c.schedule().etl());
            cron("caseload.schedule.payroll", c.schedule().payroll());
            cron("caseload.schedule.checkins", c.schedule().checkins());
        }
    }

    private void cron(String key, CaseloadProperties.JobSchedule job) {
        if (job != null && required(key + ".cron", job.cron())
                && !org.quartz.CronExpression.isValidExpression(job.cron())) {
            problems.add(key + ".cron: '" + job.cron() + "' is not a Quartz cron expression "
                    + "(seconds minutes hours day-of-month month day-of-week, e.g. \"0 30 2 * * ?\")");
        }
    }

    private void checkPolicy(Policy p) {
        String k = "caseload.policy";
        if (required(k + ".utilization-target", p.utilizationTarget())) {
            boolean min = fraction(k + ".utilization-target.min", p.utilizationTarget().min());
            boolean max = fraction(k + ".utilization-target.max", p.utilizationTarget().max());
            if (min && max && p.utilizationTarget().min().compareTo(p.utilizationTarget().max()) > 0) {
                problems.add(k + ".utilization-target: min is greater than max");
            }
        }
        if (required(k + ".low-utilization", p.lowUtilization())) {
            fraction(k + ".low-utilization.below", p.lowUtilization().below());
            atLeast(k + ".low-utilization.consecutive-weeks", p.lowUtilization().consecutiveWeeks(), 1);
        }
        if (required(k + ".burnout", p.burnout())) {
            fraction(k + ".burnout.utilization-above", p.burnout().utilizationAbove());
            between(k + ".burnout.weekly-contact-hours-above", p.burnout().weeklyContactHoursAbove(), BigDecimal.ZERO,
                    BigDecimal.valueOf(168));
            between(k + ".burnout.weeks-of-last-4", p.burnout().weeksOfLast4(), 1, 4);
        }
        if (required(k + ".sudden-change", p.suddenChange())) {
            fraction(k + ".sudden-change.points", p.suddenChange().points());
            atLeast(k + ".sudden-change.baseline-weeks", p.suddenChange().baselineWeeks(), 4);
            fraction(k + ".sudden-change.baseline-at-least", p.suddenChange().baselineAtLeast());
        }
        if (required(k + ".high-no-show", p.highNoShow())) {
            fraction(k + ".high-no-show.points-above-practice", p.highNoShow().pointsAbovePractice());
            atLeast(k + ".high-no-show.min-appointments", p.highNoShow().minAppointments(), 0);
        }
        atLeast(k + ".no-intakes-weeks", p.noIntakesWeeks(), 1);
        atLeast(k + ".no-time-off-weeks", p.noTimeOffWeeks(), 1);
        fraction(k + ".systemic-share", p.systemicShare());
        atLeast(k + ".caseload-window-weeks", p.caseloadWindowWeeks(), 1);
        if (required(k + ".trailing-windows", p.trailingWindows())) {
            for (int i = 0; i < p.trailingWindows().size(); i++) {
                between(k + ".trailing-windows[" + i + "]", p.trailingWindows().get(i), 1, 104);
            }
        }
        atLeast(k + ".late-cancel-hours", p.lateCancelHours(), 0);
        if (required(k + ".ramp-up", p.rampUp())) {
            for (int i = 0; i < p.rampUp().size(); i++) {
                RampMonth m = p.rampUp().get(i);
                String mk = k + ".ramp-up[" + i + "]";
                if (m.month() == null || m.month() != i + 1) {
                    problems.add(mk + ".month: expected " + (i + 1) + " (months run 1, 2, 3, ... in order)");
                }
                sessionBand(mk, m.min(), m.max());
            }
        }
        if (required(k + ".full-caseload", p.fullCaseload())) {
            sessionBand(k + ".full-caseload", p.fullCaseload().min(), p.fullCaseload().max());
        }
        required(k + ".intake-codes", p.intakeCodes());
    }

    private void checkPlan(String name, Plan plan) {
        String k = "caseload.plans." + name;
        if (plan == null || plan.type() == null || plan.type().isBlank()) {
            problems.add(k + ".type: missing (one of " + String.join(", ", PLAN_TYPES.stream().sorted().toList()) + ")");
            return;
        }
        switch (plan.type()) {
            case "salary" -> money(k + ".annual", plan.annual());
            case "commission" -> fraction(k + ".rate", plan.rate());
            case "base-plus-commission" -> {
                money(k + ".base-monthly", plan.baseMonthly());
                atLeast(k + ".threshold-sessions", plan.thresholdSessions(), 0);
                fraction(k + ".rate", plan.rate());
            }
            case "tiered" -> checkTiers(k, plan);
            case "per-session" -> {
                Map<String, BigDecimal> rates = plan.rates();
                if (rates == null || rates.isEmpty()) {
                    problems.add(k + ".rates: missing");
                } else {
                    if (!rates.containsKey("default")) {
                        problems.add(k + ".rates.default: missing (the rate of a service code not listed)");
                    }
                    rates.forEach((code, rate) -> money(k + ".rates." + code, rate));
                }
                if (plan.noShowFeeRate() != null) {
                    fraction(k + ".no-show-fee-rate", plan.noShowFeeRate());
                }
            }
            default -> problems.add(k + ".type: unknown plan type '" + plan.type() + "' (one of "
                    + String.join(", ", PLAN_TYPES.stream().sorted().toList()) + ")");
        }
        if (plan.bonus() != null) {
            String b = k + ".bonus";
            money(b + ".quarterly", plan.bonus().quarterly());
            boolean min = fraction(b + ".min-utilization", plan.bonus().minUtilization());
            boolean max = fraction(b + ".max-utilization", plan.bonus().maxUtilization());
            if (min && max && plan.bonus().minUtilization().compareTo(plan.bonus().maxUtilization()) > 0) {
                problems.add(b + ": min-utilization is greater than max-utilization");
            }
        }
    }

    private void checkTiers(String k, Plan plan) {
        List<Tier> tiers = plan.tiers();
        if (tiers == null || tiers.isEmpty()) {
            problems.add(k + ".tiers: missing");
            return;
        }
        int previous = 0;
        for (int i = 0; i < tiers.size(); i++) {
            Tier t = tiers.get(i);
            String tk = k + ".tiers[" + i + "]";
            fraction(tk + ".rate", t.rate());
            boolean last = i == tiers.size() - 1;
            if (last && t.upTo() != null) {
                problems.add(tk + ".up-to: the last tier has no upper bound (leave up-to out)");
            } else if (!last && t.upTo() == null) {
                problems.add(tk + ".up-to: missing (only the last tier is open-ended)");
            } else if (!last && t.upTo() <= previous) {
                problems.add(tk + ".up-to: " + t.upTo() + " overlaps the tier before it (up to " + previous + ")");
            } else if (!last) {
                previous = t.upTo();
            }
        }
        if (plan.capSessions() != null) {
            atLeast(k + ".cap-sessions", plan.capSessions(), 1);
        }
    }

    private void sessionBand(String k, Integer min, Integer max) {
        boolean a = atLeast(k + ".min", min, 0);
        boolean b = atLeast(k + ".max", max, 0);
        if (a && b && min > max) {
            problems.add(k + ": min is greater than max");
        }
    }

    private boolean required(String key, Object value) {
        if (value == null || (value instanceof String s && s.isBlank())
                || (value instanceof List<?> l && l.isEmpty())) {
            problems.add(key + ": missing");
            return false;
        }
        return true;
    }

    private boolean fraction(String key, BigDecimal value) {
        return between(key, value, BigDecimal.ZERO, BigDecimal.ONE);
    }

    private boolean money(String key, BigDecimal value) {
        if (!required(key, value)) {
            return false;
        }
        if (value.signum() < 0) {
            problems.add(key + ": " + value.toPlainString() + " is negative");
            return false;
        }
        return true;
    }

    private boolean between(String key, BigDecimal value, BigDecimal min, BigDecimal max) {
        if (!required(key, value)) {
            return false;
        }
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            problems.add(key + ": " + value.toPlainString() + " is outside " + min.toPlainString() + ".."
                    + max.toPlainString());
            return false;
        }
        return true;
    }

    private boolean between(String key, Integer value, int min, int max) {
        if (!required(key, value)) {
            return false;
        }
        if (value < min || value > max) {
            problems.add(key + ": " + value + " is outside " + min + ".." + max);
            return false;
        }
        return true;
    }

    private boolean atLeast(String key, Integer value, int min) {
        return between(key, value, min, Integer.MAX_VALUE);
    }

    /** Start-up stops with this; its message lists every problem, one a line. */
    public static final class InvalidConfigException extends RuntimeException {
        private final List<String> problems;

        public InvalidConfigException(List<String> problems) {
            super("Invalid configuration:\n  " + String.join("\n  ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }
}
