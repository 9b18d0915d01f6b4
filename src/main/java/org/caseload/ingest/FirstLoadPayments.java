package org.caseload.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.caseload.SqlScript;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * A first load of payments (a backfill into the empty table, its indexes dropped for it by
 * {@code sql/ingest/drop_indexes_for_first_load.sql}) writes every payment straight into
 * {@code payment} while staging, without its raw line: written once, not staged and copied
 * over. Whether a payment loads depends on rows of other files (its appointment, another row of
 * its payment_id), so staging cannot judge it. The merge's payment half does, first thing: the
 * rows that may not load ({@code sql/ingest/first_load_payments.sql}; few) are moved back to
 * {@code stage_payment} with their raw lines, read again from their files here, and
 * {@code merge_payments.sql} then judges them as any staged row: a first load and a later load
 * of the same rows end alike.
 */
final class FirstLoadPayments {

    private static final Logger log = LoggerFactory.getLogger(FirstLoadPayments.class);
    private static final SqlScript FIND = SqlScript.load("sql/ingest/first_load_payments.sql");
    private static final SqlScript SET_ASIDE = SqlScript.load("sql/ingest/first_load_payments_set_aside.sql");

    private record Row(long fileId, int lineNo, String paymentId) {
    }

    private FirstLoadPayments() {
    }

    /** Whether a first load of payments is under way: staging writes them straight into payment. */
    static boolean underWay(JdbcTemplate jdbc) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "select exists (select 1 from dropped_index where table_name = 'payment')", Boolean.class));
    }

    /**
     * In the payment half's transaction, before {@code merge_payments.sql}: sets aside the rows
     * of a first load that may not load. Does nothing when no first load of payments is under way.
     *
     * @param params the merge's parameters ({@code tz})
     * @param instance the run's job instance, whose files are read again
     * @param inbox the run's inbox directory
     */
    static void setAside(NamedParameterJdbcTemplate jdbc, Map<String, Object> params, long instance, Path inbox) {
        JdbcTemplate plain = jdbc.getJdbcTemplate();
        if (!underWay(plain)) {
            return;
        }
        FIND.run(jdbc, params);
        List<Row> rows = plain.query("select file_id, line_no, payment_id from set_aside order by file_id, line_no",
                (rs, i) -> new Row(rs.getLong(1), rs.getInt(2), rs.getString(3)));
        plain.execute("create temp table set_aside_raw (file_id bigint, line_no integer, payment_id text, raw text) "
                + "on commit drop");
        plain.batchUpdate("insert into set_aside_raw (file_id, line_no, payment_id, raw) values (?, ?, ?, ?)",
                rawLines(plain, rows, instance, inbox));
        plain.execute("analyze set_aside_raw");
        SET_ASIDE.run(jdbc, params);
        log.info("First load of payments: {} row(s) set aside for the merge to judge (unknown appointment or "
                + "payment_id staged more than once)", rows.size());
    }

    /** Each row with its raw line, read again from its file. */
    private static List<Object[]> rawLines(JdbcTemplate jdbc, List<Row> rows, long instance, Path inbox) {
        Map<Long, Path> files = new HashMap<>();
        for (InboxFile f : RegisterInboxFiles.filesToLoad(jdbc, instance, inbox)) {
            files.put(f.fileId(), f.path());
        }
        List<Object[]> raws = new ArrayList<>();
        Map<Long, List<Row>> byFile = new LinkedHashMap<>();
        rows.forEach(r -> byFile.computeIfAbsent(r.fileId(), k -> new ArrayList<>()).add(r));
        for (Map.Entry<Long, List<Row>> e : byFile.entrySet()) {
            Path file = files.get(e.getKey());
            if (file == null) {
                throw new IllegalStateException("Payment rows of inbox file " + e.getKey()
                        + " are in a first load that is not this run's; run etl --fresh to load them again");
            }
            Map<Integer, String> raw = rawLines(file, e.getValue());
            for (Row r : e.getValue()) {
                raws.add(new Object[] {r.fileId(), r.lineNo(), r.paymentId(), raw.get(r.lineNo())});
            }
        }
        return raws;
    }

    /**
     * The raw text of the records of {@code file} that start on the given lines, read as staging
     * read them, up to the last of them. Each must still hold its payment_id: the file must be
     * the one staged.
     */
    private static Map<Integer, String> rawLines(Path file, List<Row> rows) {
        Map<Integer, Row> wanted = new HashMap<>();
        rows.forEach(r -> wanted.put(r.lineNo(), r));
        Map<Integer, String> found = new HashMap<>();
        if (Files.exists(file)) {
            try (CsvRecordStream records = new CsvRecordStream(file)) {
                for (CsvRecordStream.Record rec; found.size() < wanted.size() && (rec = records.next()) != null;) {
                    Row row = wanted.get(rec.lineNo());
                    if (row != null && rec.raw().contains(row.paymentId())) {
                        found.put(rec.lineNo(), rec.raw());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read inbox file " + file, e);
            } catch (CsvRecordStream.MalformedCsv e) {
                // staged rows come before where the file stops being CSV: what was not found is reported below
            }
        }
        for (Row r : rows) {
            if (!found.containsKey(r.lineNo())) {
                throw new IllegalStateException(file.getFileName() + ", line " + r.lineNo() + ": payment "
                        + r.paymentId() + " was staged from this line, and the file no longer has it there (moved or "
                        + "changed since the run staged it); put the file back as it was and run etl again, or give "
                        + "the run up with etl --fresh");
            }
        }
        return found;
    }
}
