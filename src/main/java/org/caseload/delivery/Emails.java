package org.caseload.delivery;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.caseload.PracticeConfig;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The emails Caseload sends: the payroll workbook to {@code caseload.mail.payroll}; the
 * practice-health workbook and the check-ins to {@code caseload.mail.owners}, check-ins in
 * messages of at most {@value #CHECKINS_PER_MESSAGE} attachments.
 */
@Component
public class Emails {

    static final int CHECKINS_PER_MESSAGE = 25;

    private final Mailer mailer;
    private final JdbcTemplate jdbc;
    private final PracticeConfig config;

    Emails(Mailer mailer, JdbcTemplate jdbc, PracticeConfig config) {
        this.mailer = mailer;
        this.jdbc = jdbc;
        this.config = config;
    }

    public void sendPayroll(YearMonth month, Path workbook) {
        var first = month.atDay(1);
        Map<String, Object> m = jdbc.queryForMap("select status from payroll_month where month = ?", first);
        Map<String, BigDecimal> byType = new TreeMap<>();
        jdbc.query("select line_type, sum(amount) from payroll_line where month = ? group by 1", rs -> {
            byType.put(rs.getString(1), rs.getBigDecimal(2));
        }, first);
        Integer clinicians = jdbc.queryForObject("select count(distinct clinician_id) from payroll_line where month = ?",
                Integer.class, first);
        Integer unattributed = jdbc.queryForObject("select count(*) from payroll_unattributed where month = ?",
                Integer.class, first);
        BigDecimal total = byType.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        StringBuilder rows = new StringBuilder();
        byType.forEach((type, amount) -> rows.append(row(type, money(amount))));
        String status = "final".equals(m.get("status")) ? "finalized" : "draft";
        String html = page("Payroll " + month + " (" + status + ")",
                row("Period", month.atDay(1) + " to " + month.atEndOfMonth()) + row("Status", status)
                        + row("Clinicians paid", String.valueOf(clinicians)) + row("Total pay", money(total)) + rows
                        + row("Unattributed payments (not paid)", String.valueOf(unattributed)),
                "Every amount is a line of the attached workbook's Lines sheet.");
        mailer.send(config.properties().mail().payroll(), subject("payroll " + month + " (" + status + ")"), html,
                List.of(workbook));
    }

    public void sendCheckins(YearMonth month, Path practiceHealth, List<Path> checkins) {
        var first = month.atDay(1);
        Map<String, Integer> flags = new TreeMap<>();
        jdbc.query("select code, count(*) from flag where week_of between ? and ? group by code", rs -> {
            flags.put(rs.getString(1), rs.getInt(2));
        }, first, month.atEndOfMonth());
        StringBuilder flagRows = new StringBuilder();
        flags.forEach((code, n) -> flagRows.append(row(code, String.valueOf(n))));
        List<List<Path>> parts = new ArrayList<>();
        for (int i = 0; i < checkins.size(); i += CHECKINS_PER_MESSAGE) {
            parts.add(checkins.subList(i, Math.min(checkins.size(), i + CHECKINS_PER_MESSAGE)));
        }
        int messages = 1 + parts.size();
        String html = page("Practice health " + month,
                row("Period", month.atDay(1) + " to " + month.atEndOfMonth())
                        + row("Clinicians with a check-in", String.valueOf(checkins.size()))
                        + row("Flags of the month's weeks", String.valueOf(flags.values().stream().mapToInt(i -> i).sum()))
                        + flagRows,
                "The practice-health workbook is attached; the check-ins follow in " + parts.size() + " more message(s).");
        List<String> owners = config.properties().mail().owners();
        mailer.send(owners, subject("practice health " + month + " (1 of " + messages + ")"), html, List.of(practiceHealth));
        for (int i = 0; i < parts.size(); i++) {
            String part = "(" + (i + 2) + " of " + messages + ")";
            mailer.send(owners, subject("check-ins " + month + " " + part),
                    page("Check-ins " + month + " " + part, row("Workbooks attached", String.valueOf(parts.get(i).size())),
                            "One workbook per clinician: Weekly, Overview, Conversation Prep."),
                    parts.get(i));
        }
    }

    /** Tells the owners that a scheduled run failed: the job, and the step and error it failed with. */
    public void sendFailure(String job, String failure) {
        mailer.send(config.properties().mail().owners(), subject("scheduled " + job + " failed"),
                page("Scheduled " + job + " failed", row("Failure", failure),
                        "The next firing finishes the run from where it stopped; 'caseload jobs --failed' lists it."),
                List.of());
    }

    private String subject(String what) {
        return config.properties().practice().name() + ": " + what;
    }

    private String page(String title, String rows, String note) {
        return "<html><body style=\"font-family:sans-serif\"><h2>" + esc(config.properties().practice().name()) + ": "
                + esc(title) + "</h2><table cellpadding=\"4\">" + rows + "</table><p>" + esc(note) + "</p></body></html>";
    }

    private static String row(String label, String value) {
        return "<tr><td>" + esc(label) + "</td><td style=\"text-align:right\"><b>" + esc(value) + "</b></td></tr>";
    }

    private static String money(BigDecimal amount) {
        return String.format("$%,.2f", amount);
    }

    private static String esc(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
