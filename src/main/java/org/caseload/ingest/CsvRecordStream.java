package org.caseload.ingest;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.io.input.BOMInputStream;

/**
 * Streams the records of an RFC 4180 file (UTF-8, with or without BOM) with what a reject
 * report needs and commons-csv does not keep: the first physical line of each record and its
 * exact raw text (a quoted field may span lines). Memory holds about one record, not the file.
 */
final class CsvRecordStream implements Closeable {

    /** One record: its first line (1-based), its raw text without the line break, its fields. */
    record Record(int lineNo, String raw, CSVRecord fields) {
    }

    /** The file stops being CSV at this record; the remaining text is in {@code raw}. */
    static final class MalformedCsv extends Exception {
        final int lineNo;
        final String raw;

        MalformedCsv(int lineNo, String raw, String message) {
            super(message);
            this.lineNo = lineNo;
            this.raw = raw;
        }
    }

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();

    private final TapReader tap;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private boolean failed;

    CsvRecordStream(Path file) throws IOException {
        InputStream in = BOMInputStream.builder().setInputStream(Files.newInputStream(file)).get();
        this.tap = new TapReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        this.parser = CSVParser.builder().setReader(tap).setFormat(FORMAT).get();
        this.records = parser.iterator();
    }

    /** Characters read into records so far (for progress). */
    long position() {
        return tap.taken;
    }

    /** The next record, or null at the end of the file. */
    Record next() throws MalformedCsv {
        if (failed) {
            return null;
        }
        CSVRecord fields;
        try {
            if (!records.hasNext()) {
                return null;
            }
            fields = records.next();
        } catch (UncheckedIOException | IllegalStateException e) {
            failed = true;
            String message = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
            int line = tap.lineOfNextText();
            throw new MalformedCsv(line, tap.rest().strip(), message);
        }
        return tap.take(fields);
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }

    /**
     * Keeps a copy of the characters the parser has read that belong to records not returned yet,
     * and counts the line breaks before them.
     */
    private static final class TapReader extends Reader {
        private final Reader in;
        private final StringBuilder kept = new StringBuilder();
        /**
         * Where the text not returned yet starts in kept; what is before it is dropped at the next
         * read (dropping each record as it was returned moved the rest of the buffer every time).
         */
        private int head;
        /** Line breaks before kept[head]. */
        private int linesBefore;
        /** Characters dropped, i.e. returned in records or skipped as blank lines. */
        private long taken;

        TapReader(Reader in) {
            this.in = in;
        }

        @Override
        public int read(char[] buf, int off, int len) throws IOException {
            int n = in.read(buf, off, len);
            if (n > 0) {
                kept.delete(0, head);
                head = 0;
                kept.append(buf, off, n);
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }

        /**
         * The record the parser just returned: it is the next one in the kept text, after any blank
         * lines. Its end is the first line break outside a quoted field.
         */
        Record take(CSVRecord fields) {
            skipLineBreaks();
            int end = recordEnd(head);
            Record record = new Record(linesBefore + 1, kept.substring(head, end), fields);
            linesBefore += breaks(head, end);
            taken += end - head;
            head = end;
            return record;
        }

        int lineOfNextText() {
            skipLineBreaks();
            return linesBefore + 1;
        }

        /** Everything not returned yet, to the end of the file. */
        String rest() {
            try {
                char[] buf = new char[8192];
                while (in.read(buf, 0, buf.length) > 0) {
                    // read() keeps it
                }
            } catch (IOException e) {
                // keep what was read
            }
            return kept.substring(head);
        }

        /** Passes over blank lines at the start of the text not returned yet, counting them. */
        private void skipLineBreaks() {
            int i = head;
            while (i < kept.length() && (kept.charAt(i) == '\r' || kept.charAt(i) == '\n')) {
                i++;
            }
            linesBefore += breaks(head, i);
            taken += i - head;
            head = i;
        }

        private int recordEnd(int from) {
            boolean fieldStart = true;
            boolean quoted = false;
            int i = from;
            while (i < kept.length()) {
                char c = kept.charAt(i);
                if (quoted) {
                    if (c == '"') {
                        if (i + 1 < kept.length() && kept.charAt(i + 1) == '"') {
                            i++;
                        } else {
                            quoted = false;
                        }
                    }
                } else if (c == '\r' || c == '\n') {
                    return i;
                } else if (c == '"' && fieldStart) {
                    quoted = true;
                }
                fieldStart = !quoted && c == ',';
                i++;
            }
            return i;
        }

        /** Line breaks in kept[from, to): CRLF, LF and a lone CR each count once. */
        private int breaks(int from, int to) {
            int n = 0;
            for (int i = from; i < to; i++) {
                char c = kept.charAt(i);
                if (c == '\n' || (c == '\r' && (i + 1 >= kept.length() || kept.charAt(i + 1) != '\n'))) {
                    n++;
                }
            }
            return n;
        }
    }
}
