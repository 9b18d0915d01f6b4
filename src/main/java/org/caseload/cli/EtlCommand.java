package org.caseload.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Set;

import org.caseload.PracticeConfig;
import org.caseload.ingest.EtlReport;
import org.caseload.ingest.EtlRunner;

final class EtlCommand implements Command {

    @Override
    public String name() {
        return "etl";
    }

    @Override
    public String synopsis() {
        return "[--inbox DIR] [--as-of DATE] [--fresh]";
    }

    @Override
    public String help() {
        return """
                Ingests every new file of the inbox (clinicians*, appointments*, payments*, time_off*.csv) and
                prints, per file, rows = loaded + rejected + duplicates. A file whose content was ingested
                before is skipped. Rows waiting for a clinician or appointment are tried again on every run.
                If the last etl run failed or was killed, it is finished first, from where it stopped.
                  --inbox DIR       the inbox (default inbox/)
                  --as-of DATE      the run's date, YYYY-MM-DD (default today in the practice time zone)
                  --fresh           give up an unfinished earlier run instead of finishing it""";
    }

    @Override
    public Set<String> valueOptions() {
        return Set.of("inbox", "as-of");
    }

    @Override
    public Set<String> flags() {
        return Set.of("fresh");
    }

    @Override
    public int run(Invocation inv) throws Exception {
        Path inbox = Path.of(inv.option("inbox", "inbox"));
        LocalDate asOf = inv.dateOption("as-of", null);
        return run(inv, inbox, asOf, inv.flag("fresh"));
    }

    static int run(Invocation inv, Path inbox, LocalDate asOf, boolean fresh) throws Exception {
        PracticeConfig config = inv.bean(PracticeConfig.class);
        EtlRunner.Outcome outcome = inv.bean(EtlRunner.class)
                .run(inbox, asOf != null ? asOf : LocalDate.now(config.zone()), fresh);
        if (outcome.restarted() != null) {
            inv.out.println("Finished the interrupted run first:");
            print(inv.out, outcome.restarted());
        }
        if (outcome.run() != null) {
            print(inv.out, outcome.run());
        }
        EtlReport failed = outcome.restarted() != null && !outcome.restarted().succeeded() ? outcome.restarted()
                : outcome.run() != null && !outcome.run().succeeded() ? outcome.run() : null;
        if (failed != null) {
            inv.err.println("caseload etl failed (run " + failed.executionId() + "): "
                    + String.join("; ", failed.failures())
                    + ". Rows committed so far are kept; the next etl finishes this run from where it stopped.");
            return 1;
        }
        return 0;
    }

    static void print(PrintStream out, EtlReport r) {
        out.printf("etl run %d as of %s: %s in %.1f s%n", r.executionId(), r.asOf(), r.status(),
                r.duration().toMillis() / 1000.0);
        if (r.files().isEmpty()) {
            out.println("  no inbox files");
        }
        int width = Math.max(30, r.files().stream().mapToInt(f -> f.name().length()).max().orElse(0));
        if (r.files().stream().anyMatch(f -> !f.status().equals("skipped"))) {
            out.printf("  %-" + width + "s %10s %10s %10s %10s%n", "file", "rows", "loaded", "rejected", "duplicates");
        }
        for (EtlReport.FileCounts f : r.files()) {
            if (f.status().equals("skipped")) {
                out.printf("  %-" + width + "s skipped: %s%n", f.name(), f.name().equals(f.sameAs())
                        ? "ingested before" : "same content as " + f.sameAs() + ", ingested before");
            } else {
                out.printf("  %-" + width + "s %10d %10d %10d %10d%n", f.name(), f.rows(), f.loaded(), f.rejected(),
                        f.duplicates());
            }
        }
        if (r.earlierRejectsLoaded() > 0) {
            out.printf("  %d row(s) rejected by earlier runs for a missing reference loaded now%n", r.earlierRejectsLoaded());
        }
        if (!r.rejects().isEmpty()) {
            out.println("Rejected rows (file, line, reason; all are kept in table reject):");
            for (EtlReport.RejectLine line : r.rejects()) {
                out.printf("  %s line %d: %s: %s%n", line.file(), line.line(), line.reason(), line.detail());
            }
            if (r.rejectsNotShown() > 0) {
                out.printf("  ... and %d more%n", r.rejectsNotShown());
            }
        }
    }
}
