package org.caseload;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Everything under {@code caseload} in {@code jobs/practice.yml} (contract section 2).
 * Binding is strict: an unknown key stops start-up, and {@link ConfigValidator} checks the
 * values, naming the key of each problem.
 */
@ConfigurationProperties(prefix = "caseload", ignoreUnknownFields = false)
public record CaseloadProperties(Practice practice, Policy policy, Map<String, Plan> plans, Mail mail,
        String dataDir, Schedule schedule, String reports) {

    public CaseloadProperties {
        plans = plans == null ? Map.of() : plans;
        mail = mail == null ? new Mail(null, List.of(), List.of()) : mail;
        dataDir = dataDir == null ? "data" : dataDir;
        reports = reports == null ? "reports" : reports;
    }

    /** The practice time zone; weeks, months and local date-times are read in it. */
    public ZoneId zone() {
        return ZoneId.of(practice.timezone());
    }

    public record Practice(String name, String timezone) {
    }

    public record Policy(Band utilizationTarget, LowUtilization lowUtilization, Burnout burnout,
            SuddenChange suddenChange, HighNoShow highNoShow, Integer noIntakesWeeks, Integer noTimeOffWeeks,
            BigDecimal systemicShare, Integer caseloadWindowWeeks, List<Integer> trailingWindows,
            Integer lateCancelHours, List<RampMonth> rampUp, SessionBand fullCaseload, List<String> intakeCodes) {
    }

    public record Band(BigDecimal min, BigDecimal max) {
    }

    public record LowUtilization(BigDecimal below, Integer consecutiveWeeks) {
    }

    public record Burnout(BigDecimal utilizationAbove, BigDecimal weeklyContactHoursAbove, Integer weeksOfLast4) {
    }

    public record SuddenChange(BigDecimal points, Integer baselineWeeks, BigDecimal baselineAtLeast) {
    }

    public record HighNoShow(BigDecimal pointsAbovePractice, Integer minAppointments) {
    }

    public record RampMonth(Integer month, Integer min, Integer max) {
    }

    public record SessionBand(Integer min, Integer max) {
    }

    public record Plan(String type, BigDecimal annual, BigDecimal rate, BigDecimal baseMonthly,
            Integer thresholdSessions, List<Tier> tiers, Integer capSessions, Map<String, BigDecimal> rates,
            BigDecimal noShowFeeRate, Bonus bonus) {
    }

    public record Tier(Integer upTo, BigDecimal rate) {
    }

    public record Bonus(BigDecimal quarterly, BigDecimal minUtilization, BigDecimal maxUtilization) {
    }

    /** jobs/schedule.yml: when 'serve' runs each job. */
    public record Schedule(JobSchedule etl, JobSchedule payroll, JobSchedule checkins) {
    }

    public record JobSchedule(String cron, Boolean send, String inbox) {
        public boolean sends() {
            return Boolean.TRUE.equals(send);
        }
    }

    public record Mail(String from, List<String> owners, List<String> payroll) {
        public Mail {
            owners = owners == null ? List.of() : owners;
            payroll = payroll == null ? List.of() : payroll;
        }
    }
}
