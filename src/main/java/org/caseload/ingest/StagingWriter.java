package org.caseload.ingest;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * Writes a chunk of parsed rows with PostgreSQL COPY, in the chunk's transaction: staged rows
 * into their kind's staging table (binary COPY, typed values), rejected rows into
 * {@code reject} (text COPY: they are few); and adds the chunk's rows to each file's
 * {@code rows_total} in the same transaction, so a restarted run counts every row once.
 * In a first load of appointments, the appointments that load (see {@link FirstLoadRoster}) go
 * straight into {@code appointment}, written once instead of staged and copied over; in a first
 * load of payments, every payment goes straight into {@code payment} (the few that do not load
 * are set aside by the merge, see {@link FirstLoadPayments}).
 * One a worker step: it keeps its COPY buffers from chunk to chunk.
 */
class StagingWriter implements ItemWriter<ParsedRow> {

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    /** Each kind's COPY buffer, kept from chunk to chunk (a few MB each: new ones cost copying as they grew). */
    private final Map<InboxKind, CopyBinary> buffers = new EnumMap<>(InboxKind.class);
    /** Each kind's COPY buffer of rows going straight into their table. */
    private final Map<InboxKind, CopyBinary> loadedBuffers = new EnumMap<>(InboxKind.class);
    private final FirstLoadRoster.OfRun rosters;
    /** The job execution whose rows are staged (set before the step), for its roster. */
    private long jobExecutionId;
    /** Read at the first appointment; null when no first load of appointments is under way. */
    private FirstLoadRoster firstLoad;
    private boolean firstLoadChecked;
    /** Read at the first payment: whether a first load of payments is under way. */
    private Boolean paymentsFirstLoad;

    StagingWriter(DataSource dataSource, JdbcTemplate jdbc, FirstLoadRoster.OfRun rosters) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.rosters = rosters;
    }

    /** Before the worker step: the job execution whose rows it stages. */
    void beforeStep(long jobExecutionId) {
        this.jobExecutionId = jobExecutionId;
    }

    @Override
    public void write(Chunk<? extends ParsedRow> chunk) throws SQLException, IOException {
        buffers.values().forEach(CopyBinary::reset);
        loadedBuffers.values().forEach(CopyBinary::reset);
        Map<InboxKind, CopyBinary> staged = new EnumMap<>(InboxKind.class);
        Map<InboxKind, CopyBinary> loaded = new EnumMap<>(InboxKind.class);
        StringBuilder rejects = new StringBuilder();
        Map<Long, Integer> rowsOfFile = new HashMap<>();
        for (ParsedRow row : chunk) {
            rowsOfFile.merge(row.file().fileId(), 1, Integer::sum);
            if (row instanceof ParsedRow.Staged s && loadsNow(s)) {
                CopyBinary out = loaded.computeIfAbsent(s.file().kind(),
                        k -> loadedBuffers.computeIfAbsent(k, b -> new CopyBinary()));
                out.row(s.values().length + 2);
                for (Object value : s.values()) {
                    out.value(value);
                }
                out.value(s.file().fileId());
                out.value(s.lineNo());
            } else if (row instanceof ParsedRow.Staged s) {
                CopyBinary out = staged.computeIfAbsent(s.file().kind(),
                        k -> buffers.computeIfAbsent(k, b -> new CopyBinary()));
                out.row(3 + s.values().length);
                out.value(s.file().fileId());
                out.value(s.lineNo());
                out.value(s.raw());
                for (Object value : s.values()) {
                    out.value(value);
                }
            } else if (row instanceof ParsedRow.Rejected r) {
                start(rejects, r);
                rejects.append('\t').append(r.reason().name()).append('\t');
                field(rejects, r.detail());
                rejects.append('\n');
            }
        }
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            PGConnection pg = connection.unwrap(PGConnection.class);
            for (Map.Entry<InboxKind, CopyBinary> e : staged.entrySet()) {
                InboxKind kind = e.getKey();
                copy(pg, "copy " + kind.stageTable() + " (file_id, line_no, raw, "
                        + String.join(", ", kind.stageColumns()) + ") from stdin (format binary)", e.getValue());
            }
            for (Map.Entry<InboxKind, CopyBinary> e : loaded.entrySet()) {
                InboxKind kind = e.getKey();
                copy(pg, "copy " + kind.table() + " (" + String.join(", ", kind.stageColumns())
                        + ", source_file_id, source_line) from stdin (format binary)", e.getValue());
            }
            if (!rejects.isEmpty()) {
                pg.getCopyAPI().copyIn("copy reject (file_id, line_no, raw, reason, detail) from stdin",
                        new StringReader(rejects.toString()));
            }
            try (PreparedStatement count = connection.prepareStatement(
                    "update inbox_file set rows_total = rows_total + ? where file_id = ?")) {
                for (Map.Entry<Long, Integer> e : rowsOfFile.entrySet()) {
                    count.setInt(1, e.getValue());
                    count.setLong(2, e.getKey());
                    count.executeUpdate();
                }
            }
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    /**
     * Whether a row goes straight into its table: an appointment when a first load of
     * appointments is under way and it loads; a payment when a first load of payments is.
     */
    private boolean loadsNow(ParsedRow.Staged row) {
        if (row.file().kind() == InboxKind.PAYMENTS) {
            if (paymentsFirstLoad == null) {
                paymentsFirstLoad = FirstLoadPayments.underWay(jdbc);
            }
            return paymentsFirstLoad;
        }
        if (row.file().kind() != InboxKind.APPOINTMENTS) {
            return false;
        }
        if (!firstLoadChecked) {
            firstLoad = rosters.get(jobExecutionId, jdbc);
            firstLoadChecked = true;
        }
        Object[] v = row.values();
        return firstLoad != null && firstLoad.loads((String) v[1], (LocalDate) v[9]);
    }

    private static void copy(PGConnection pg, String sql, CopyBinary rows) throws SQLException {
        CopyIn copy = pg.getCopyAPI().copyIn(sql);
        try {
            byte[] bytes = rows.bytes(); // the trailer first, then the length
            copy.writeToCopy(bytes, 0, rows.length());
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    private static void start(StringBuilder out, ParsedRow row) {
        out.append(row.file().fileId()).append('\t').append(row.lineNo()).append('\t');
        field(out, row.raw());
    }

    /** A value in COPY's text format: \N for null, backslash escapes for the separators. */
    static void field(StringBuilder out, String value) {
        if (value == null) {
            out.append("\\N");
            return;
        }
        int plain = 0;
        while (plain < value.length() && !special(value.charAt(plain))) {
            plain++;
        }
        if (plain == value.length()) {
            out.append(value); // one copy; append(value, 0, n) goes char by char
            return;
        }
        out.append(value, 0, plain);
        for (int i = plain; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\0' -> { } // PostgreSQL text cannot hold NUL
                default -> out.append(c);
            }
        }
    }

    private static boolean special(char c) {
        return c == '\\' || c == '\t' || c == '\n' || c == '\r' || c == '\0';
    }
}
