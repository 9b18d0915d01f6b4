package org.caseload.pay;

import java.time.YearMonth;
import java.util.List;
import java.util.stream.Collectors;

import org.caseload.CaseloadProperties;
import org.caseload.CaseloadProperties.Plan;
import org.springframework.jdbc.core.JdbcTemplate;

/** Small facts about payroll months shared by the payroll steps. */
final class Payrolls {

    private Payrolls() {
    }

    static boolean isFinal(JdbcTemplate jdbc, YearMonth month) {
        List<String> status = jdbc.queryForList("select status from payroll_month where month = ?", String.class,
                month.atDay(1));
        return !status.isEmpty() && status.get(0).equals("final");
    }

    /** The plans in force, one line each, as the About sheet shows them. */
    static String describePlans(CaseloadProperties config) {
        return config.plans().entrySet().stream().map(e -> e.getKey() + ": " + describe(e.getValue()))
                .collect(Collectors.joining("\n"));
    }

    private static String describe(Plan p) {
        String text = switch (p.type()) {
            case "salary" -> "salary, " + p.annual().toPlainString() + " a year";
            case "commission" -> "commission, " + pct(p.rate()) + " of payments";
            case "base-plus-commission" -> "base plus commission, " + p.baseMonthly().toPlainString() + " a month plus "
                    + pct(p.rate()) + " of payments for sessions above " + p.thresholdSessions() + " in their month";
            case "tiered" -> "tiered, " + p.tiers().stream().map(t -> pct(t.rate())
                    + (t.upTo() == null ? " above" : " up to " + t.upTo())).collect(Collectors.joining(", "))
                    + " sessions in the week" + (p.capSessions() == null ? ""
                            : "; sessions above " + p.capSessions() + " at the first tier's rate");
            case "per-session" -> "per session, " + p.rates().entrySet().stream()
                    .map(r -> r.getKey() + " " + r.getValue().toPlainString()).collect(Collectors.joining(", "))
                    + (p.noShowFeeRate() == null ? "" : "; " + pct(p.noShowFeeRate()) + " of no-show fees");
            default -> p.type();
        };
        if (p.bonus() != null) {
            text += "; quarterly bonus " + p.bonus().quarterly().toPlainString() + " at utilization "
                    + pct(p.bonus().minUtilization()) + "–" + pct(p.bonus().maxUtilization());
        }
        return text;
    }

    private static String pct(java.math.BigDecimal rate) {
        return rate.movePointRight(2).stripTrailingZeros().toPlainString() + "%";
    }

}
