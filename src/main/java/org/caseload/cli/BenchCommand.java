package org.caseload.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.caseload.CaseloadProperties;
import org.caseload.bench.Benchmark;
import org.caseload.generate.PracticeGenerator;

/** The benchmark: see docs/performance.md. */
final class BenchCommand implements Command {

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String synopsis() {
        return "[--clinicians N] [--weeks W] [--seed S] [--end DATE] [--work DIR]";
    }

    @Override
    public String help() {
        return """
                Generates a practice (default 1,000 clinicians x 52 weeks) and measures, on a new empty embedded
                database under the work directory: (a) the floor, plain COPY of the appointment and payment files
                into unlogged tables and one GROUP BY clinician and week of both (payments by their appointment's
                clinician), with its two parts; (b) full etl; (c) the next day's etl;
                (d) payroll and (e) check-ins for the last complete month; each with rows/s and peak Java heap,
                then the ratio (b)/(a). Run it with -Xmx1g to check the memory target.
                  --work DIR        where the inbox, database and workbooks go (default data/bench; emptied first)""";
    }

    @Override
    public Set<String> valueOptions() {
        return Set.of("clinicians", "weeks", "seed", "end", "work");
    }

    @Override
    public int run(Invocation inv) throws Exception {
        CaseloadProperties config = inv.loadConfig();
        Path work = Path.of(inv.option("work", "data/bench"));
        delete(work);
        PracticeGenerator.Settings settings = GenerateCommand.settings(inv, config, 1000, 52);
        long start = System.nanoTime();
        PracticeGenerator.Result generated = PracticeGenerator.generate(settings, work.resolve("generated"));
        inv.out.printf("Generated %,d clinicians x %d weeks: %,d appointment rows in %.1f s%n", settings.clinicians(),
                settings.weeks(), generated.appointmentRows(), (System.nanoTime() - start) / 1e9);
        Path night1 = work.resolve("night1");
        Path night2 = work.resolve("night2");
        Files.createDirectories(night1);
        Files.createDirectories(night2);
        try (Stream<Path> files = Files.list(work.resolve("generated"))) {
            for (Path f : files.toList()) {
                boolean update = f.getFileName().toString().startsWith("appointments-update");
                Files.move(f, (update ? night2 : night1).resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        inv.defaultProperty("caseload.data-dir", work.resolve("db").toString());
        inv.out.printf("Java heap limit %,d MB (heap below: the most in use after a garbage collection); database: %s%n",
                Runtime.getRuntime().maxMemory() >> 20,
                System.getenv("SPRING_DATASOURCE_URL") == null ? "embedded, new" : "SPRING_DATASOURCE_URL");
        List<Benchmark.Stage> stages = inv.bean(Benchmark.class).run(night1, night2, settings.end(), work.resolve("reports"),
                inv.out);
        double ratio = stages.get(1).seconds() / stages.get(0).seconds();
        inv.out.printf("(b)/(a) = %.2f; (c)/(b) = %.1f%%%n", ratio, 100 * stages.get(2).seconds() / stages.get(1).seconds());
        return 0;
    }

    private static void delete(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
