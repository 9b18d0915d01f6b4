package org.caseload.ingest;

/** A row after its own checks: ready for staging, or rejected with a reason. */
public sealed interface ParsedRow {

    InboxFile file();

    int lineNo();

    String raw();

    /** Values in {@link InboxKind#stageColumns()} order, as PostgreSQL reads them; null for empty. */
    record Staged(InboxFile file, int lineNo, String raw, String[] values) implements ParsedRow {
    }

    record Rejected(InboxFile file, int lineNo, String raw, Reject reason, String detail) implements ParsedRow {
    }
}
