package org.caseload.ingest;

/** A row after its own checks: ready for staging, or rejected with a reason. */
public sealed interface ParsedRow {

    InboxFile file();

    int lineNo();

    String raw();

    /**
     * Values in {@link InboxKind#stageColumns()} order, typed as {@link CopyBinary} writes them
     * (String, Integer, BigDecimal, LocalDate, OffsetDateTime); null for empty.
     */
    record Staged(InboxFile file, int lineNo, String raw, Object[] values) implements ParsedRow {
    }

    record Rejected(InboxFile file, int lineNo, String raw, Reject reason, String detail) implements ParsedRow {
    }
}
