package org.caseload.ingest;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * Writes a chunk of parsed rows with PostgreSQL COPY, in the chunk's transaction: staged rows
 * into their kind's staging table (binary COPY, typed values), rejected rows into
 * {@code reject} (text COPY: they are few); and adds the chunk's rows to each file's
 * {@code rows_total} in the same transaction, so a restarted run counts every row once.
 * One a worker step: it keeps its COPY buffers from chunk to chunk.
 */
class StagingWriter implements ItemWriter<ParsedRow> {

    private final DataSource dataSource;
    /** Each kind's COPY buffer, kept from chunk to chunk (a few MB each: new ones cost copying as they grew). */
    private final Map<InboxKind, CopyBinary> buffers = new EnumMap<>(InboxKind.class);

    StagingWriter(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void write(Chunk<? extends ParsedRow> chunk) throws SQLException, IOException {
        buffers.values().forEach(CopyBinary::reset);
        Map<InboxKind, CopyBinary> staged = new EnumMap<>(InboxKind.class);
        StringBuilder rejects = new StringBuilder();
        Map<Long, Integer> rowsOfFile = new HashMap<>();
        for (ParsedRow row : chunk) {
            rowsOfFile.merge(row.file().fileId(), 1, Integer::sum);
            if (row instanceof ParsedRow.Staged s) {
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
                CopyIn copy = pg.getCopyAPI().copyIn("copy " + kind.stageTable() + " (file_id, line_no, raw, "
                        + String.join(", ", kind.stageColumns()) + ") from stdin (format binary)");
                try {
                    byte[] rows = e.getValue().bytes(); // the trailer first, then the length
                    copy.writeToCopy(rows, 0, e.getValue().length());
                    copy.endCopy();
                } finally {
                    if (copy.isActive()) {
                        copy.cancelCopy();
                    }
                }
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
