package org.caseload.ingest;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * Writes a chunk of parsed rows of one file with PostgreSQL COPY, in the chunk's transaction:
 * staged rows into their kind's staging table (binary COPY, typed values), rejected rows into
 * {@code reject} (text COPY: they are few); and adds the chunk's rows to the file's
 * {@code rows_total} in the same transaction, so a restarted run counts every row once.
 * In a first load of appointments, the appointments that load (see {@link FirstLoadRoster}) go
 * straight into {@code appointment}, written once instead of staged and copied over; in a first
 * load of payments, every payment goes straight into {@code payment} (the few that do not load
 * are set aside by the merge, see {@link FirstLoadPayments}), its id noted in the run's
 * {@link FirstLoadPaymentIds}.
 * Each row goes into its COPY buffer as soon as it is parsed ({@link #add}), and is garbage
 * then: a chunk's rows are not held as objects until the chunk is written (held, the live
 * rows of each chunk were copied by every young collection while it was read).
 * One a worker step, which stages one file: it keeps its COPY buffers from chunk to chunk.
 */
class StagingWriter {

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    /** The COPY buffer of staged rows, kept from chunk to chunk (a few MB: a new one cost copying as it grew). */
    private final CopyBinary staged = new CopyBinary();
    /** The COPY buffer of rows going straight into their table. */
    private final CopyBinary loaded = new CopyBinary();
    private final OfRun<FirstLoadRoster> rosters;
    private final OfRun<FirstLoadPaymentIds> paymentIdsOfRun;
    /** The job execution whose rows are staged (set before the step), for its roster. */
    private long jobExecutionId;
    /** Read at the first row: whether a first load of this file's kind is under way. */
    private Boolean firstLoad;
    /** In a first load of appointments, the roster they are checked against. */
    private FirstLoadRoster roster;
    /** In a first load of payments, the filter of their ids (null if it would not stand for the table). */
    private FirstLoadPaymentIds paymentIds;
    /** The chunk being written: its file, its rows in each COPY buffer, its rejected rows as COPY text. */
    private InboxFile file;
    private int stagedRows;
    private int loadedRows;
    private final StringBuilder rejects = new StringBuilder();

    StagingWriter(DataSource dataSource, JdbcTemplate jdbc, OfRun<FirstLoadRoster> rosters,
            OfRun<FirstLoadPaymentIds> paymentIdsOfRun) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.rosters = rosters;
        this.paymentIdsOfRun = paymentIdsOfRun;
    }

    /** Before the worker step: the job execution whose rows it stages. */
    void beforeStep(long jobExecutionId) {
        this.jobExecutionId = jobExecutionId;
    }

    /** Starts a chunk: empty buffers. */
    void startChunk() {
        file = null;
        staged.reset();
        loaded.reset();
        stagedRows = 0;
        loadedRows = 0;
        rejects.setLength(0);
    }

    /**
     * Writes the chunk's rows (those {@link #add}ed since {@link #startChunk()}, {@code rows} in
     * all) and counts them to their file; returns the file.
     */
    InboxFile writeChunk(int rows) throws SQLException, IOException {
        InboxKind kind = file.kind();
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            PGConnection pg = connection.unwrap(PGConnection.class);
            if (stagedRows > 0) {
                copy(pg, "copy " + kind.stageTable() + " (file_id, line_no, raw, "
                        + String.join(", ", kind.stageColumns()) + ") from stdin (format binary)", staged);
            }
            if (loadedRows > 0) {
                copy(pg, "copy " + kind.table() + " (" + String.join(", ", kind.stageColumns())
                        + ", source_file_id, source_line) from stdin (format binary)", loaded);
            }
            if (!rejects.isEmpty()) {
                pg.getCopyAPI().copyIn("copy reject (file_id, line_no, raw, reason, detail) from stdin",
                        new StringReader(rejects.toString()));
            }
            try (PreparedStatement count = connection.prepareStatement(
                    "update inbox_file set rows_total = rows_total + ? where file_id = ?")) {
                count.setInt(1, rows);
                count.setLong(2, file.fileId());
                count.executeUpdate();
            }
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
        return file;
    }

    /**
     * One row of the chunk into its COPY buffer: a method of its own, which C2 compiles once.
     * Inlined into the chunk's loop, the per-row work was compiled again with the loop on each
     * on-stack replacement and each deoptimization (a new kind of row or value reaching it).
     */
    void add(ParsedRow row) {
        if (file == null) {
            file = row.file();
            if (firstLoad == null) {
                firstLoad = firstLoadUnderWay(file.kind());
            }
        } else if (row.file().fileId() != file.fileId()) {
            throw new IllegalStateException("A chunk of rows of two files: " + file.path() + ", " + row.file().path());
        }
        InboxKind kind = file.kind();
        if (row instanceof ParsedRow.Staged s && firstLoad && loadsNow(kind, s.values())) {
            loaded.row(s.values().length + 2);
            for (Object value : s.values()) {
                loaded.value(value);
            }
            loaded.value(row.file().fileId());
            loaded.value(s.lineNo());
            loadedRows++;
            if (paymentIds != null) {
                paymentIds.add((String) s.values()[0]);
            }
        } else if (row instanceof ParsedRow.Staged s) {
            staged.row(3 + s.values().length);
            staged.value(row.file().fileId());
            staged.value(s.lineNo());
            staged.value(s.raw());
            for (Object value : s.values()) {
                staged.value(value);
            }
            stagedRows++;
        } else if (row instanceof ParsedRow.Rejected r) {
            start(rejects, r);
            rejects.append('\t').append(r.reason().name()).append('\t');
            field(rejects, r.detail());
            rejects.append('\n');
        }
    }

    /**
     * Whether a first load of rows of this kind is under way: of appointments (their table's
     * indexes dropped for it), whose rows that load go straight into the table; of payments,
     * all of which do.
     */
    private boolean firstLoadUnderWay(InboxKind kind) {
        if (kind == InboxKind.PAYMENTS) {
            if (!kind.firstLoadUnderWay(jdbc)) {
                return false;
            }
            paymentIds = paymentIdsOfRun.get(jobExecutionId, jdbc);
            return true;
        }
        if (kind == InboxKind.APPOINTMENTS) {
            roster = rosters.get(jobExecutionId, jdbc);
            return roster != null;
        }
        return false;
    }

    /** In a first load, whether a staged row goes straight into its table. */
    private boolean loadsNow(InboxKind kind, Object[] values) {
        return kind == InboxKind.PAYMENTS || roster.loads((String) values[1], (LocalDate) values[9]);
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
