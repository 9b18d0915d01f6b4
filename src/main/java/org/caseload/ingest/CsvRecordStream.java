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
 * exact raw text (a quoted field may span lines). Memory holds one record, not the file.
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
    /** The record read but not yet returned (one record of look-ahead finds where the previous one ends). */
    private CSVRecord ahead;
    private boolean failed;

    CsvRecordStream(Path file) throws IOException {
        InputStream in = BOMInputStream.builder().setInputStream(Files.newInputStream(file)).get();
        this.tap = new TapReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        this.parser = CSVParser.builder().setReader(tap).setFormat(FORMAT).get();
        this.records = parser.iterator();
    }

    /** The next record, or null at the end of the file. */
    Record next() throws MalformedCsv {
        if (failed) {
            return null;
        }
        CSVRecord current = ahead;
        ahead = null;
        try {
            if (current == null) {
                if (!records.hasNext()) {
                    return null;
                }
                current = records.next();
            }
            ahead = records.hasNext() ? records.next() : null;
        } catch (UncheckedIOException | IllegalStateException e) {
            failed = true;
            long start = current != null ? current.getCharacterPosition() : tap.start();
            String rest = tap.restFrom(start);
            return throwMalformed(start, rest, e);
        }
        long end = ahead != null ? ahead.getCharacterPosition() : tap.end();
        return tap.take(current.getCharacterPosition(), end, current);
    }

    private Record throwMalformed(long start, String rest, RuntimeException e) throws MalformedCsv {
        int line = tap.lineAt(start) + TapReader.leadingLineBreaks(rest);
        String message = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
        throw new MalformedCsv(line, TapReader.stripLineBreaks(rest), message);
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }

    /**
     * Keeps a copy of the characters the parser has read, from the start of the record being
     * returned on, and counts line breaks before it.
     */
    private static final class TapReader extends Reader {
        private final Reader in;
        private final StringBuilder kept = new StringBuilder();
        /** Absolute character position of kept[0]. */
        private long keptStart;
        /** Line breaks before keptStart. */
        private int linesBefore;
        private boolean lastWasCr;

        TapReader(Reader in) {
            this.in = in;
        }

        @Override
        public int read(char[] buf, int off, int len) throws IOException {
            int n = in.read(buf, off, len);
            if (n > 0) {
                kept.append(buf, off, n);
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }

        long start() {
            return keptStart;
        }

        long end() {
            return keptStart + kept.length();
        }

        int lineAt(long position) {
            return linesBefore + 1 + countBreaks(0, (int) (position - keptStart));
        }

        /** The record from start to end; drops what is before end. */
        Record take(long start, long end, CSVRecord fields) {
            String segment = kept.substring((int) (start - keptStart), (int) (end - keptStart));
            int line = lineAt(start) + leadingLineBreaks(segment);
            drop(end);
            return new Record(line, stripLineBreaks(segment), fields);
        }

        /** Everything from start to the end of the file. */
        String restFrom(long start) {
            try {
                char[] buf = new char[8192];
                while (in.read(buf, 0, buf.length) > 0) {
                    // read() appends to kept
                }
            } catch (IOException e) {
                // keep what was read
            }
            return kept.substring((int) (start - keptStart));
        }

        private void drop(long upTo) {
            int n = (int) (upTo - keptStart);
            if (n == 0) {
                return;
            }
            linesBefore += countBreaks(0, n);
            lastWasCr = kept.charAt(n - 1) == '\r';
            kept.delete(0, n);
            keptStart = upTo;
        }

        private int countBreaks(int from, int to) {
            int breaks = 0;
            for (int i = from; i < to; i++) {
                char c = kept.charAt(i);
                if (c == '\n') {
                    if (!lastWasCrAt(i)) {
                        breaks++;
                    }
                } else if (c == '\r') {
                    breaks++;
                }
            }
            return breaks;
        }

        /** "\r\n" is one break: the '\n' of such a pair is not counted again. */
        private boolean lastWasCrAt(int i) {
            return i > 0 ? kept.charAt(i - 1) == '\r' : lastWasCr;
        }

        static int leadingLineBreaks(String s) {
            int breaks = 0;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '\r') {
                    breaks++;
                    if (i + 1 < s.length() && s.charAt(i + 1) == '\n') {
                        i++;
                    }
                } else if (c == '\n') {
                    breaks++;
                } else {
                    break;
                }
            }
            return breaks;
        }

        static String stripLineBreaks(String s) {
            int from = 0;
            int to = s.length();
            while (from < to && (s.charAt(from) == '\r' || s.charAt(from) == '\n')) {
                from++;
            }
            while (to > from && (s.charAt(to - 1) == '\r' || s.charAt(to - 1) == '\n')) {
                to--;
            }
            return s.substring(from, to);
        }
    }
}
