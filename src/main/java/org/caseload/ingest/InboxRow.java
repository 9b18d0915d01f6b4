package org.caseload.ingest;

/**
 * One data row of an inbox file as read: where it stands (first physical line, 1-based, the
 * header being line 1), its raw text, and the trimmed values of the kind's columns in
 * {@link InboxKind#columns()} order ({@code null} where the file has no such column).
 * {@code malformed} holds the parser's complaint when the rest of the file could not be read
 * as CSV.
 */
public record InboxRow(InboxFile file, int lineNo, String raw, String[] values, String malformed) {

    public String value(String column) {
        return values[file.kind().column(column)];
    }
}
