package org.caseload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

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

    /**
     * Empties every table of the schema but Flyway's history, and builds again the indexes a
     * first load left dropped (a test that ends in a failed run leaves them so).
     */
    public static void reset(JdbcTemplate jdbc) {
        List<String> tables = jdbc.queryForList("""
                select quote_ident(table_name) from information_schema.tables
                 where table_schema = 'public' and table_type = 'BASE TABLE'
                   and table_name not in ('flyway_schema_history', 'dropped_index')
                """, String.class);
        jdbc.execute("truncate " + String.join(", ", tables) + " cascade");
        jdbc.execute("do $$ declare t text; begin for t in select distinct table_name from dropped_index loop "
                + "perform restore_indexes(t::regclass); end loop; end $$");
    }
}
