package org.caseload;

import java.nio.file.Path;
import java.time.LocalDate;

import org.caseload.ingest.EtlReport;
import org.caseload.ingest.EtlRunner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Runs the real etl job against the test database on small inboxes written by each test. */
@SpringBootTest(properties = "spring.config.import=file:jobs/practice.yml")
public abstract class EtlTestSupport {

    protected static final LocalDate AS_OF = LocalDate.of(2026, 3, 31);

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry);
    }

    @Autowired
    protected EtlRunner etl;

    @Autowired
    protected JdbcTemplate jdbc;

    @TempDir
    protected Path tmp;

    protected Inbox inbox;

    @BeforeEach
    void emptyDatabase() {
        TestDatabase.reset(jdbc);
        inbox = new Inbox(tmp.resolve("inbox"));
    }

    protected EtlReport run() throws Exception {
        return run(AS_OF);
    }

    protected EtlReport run(LocalDate asOf) throws Exception {
        EtlRunner.Outcome outcome = etl.run(inbox.dir, asOf, false);
        return outcome.run() != null ? outcome.run() : outcome.restarted();
    }

    protected EtlReport.FileCounts counts(EtlReport report, String file) {
        return report.files().stream().filter(f -> f.name().equals(file)).findFirst()
                .orElseThrow(() -> new AssertionError("no file " + file + " in " + report.files()));
    }

    protected String rejectReason(String file, int line) {
        return jdbc.queryForObject("""
                select r.reason from reject r join inbox_file f on f.file_id = r.file_id
                 where f.file_name = ? and r.line_no = ?""", String.class, file, line);
    }

    protected int count(String sql, Object... args) {
        return jdbc.queryForObject(sql, Integer.class, args);
    }
}
