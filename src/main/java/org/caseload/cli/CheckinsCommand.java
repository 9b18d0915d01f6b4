package org.caseload.cli;

import java.time.YearMonth;
import java.util.Set;

import org.caseload.delivery.Emails;
import org.caseload.workbooks.MonthlyWorkbooks;

final class CheckinsCommand implements Command {

    @Override
    public String name() {
        return "checkins";
    }

    @Override
    public String synopsis() {
        return "--month YYYY-MM [--send]";
    }

    @Override
    public String help() {
        return """
                Writes the check-in workbook of every clinician employed in the month
                (reports/YYYY-MM/check-ins/check-in-YYYY-MM-<clinician_id>.xlsx: Weekly, Overview, Conversation Prep)
                and the practice-health workbook (reports/YYYY-MM/practice-health-YYYY-MM.xlsx).
                Run etl first: they show the weekly facts, metrics and flags it built.
                  --month YYYY-MM   the month
                  --send            email them to caseload.mail.owners (spring.mail.* is the server)""";
    }

    @Override
    public Set<String> valueOptions() {
        return Set.of("month");
    }

    @Override
    public Set<String> flags() {
        return Set.of("send");
    }

    @Override
    public int run(Invocation inv) throws Exception {
        YearMonth month = PayrollCommand.month(inv);
        long start = System.nanoTime();
        MonthlyWorkbooks.Written w = inv.bean(MonthlyWorkbooks.class).write(month, inv.reports);
        inv.out.printf("Check-ins %s: %d clinicians, %d flags, written in %.1f s%n", month, w.checkins().size(), w.flags(),
                (System.nanoTime() - start) / 1e9);
        inv.out.println("Workbooks: " + w.practiceHealth().toAbsolutePath());
        inv.out.println("           " + w.practiceHealth().toAbsolutePath().getParent().resolve("check-ins") + " (" + w.checkins().size()
                + " files)");
        if (inv.flag("send")) {
            inv.bean(Emails.class).sendCheckins(month, w.practiceHealth(), w.checkins());
            inv.out.println("Sent to " + String.join(", ", inv.bean(org.caseload.PracticeConfig.class).properties().mail().owners()));
        }
        return 0;
    }
}
