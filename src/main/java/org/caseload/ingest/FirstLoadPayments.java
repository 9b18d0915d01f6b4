package org.caseload.ingest;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.caseload.SqlScript;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * A first load of payments (a backfill into the empty table, its indexes dropped for it by
 * {@code sql/ingest/drop_indexes_for_first_load.sql}) writes every payment straight into
 * {@code payment} while staging, without its raw line: written once, not staged and copied
 * over. Whether a payment loads depends on rows of other files (its appointment, another row of
 * its payment_id), so staging cannot judge it. The merge's payment half does, first thing: the
 * rows that may not load ({@code sql/ingest/first_load_payments.sql}; few, as a rule) are moved
 * back to {@code stage_payment} with their raw lines, read again from their files here, and
 * {@code merge_payments.sql} then judges them as any staged row: a first load and a later load
 * of the same rows end alike. Repeated payment_ids are looked for among the candidates staging
 * names ({@link FirstLoadPaymentIds}), or, in a restarted run, by grouping every id in the
 * database. The rows stream from the database and their raw lines go back by COPY a batch at a
 * time, so memory stays flat however many there are (a first run whose appointments come later
 * sets aside every payment).
 */
final class FirstLoadPayments {

    private static final Logger log = LoggerFactory.getLogger(FirstLoadPayments.class);
    private static final SqlScript FIND = SqlScript.load("sql/ingest/first_load_payments.sql");
    /** Repeated ids among the candidates staging noted. */
    private static final SqlScript FIND_AMONG_CANDIDATES = FIND.with(Map.of("REPEATED_IDS", "= any(:candidates)"));
    /** Repeated ids grouped by {@link #GROUP_IDS}. */
    private static final SqlScript FIND_AMONG_GROUPED = FIND.with(Map.of("REPEATED_IDS",
            "in (select payment_id from repeated_payment_id)"));
    private static final SqlScript GROUP_IDS = SqlScript.load("sql/ingest/first_load_payments_repeated.sql");
    private static final SqlScript SET_ASIDE = SqlScript.load("sql/ingest/first_load_payments_set_aside.sql");
    private static final int BATCH = 10_000;

    private FirstLoadPayments() {
    }

    /**
     * In the payment half's transaction, before {@code merge_payments.sql}: sets aside the rows
     * of a first load that may not load. Does nothing when no first load of payments is under way.
     *
     * @param params the merge's parameters ({@link MergeStagedRows.Part}): {@code tz}, and
     *        {@code instance} and {@code inbox}, the run whose files are read again
     * @param candidates the ids staging wrote more than once, and a few more
     *        ({@link FirstLoadPaymentIds}); null if staging did not note every payment in the
     *        table (a restarted run, a filter too full): every id is grouped then
     */
    static void setAside(NamedParameterJdbcTemplate jdbc, Map<String, Object> params, List<String> candidates) {
        JdbcTemplate plain = jdbc.getJdbcTemplate();
        if (!InboxKind.PAYMENTS.firstLoadUnderWay(plain)) {
            return;
        }
        DataSource dataSource = plain.getDataSource();
        Connection connection = DataSourceUtils.getConnection(dataSource);
        long rows = 0;
        try {
            if (candidates == null) {
                GROUP_IDS.run(jdbc, params);
                FIND_AMONG_GROUPED.run(jdbc, params);
            } else {
                log.info("First load of payments: {} payment_id(s) staged more than once, or by chance of the "
                        + "filter, counted in payment", candidates.size());
                Map<String, Object> withCandidates = new HashMap<>(params);
                withCandidates.put("candidates", connection.createArrayOf("text", candidates.toArray()));
                FIND_AMONG_CANDIDATES.run(jdbc, withCandidates);
            }
            plain.execute("create temp table set_aside_raw (file_id bigint, line_no integer, payment_id text, raw text) "
                    + "on commit drop");
            Map<Long, Path> files = new HashMap<>();
            for (InboxFile f : RegisterInboxFiles.filesToLoad(plain, (Long) params.get("instance"),
                    Path.of((String) params.get("inbox")))) {
                files.put(f.fileId(), f.path());
            }
            List<Long> fileIds = plain.queryForList("select distinct file_id from set_aside order by 1", Long.class);
            for (long fileId : fileIds) {
                Path file = files.get(fileId);
                if (file == null) {
                    throw new IllegalStateException("Payment rows of inbox file " + fileId
                            + " are in a first load that is not this run's; run etl --fresh to load them again");
                }
                rows += readRawLines(connection, fileId, file);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot set aside the payments of a first load", e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
        plain.execute("analyze set_aside_raw");
        SET_ASIDE.run(jdbc, params);
        log.info("First load of payments: {} row(s) set aside for the merge to judge (unknown appointment or "
                + "payment_id staged more than once)", rows);
    }

    /**
     * Copies into set_aside_raw the raw text of the records of {@code file} that start on its
     * set-aside rows' lines, read as staging read them, up to the last of them. Each must still
     * hold its payment_id: the file must be the one staged.
     */
    private static long readRawLines(Connection connection, long fileId, Path file) throws SQLException {
        long rows = 0;
        StringBuilder batch = new StringBuilder();
        try (PreparedStatement query = connection.prepareStatement(
                "select line_no, payment_id from set_aside where file_id = ? order by line_no");
                CsvRecordStream records = Files.exists(file) ? new CsvRecordStream(file) : null) {
            query.setFetchSize(BATCH);
            query.setLong(1, fileId);
            try (ResultSet rs = query.executeQuery()) {
                CsvRecordStream.Record rec = null;
                while (rs.next()) {
                    int line = rs.getInt(1);
                    String paymentId = rs.getString(2);
                    while (records != null && (rec == null || rec.lineNo() < line) && (rec = next(records)) != null) {
                        // up to the record of this line
                    }
                    if (rec == null || rec.lineNo() != line || !rec.raw().contains(paymentId)) {
                        throw new IllegalStateException(file.getFileName() + ", line " + line + ": payment "
                                + paymentId + " was staged from this line, and the file no longer has it there "
                                + "(moved or changed since the run staged it); put the file back as it was and run "
                                + "etl again, or give the run up with etl --fresh");
                    }
                    batch.append(fileId).append('\t').append(line).append('\t');
                    StagingWriter.field(batch, paymentId);
                    batch.append('\t');
                    StagingWriter.field(batch, rec.raw());
                    batch.append('\n');
                    if (++rows % BATCH == 0) {
                        copy(connection, batch);
                    }
                }
            }
            copy(connection, batch);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read inbox file " + file, e);
        }
        return rows;
    }

    /** The next record; null at the end, or where the file stops being CSV (staged rows come before that). */
    private static CsvRecordStream.Record next(CsvRecordStream records) {
        try {
            return records.next();
        } catch (CsvRecordStream.MalformedCsv e) {
            return null;
        }
    }

    private static void copy(Connection connection, StringBuilder batch) throws SQLException, IOException {
        if (!batch.isEmpty()) {
            connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("copy set_aside_raw (file_id, line_no, payment_id, raw) from stdin",
                            new StringReader(batch.toString()));
            batch.setLength(0);
        }
    }
}
