package org.caseload.cli;

import java.nio.file.Path;
import java.time.YearMonth;
import java.util.Set;

import org.caseload.CaseloadProperties;
import org.caseload.generate.PracticeGenerator;
import org.caseload.pay.PayrollRunner;
import org.caseload.workbooks.MonthlyWorkbooks;

/**
 * Generates a synthetic practice and runs the pipeline on it. Its embedded database lives under
 * {@code data/demo/}, apart from the default one, so a demo never mixes with a practice's data.
 */
final class DemoCommand implements Command {

    @Override
    public String name() {
        return "demo";
    }

    @Override
    public String synopsis() {
        return "[--clinicians N] [--weeks W] [--seed S]";
    }

    @Override
    public String help() {
        return """
                Generates a synthetic practice into data/demo/inbox (ending today), runs etl on it, then payroll
                and check-ins for the last complete month, on an embedded database under data/demo (or on
                SPRING_DATASOURCE_URL when set), and prints the paths of the workbooks it wrote.
                  --clinicians N    clinicians (default 12)
                  --weeks W         weeks of history (default 26)
                  --seed S          random seed (default 1)""";
    }

    @Override
    public Set<String> valueOptions() {
        return Set.of("clinicians", "weeks", "seed");
    }

    @Override
    public int run(Invocation inv) throws Exception {
        CaseloadProperties config = inv.loadConfig();
        PracticeGenerator.Settings settings = GenerateCommand.settings(inv, config);
        Path inbox = Path.of("data", "demo", "inbox");
        PracticeGenerator.Result result = PracticeGenerator.generate(settings, inbox);
        inv.out.printf("Generated %d clinicians, %d weeks to %s (%,d appointment rows) in %s%n",
                settings.clinicians(), settings.weeks(), settings.end(), result.appointmentRows(), inbox);
        inv.defaultProperty("caseload.data-dir", Path.of("data", "demo").toString());
        int status = EtlCommand.run(inv, inbox, settings.end(), false);
        if (status != 0) {
            return status;
        }
        YearMonth lastComplete = YearMonth.from(settings.end()).minusMonths(1);
        PayrollRunner.Result payroll = inv.bean(PayrollRunner.class).run(lastComplete, false, inv.reports);
        if (!payroll.succeeded()) {
            inv.err.println("caseload demo: payroll failed: " + String.join("; ", payroll.failures()));
            return 1;
        }
        inv.out.printf("Payroll %s (draft): %d clinicians, total pay %,.2f%n", lastComplete, payroll.clinicians(),
                payroll.totalPay());
        MonthlyWorkbooks.Written monthly = inv.bean(MonthlyWorkbooks.class).write(lastComplete, inv.reports);
        inv.out.println("Workbooks written:");
        inv.out.println("  " + payroll.workbook());
        inv.out.println("  " + monthly.practiceHealth().toAbsolutePath());
        monthly.checkins().forEach(p -> inv.out.println("  " + p.toAbsolutePath()));
        return 0;
    }
}
