package org.caseload.workbooks;

import java.io.IOException;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.caseload.PracticeConfig;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes a month's practice-health workbook and the check-in of every clinician employed in the
 * month. The data is read once; the check-ins are written in parallel, one per core.
 */
@Component
public class MonthlyWorkbooks {

    private final JdbcTemplate jdbc;
    private final PracticeConfig config;
    private final WorkbookFiles files;

    MonthlyWorkbooks(JdbcTemplate jdbc, PracticeConfig config, WorkbookFiles files) {
        this.jdbc = jdbc;
        this.config = config;
        this.files = files;
    }

    /** The files written: the practice-health workbook first, then the check-ins by clinician id. */
    public record Written(Path practiceHealth, List<Path> checkins, int flags) {
    }

    public Written write(YearMonth month, Path reports) throws IOException, InterruptedException {
        MonthFacts facts = MonthFacts.load(jdbc, month, 12);
        Path health = new PracticeHealthWorkbook(config.policy(), files).write(facts, reports);
        CheckinWorkbook checkin = new CheckinWorkbook(config.policy(), files);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()));
        try {
            List<Future<Path>> pending = new ArrayList<>();
            for (MonthFacts.Clinician c : facts.clinicians().values()) {
                pending.add(pool.submit(() -> checkin.write(facts, c, reports)));
            }
            List<Path> written = new ArrayList<>();
            for (Future<Path> f : pending) {
                written.add(f.get());
            }
            return new Written(health, written, facts.monthFlags().size());
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
