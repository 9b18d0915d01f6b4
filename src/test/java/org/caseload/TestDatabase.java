package org.caseload;

import java.io.IOException;
import java.io.UncheckedIOException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * One embedded PostgreSQL server for the whole test run (started on first use, stopped with the
 * JVM). Spring tests point spring.datasource.url at it, the way an operator points Caseload at an
 * external server; {@link #reset} empties the tables between tests.
 */
public final class TestDatabase {

    private static EmbeddedPostgres server;

    private TestDatabase() {
    }

    public static synchronized String url() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return server.getJdbcUrl("postgres", "postgres");
    }

    public static void register(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", TestDatabase::url);
        registry.add("spring.datasource.username", () -> "postgres");
    }

    /** Empties the test database (if Flyway has built its schema yet). */
    public static void reset() {
        JdbcTemplate jdbc = new JdbcTemplate(new SingleConnectionDataSource(url(), "postgres", "", true));
        Integer built = jdbc.queryForObject(
                "select count(*) from information_schema.tables where table_name = 'inbox_file'", Integer.class);
        if (built != null && built > 0) {
            reset(jdbc);
        }
    }

    public static void reset(JdbcTemplate jdbc) {
        jdbc.execute("""
                truncate inbox_file, reject, stage_clinician, stage_appointment, stage_payment, stage_time_off,
                         clinician, clinician_terms, appointment, payment, time_off,
                         clinician_week, clinician_week_trailing, flag, facts_state,
                         batch_job_instance, batch_job_execution, batch_job_execution_params, batch_step_execution,
                         batch_step_execution_context, batch_job_execution_context cascade""");
    }
}
