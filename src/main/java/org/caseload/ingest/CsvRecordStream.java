package org.caseload.ingest;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.StringArrayHandler;

/**
 * Streams the records of an RFC 4180 file (UTF-8, with or without BOM) with what a reject
 * report needs and the parser does not keep: the first physical line of each record and its
 * exact raw text (a quoted field may span lines). Memory holds about one record, not the file.
 * FastCSV parses (the 3 million rows of the 1,000-clinician benchmark in 0.6 s, where commons-csv
 * took 2.0 s). Where it is lenient: a quoted field still open at the end of the file makes the
 * file malformed from that record on here (FastCSV would end the field there); a record may have
 * more or fewer fields than the header (the reader decides what that means).
 */
final class CsvRecordStream implements Closeable {

    /** One record: its first line (1-based), its raw text without the line break, its fields. */
    record Record(int lineNo, String raw, String[] fields) {
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

    private final TapReader tap;
    private final CsvReader<String[]> parser;
    private final Iterator<String[]> records;
    private boolean failed;

    CsvRecordStream(Path file) throws IOException {
        this.tap = new TapReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8));
        this.parser = CsvReader.builder().skipEmptyLines(true).allowExtraFields(true).allowMissingFields(true)
                .build(StringArrayHandler.of(), tap);
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
        String[] fields;
        try {
            if (!records.hasNext()) {
                return null;
            }
            fields = records.next();
        } catch (UncheckedIOException | CsvParseException e) {
            throw malformed(e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
        }
        Record record = tap.take(fields);
        if (record == null) {
            throw malformed("the file ends inside a quoted field");
        }
        return record;
    }

    private MalformedCsv malformed(String message) {
        failed = true;
        int line = tap.lineOfNextText();
        return new MalformedCsv(line, tap.rest().strip(), message);
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }

    /**
     * Keeps a copy of the characters the parser has read that belong to records not returned yet,
     * and counts the line breaks before them. Leaves out a byte order mark at the start.
     */
    private static final class TapReader extends Reader {
        private final Reader in;
        /**
         * The text not returned yet is kept[head, end); what is before head is dropped at the next
         * read (dropping each record as it was returned moved the rest of the buffer every time).
         */
        private char[] kept = new char[1 << 16];
        private int head;
        private int end;
        /** Line breaks before kept[head]. */
        private int linesBefore;
        /** Characters dropped, i.e. returned in records or skipped as blank lines. */
        private long taken;
        private boolean started;

        TapReader(Reader in) {
            this.in = in;
        }

        @Override
        public int read(char[] buf, int off, int len) throws IOException {
            int n = in.read(buf, off, len);
            if (!started && n > 0) {
                started = true;
                if (buf[off] == '\uFEFF') {
                    System.arraycopy(buf, off + 1, buf, off, n - 1);
                    n = n > 1 ? n - 1 : in.read(buf, off, len);
                }
            }
            if (n > 0) {
                int rest = end - head;
                if (rest + n > kept.length) {
                    kept = Arrays.copyOfRange(kept, head, Math.max(2 * kept.length, rest + n));
                } else {
                    System.arraycopy(kept, head, kept, 0, rest);
                }
                head = 0;
                end = rest;
                System.arraycopy(buf, off, kept, end, n);
                end += n;
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }

        /**
         * The record the parser just returned: it is the next one in the kept text, after any blank
         * lines. It ends at the first line break outside a quoted field, so its own line breaks are
         * those inside quoted fields, counted as it is scanned (CRLF, LF and a lone CR each once);
         * null when the text ends inside a quoted field (the parser has read to the end of the file
         * to return it).
         */
        Record take(String[] fields) {
            skipLineBreaks();
            boolean fieldStart = true;
            boolean quoted = false;
            int breaks = 0;
            int i = head;
            for (; i < end; i++) {
                char c = kept[i];
                if (quoted) {
                    if (c == '"') {
                        if (i + 1 < end && kept[i + 1] == '"') {
                            i++;
                        } else {
                            quoted = false;
                        }
                    } else if (endsLine(i)) {
                        breaks++;
                    }
                } else if (c == '\r' || c == '\n') {
                    break;
                } else if (c == '"' && fieldStart) {
                    quoted = true;
                }
                fieldStart = !quoted && c == ',';
            }
            if (quoted) {
                return null;
            }
            Record record = new Record(linesBefore + 1, new String(kept, head, i - head), fields);
            linesBefore += breaks;
            taken += i - head;
            head = i;
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
                while (read(buf, 0, buf.length) > 0) {
                    // read() keeps it
                }
            } catch (IOException e) {
                // keep what was read
            }
            return new String(kept, head, end - head);
        }

        /** Passes over blank lines at the start of the text not returned yet, counting them. */
        private void skipLineBreaks() {
            int i = head;
            for (; i < end && (kept[i] == '\r' || kept[i] == '\n'); i++) {
                if (endsLine(i)) {
                    linesBefore++;
                }
            }
            taken += i - head;
            head = i;
        }

        /** Whether kept[i] ends a line: an LF, or a CR not followed by an LF (CRLF counts once). */
        private boolean endsLine(int i) {
            return kept[i] == '\n' || (kept[i] == '\r' && (i + 1 >= end || kept[i + 1] != '\n'));
        }
    }
}
