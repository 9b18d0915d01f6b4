package org.caseload.ingest;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.JdbcTemplate;

/** The four kinds of inbox file, recognised by name, loaded in this order (roster first). */
public enum InboxKind {

    CLINICIANS("clinicians", "stage_clinician",
            List.of("clinician_id", "full_name", "email", "hire_date", "end_date", "weekly_available_hours",
                    "specialty", "pay_plan", "effective_date"),
            Set.of("clinician_id", "full_name", "hire_date", "weekly_available_hours", "pay_plan"),
            List.of("clinician_id", "full_name", "email", "hire_date", "end_date", "weekly_hours", "specialty",
                    "pay_plan", "effective_date")),

    APPOINTMENTS("appointments", "stage_appointment",
            List.of("appointment_id", "clinician_id", "client_id", "start", "duration_minutes", "service_code",
                    "status", "cancelled_at", "group_id", "charge"),
            Set.of("appointment_id", "clinician_id", "client_id", "start", "duration_minutes", "service_code",
                    "status"),
            List.of("appointment_id", "clinician_id", "client_id", "start_at", "duration_minutes", "service_code",
                    "status", "group_id", "charge", "start_date")),

    PAYMENTS("payments", "stage_payment",
            List.of("payment_id", "appointment_id", "posted_date", "amount", "payer", "kind"),
            Set.of("payment_id", "appointment_id", "posted_date", "amount", "payer"),
            List.of("payment_id", "appointment_id", "posted_date", "amount", "payer", "kind")),

    TIME_OFF("time_off", "stage_time_off",
            List.of("clinician_id", "date", "hours", "kind"),
            Set.of("date", "hours"),
            List.of("clinician_id", "day", "hours", "kind"));

    private final String prefix;
    private final String stageTable;
    private final List<String> columns;
    private final Set<String> required;
    private final List<String> stageColumns;

    InboxKind(String prefix, String stageTable, List<String> columns, Set<String> required,
            List<String> stageColumns) {
        this.prefix = prefix;
        this.stageTable = stageTable;
        this.columns = columns;
        this.required = required;
        this.stageColumns = stageColumns;
    }

    /** The kind of a file named {@code clinicians*.csv} and so on (case-insensitive), if any. */
    public static Optional<InboxKind> ofFileName(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        if (!name.endsWith(".csv")) {
            return Optional.empty();
        }
        for (InboxKind kind : values()) {
            if (name.startsWith(kind.prefix)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    public static InboxKind ofName(String name) {
        for (InboxKind kind : values()) {
            if (kind.prefix.equals(name)) {
                return kind;
            }
        }
        throw new IllegalArgumentException(name);
    }

    /** The name stored in inbox_file.kind. */
    public String dbName() {
        return prefix;
    }

    public String stageTable() {
        return stageTable;
    }

    /** The table its rows load into (a first load of appointments or payments writes them there while staging). */
    public String table() {
        return stageTable.substring("stage_".length());
    }

    /**
     * Whether a first load into {@link #table()} is under way: its indexes dropped for it
     * ({@code sql/ingest/drop_indexes_for_first_load.sql}) and not yet built again.
     */
    boolean firstLoadUnderWay(JdbcTemplate jdbc) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "select exists (select 1 from dropped_index where table_name = ?)", Boolean.class, table()));
    }

    /** The input columns, in the order an {@link InboxRow} holds their values. */
    public List<String> columns() {
        return columns;
    }

    /**
     * The index of a column in {@link #columns()}, as the reader finds a header's columns. The
     * parser asks with the same string constants this list holds (Java interns them), and
     * {@code String.equals} compares references first, so each is found among ten at most
     * without hashing: a hash lookup for every value of every row was 7 % of the samples of the
     * staging path (JFR of the path alone over the 1,000 x 52 inbox).
     */
    public int column(String name) {
        int i = columns.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException(name);
        }
        return i;
    }

    public boolean isRequired(String column) {
        return required.contains(column);
    }

    /** The staging table's value columns, in the order a {@link ParsedRow.Staged} holds them. */
    public List<String> stageColumns() {
        return stageColumns;
    }
}
