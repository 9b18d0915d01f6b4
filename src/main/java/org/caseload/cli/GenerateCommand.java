package org.caseload.cli;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.caseload.CaseloadProperties;
import org.caseload.generate.PracticeGenerator;

final class GenerateCommand implements Command {

    @Override
    public String name() {
        return "generate";
    }

    @Override
    public String synopsis() {
        return "--out DIR [--clinicians N] [--weeks W] [--seed S] [--end DATE]";
    }

    @Override
    public String help() {
        return """
                Writes the inbox files of a synthetic practice to DIR: a roster, appointments by month with a
                later file of status updates, payments by month, time off, and a few bad rows of every kind.
                  --out DIR         where to write (created if missing)
                  --clinicians N    clinicians (default 12)
                  --weeks W         weeks of history ending with the week of --end (default 26)
                  --seed S          random seed (default 1); the same settings write the same bytes
                  --end DATE        last day of data, YYYY-MM-DD (default today in the practice time zone)
                Plans are assigned in rotation from caseload.plans of the configuration.""";
    }

    @Override
    public Set<String> valueOptions() {
        return Set.of("out", "clinicians", "weeks", "seed", "end");
    }

    @Override
    public int run(Invocation inv) throws Exception {
        String out = inv.option("out", null);
        if (out == null) {
            throw new UsageException("--out DIR is required");
        }
        CaseloadProperties config = inv.loadConfig();
        PracticeGenerator.Settings settings = settings(inv, config);
        PracticeGenerator.Result result = PracticeGenerator.generate(settings, Path.of(out));
        inv.out.printf("Wrote %d files to %s: %d clinicians, %d weeks to %s, %,d appointment rows%n",
                result.rowsByFile().size(), out, settings.clinicians(), settings.weeks(), settings.end(),
                result.appointmentRows());
        return 0;
    }

    static PracticeGenerator.Settings settings(Invocation inv, CaseloadProperties config) {
        return settings(inv, config, 12, 26);
    }

    /** The practice the options ask for, with these defaults for its size. */
    static PracticeGenerator.Settings settings(Invocation inv, CaseloadProperties config, int clinicians, int weeks) {
        // Plans are assigned in rotation, in the file's order, so that every type is used.
        List<String> plans = new ArrayList<>(config.plans().keySet());
        return new PracticeGenerator.Settings(
                inv.intOption("clinicians", clinicians, 1, 100_000),
                inv.intOption("weeks", weeks, 1, 520),
                inv.intOption("seed", 1, Integer.MIN_VALUE, Integer.MAX_VALUE),
                inv.dateOption("end", LocalDate.now(config.zone())),
                config.zone(), plans);
    }

}
