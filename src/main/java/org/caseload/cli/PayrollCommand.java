package org.caseload.cli;

import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Set;

import org.caseload.delivery.Emails;
import org.caseload.pay.PayrollRunner;

final class PayrollCommand implements Command {

    @Override
    public String name() {
        return "payroll";
    }

    @Override
    public String synopsis() {
        return "--month YYYY-MM [--finalize] [--send]";
    }

    @Override
    public String help() {
        return """
                Computes every clinician's pay for the month under the plan in effect on each date of service
                and writes reports/YYYY-MM/payroll-YYYY-MM.xlsx (Summary, Lines, Unattributed, About).
                A draft month is recomputed on every run; a finalized month is never recomputed and always
                gives the same workbook. Payments for a finalized month that arrive later are paid in the
                first month not finalized, as prior-period lines.
                  --month YYYY-MM   the pay period (a calendar month in the practice time zone)
                  --finalize        lock the month (refused before it has ended, and for a finalized month)
                  --send            email the workbook to caseload.mail.payroll (spring.mail.* is the server)""";
    }

    @Override
    public Set<String> valueOptions() {
        return Set.of("month");
    }

    @Override
    public Set<String> flags() {
        return Set.of("finalize", "send");
    }

    @Override
    public int run(Invocation inv) throws Exception {
        YearMonth month = month(inv);
        PayrollRunner.Result r = inv.bean(PayrollRunner.class).run(month, inv.flag("finalize"), inv.reports);
        if (!r.succeeded()) {
            inv.err.println("caseload payroll failed: " + String.join("; ", r.failures()));
            return 1;
        }
        inv.out.printf("Payroll %s (%s): %d clinicians, %d lines, total pay %,.2f; %d unattributed payment(s)%n",
                month, r.finalized() ? "finalized" : "draft", r.clinicians(), r.lines(), r.totalPay(), r.unattributed());
        inv.out.println("Workbook: " + r.workbook());
        if (inv.flag("send")) {
            inv.bean(Emails.class).sendPayroll(month, r.workbook());
            inv.out.println("Sent to " + String.join(", ", inv.bean(org.caseload.PracticeConfig.class).properties().mail().payroll()));
        }
        return 0;
    }

    static YearMonth month(Invocation inv) {
        String value = inv.option("month", null);
        if (value == null) {
            throw new UsageException("--month YYYY-MM is required");
        }
        try {
            return YearMonth.parse(value);
        } catch (DateTimeParseException e) {
            throw new UsageException("--month takes YYYY-MM, not '" + value + "'");
        }
    }
}
