package org.caseload.ingest;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.caseload.PracticeConfig;
import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * The checks a row can pass or fail on its own (contract sections 3 and 9): required values,
 * formats, ranges, known statuses and plans. Checks that need other rows (unknown clinician,
 * employment, repeated payments) run in SQL when the staged rows are merged (a first load checks
 * employment while staging too, to write the appointments that load straight into their table:
 * {@link FirstLoadRoster}).
 */
class RowParser implements ItemProcessor<InboxRow, ParsedRow> {

    private static final Map<String, String> STATUSES = Map.ofEntries(
            Map.entry("completed", "completed"), Map.entry("show", "completed"), Map.entry("attended", "completed"),
            Map.entry("kept", "completed"), Map.entry("no show", "no_show"), Map.entry("noshow", "no_show"),
            Map.entry("late cancel", "late_cancel"), Map.entry("late canceled", "late_cancel"),
            Map.entry("late cancelled", "late_cancel"), Map.entry("cancelled", "cancelled"),
            Map.entry("canceled", "cancelled"), Map.entry("scheduled", "scheduled"));
    private static final Set<String> CANONICAL_STATUSES = Set.copyOf(STATUSES.values());
    private static final Set<String> PAYERS = Set.of("insurance", "client");
    private static final Set<String> PAYMENT_KINDS = Set.of("payment", "refund", "no_show_fee", "adjustment");
    private static final Set<String> TIME_OFF_KINDS = Set.of("pto", "sick", "holiday", "training", "other");
    private static final BigDecimal MAX_WEEKLY_HOURS = BigDecimal.valueOf(80);
    private static final BigDecimal MAX_DAY_HOURS = BigDecimal.valueOf(24);

    private final PracticeConfig config;
    private final ZoneId zone;
    private final Duration lateCancel;

    RowParser(PracticeConfig config) {
        this.config = config;
        this.zone = config.zone();
        this.lateCancel = Duration.ofHours(config.policy().lateCancelHours());
    }

    @Override
    public ParsedRow process(InboxRow row) {
        if (row.malformed() != null) {
            return new ParsedRow.Rejected(row.file(), row.lineNo(), row.raw(), Reject.MALFORMED_CSV,
                    "not valid CSV from here to the end of the file (" + row.malformed() + ")");
        }
        try {
            Object[] values = switch (row.file().kind()) {
                case CLINICIANS -> clinician(new Fields(row));
                case APPOINTMENTS -> appointment(new Fields(row));
                case PAYMENTS -> payment(new Fields(row));
                case TIME_OFF -> timeOff(new Fields(row));
            };
            return new ParsedRow.Staged(row.file(), row.lineNo(), row.raw(), values);
        } catch (Rejected r) {
            return new ParsedRow.Rejected(row.file(), row.lineNo(), row.raw(), r.reason, r.getMessage());
        }
    }

    private Object[] clinician(Fields f) {
        String id = f.text("clinician_id");
        if (id.length() > 64) {
            throw new Rejected(Reject.VALUE_TOO_LONG, "clinician_id is " + id.length() + " characters; at most 64");
        }
        String name = f.text("full_name");
        String email = f.optional("email");
        LocalDate hire = f.date("hire_date");
        LocalDate end = f.optionalDate("end_date");
        if (end != null && end.isBefore(hire)) {
            throw new Rejected(Reject.END_BEFORE_HIRE, "end_date " + end + " is before hire_date " + hire);
        }
        BigDecimal hours = f.decimal("weekly_available_hours");
        if (hours.signum() < 0 || hours.compareTo(MAX_WEEKLY_HOURS) > 0) {
            throw new Rejected(Reject.OUT_OF_RANGE, "weekly_available_hours " + hours.toPlainString() + " is outside 0-80");
        }
        if (hours.scale() > 2) {
            throw new Rejected(Reject.BAD_NUMBER, "weekly_available_hours has more than two decimals");
        }
        String specialty = f.optional("specialty");
        String plan = f.text("pay_plan");
        if (!config.hasPlan(plan)) {
            throw new Rejected(Reject.UNKNOWN_PLAN, "pay_plan '" + plan + "' is not a plan under caseload.plans");
        }
        LocalDate effective = f.optionalDate("effective_date");
        return new Object[] {id, name, email, hire, end, hours, specialty, plan, effective};
    }

    private Object[] appointment(Fields f) {
        String id = f.text("appointment_id");
        String clinician = f.text("clinician_id");
        String client = f.text("client_id");
        OffsetDateTime start = f.dateTime("start");
        int duration = f.integer("duration_minutes");
        if (duration < 1 || duration > 480) {
            throw new Rejected(Reject.OUT_OF_RANGE, "duration_minutes " + duration + " is outside 1-480");
        }
        String code = f.text("service_code");
        String statusText = f.text("status");
        String status = CANONICAL_STATUSES.contains(statusText) ? statusText : STATUSES.get(words(statusText));
        if (status == null) {
            throw new Rejected(Reject.UNKNOWN_STATUS, "status '" + statusText + "' is not one of completed, no_show, "
                    + "late_cancel, cancelled, scheduled (or their synonyms)");
        }
        if (status.equals("cancelled")) {
            OffsetDateTime cancelledAt = f.optionalDateTime("cancelled_at");
            // start - cancelled_at < late-cancel-hours, on the instants: one after the start is late
            if (cancelledAt != null && cancelledAt.toInstant().plus(lateCancel).isAfter(start.toInstant())) {
                status = "late_cancel";
            }
        }
        String group = f.optional("group_id");
        BigDecimal charge = f.optionalAmount("charge");
        LocalDate startDate = LocalDate.ofInstant(start.toInstant(), zone);
        return new Object[] {id, clinician, client, start, duration, code, status, group, charge, startDate};
    }

    /**
     * A status as matched against its synonyms: lower case, each run of whitespace, '-' and '_'
     * one space, none at either end.
     */
    static String words(String status) {
        String lower = status.toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(lower.length());
        boolean gap = false;
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            if (c == ' ' || c == '-' || c == '_' || (c >= '\t' && c <= '\r')) {
                gap = !out.isEmpty();
            } else {
                if (gap) {
                    out.append(' ');
                    gap = false;
                }
                out.append(c);
            }
        }
        return out.toString().strip();
    }

    private Object[] payment(Fields f) {
        String id = f.text("payment_id");
        String appointment = f.text("appointment_id");
        LocalDate posted = f.date("posted_date");
        BigDecimal amount = f.amount("amount");
        String payer = f.text("payer").toLowerCase(Locale.ROOT);
        if (!PAYERS.contains(payer)) {
            throw new Rejected(Reject.UNKNOWN_PAYER, "payer '" + f.text("payer") + "' is neither insurance nor client");
        }
        String kind = f.oneOf("kind", "payment", PAYMENT_KINDS);
        return new Object[] {id, appointment, posted, amount, payer, kind};
    }

    private Object[] timeOff(Fields f) {
        String clinician = f.optional("clinician_id");
        if ("*".equals(clinician)) {
            clinician = null;
        }
        LocalDate day = f.date("date");
        BigDecimal hours = f.decimal("hours");
        if (hours.signum() <= 0 || hours.compareTo(MAX_DAY_HOURS) > 0) {
            throw new Rejected(Reject.OUT_OF_RANGE, "hours " + hours.toPlainString() + " is outside 0 < hours <= 24");
        }
        if (hours.scale() > 2) {
            throw new Rejected(Reject.BAD_NUMBER, "hours has more than two decimals");
        }
        String kind = f.oneOf("kind", "pto", TIME_OFF_KINDS);
        return new Object[] {clinician, day, hours, kind};
    }

    /** Typed access to a row's values; each getter throws {@link Rejected} naming the column. */
    private final class Fields {
        private final InboxRow row;

        Fields(InboxRow row) {
            this.row = row;
        }

        String text(String column) {
            String v = row.value(column);
            if (v == null) {
                throw new Rejected(Reject.MISSING_COLUMN, "the file has no " + column + " column");
            }
            if (v.isEmpty()) {
                throw new Rejected(Reject.MISSING_VALUE, column + " is empty");
            }
            return v;
        }

        String optional(String column) {
            String v = row.value(column);
            return v == null || v.isEmpty() ? null : v;
        }

        String oneOf(String column, String dflt, Set<String> allowed) {
            String v = optional(column);
            if (v == null) {
                return dflt;
            }
            String lower = v.toLowerCase(Locale.ROOT);
            if (!allowed.contains(lower)) {
                throw new Rejected(Reject.UNKNOWN_KIND, column + " '" + v + "' is not one of "
                        + String.join(", ", allowed.stream().sorted().toList()));
            }
            return lower;
        }

        LocalDate date(String column) {
            return parseDate(column, text(column));
        }

        LocalDate optionalDate(String column) {
            String v = optional(column);
            return v == null ? null : parseDate(column, v);
        }

        private LocalDate parseDate(String column, String v) {
            LocalDate date = Values.date(v);
            if (date != null) {
                return date;
            }
            throw new Rejected(Reject.BAD_DATE, column + " '" + v + "' is not a date YYYY-MM-DD");
        }

        OffsetDateTime dateTime(String column) {
            return parseDateTime(column, text(column));
        }

        OffsetDateTime optionalDateTime(String column) {
            String v = optional(column);
            return v == null ? null : parseDateTime(column, v);
        }

        /** With an offset as given; without one, local time in the practice zone (java.time's gap and overlap rules). */
        private OffsetDateTime parseDateTime(String column, String v) {
            OffsetDateTime usual = Values.dateTime(v, zone);
            if (usual != null) {
                return usual;
            }
            try {
                return OffsetDateTime.parse(v);
            } catch (DateTimeParseException e) {
                try {
                    return ZonedDateTime.of(LocalDateTime.parse(v), zone).toOffsetDateTime();
                } catch (DateTimeParseException e2) {
                    throw new Rejected(Reject.BAD_DATETIME, column + " '" + v
                            + "' is not an ISO-8601 date-time such as 2026-03-09T14:00:00-04:00");
                }
            }
        }

        int integer(String column) {
            String v = text(column);
            if (!Values.isInteger(v) || v.length() > 9) {
                throw new Rejected(Reject.BAD_INTEGER, column + " '" + v + "' is not a whole number");
            }
            return Integer.parseInt(v);
        }

        BigDecimal decimal(String column) {
            String v = text(column);
            if (!Values.isDecimal(v, Integer.MAX_VALUE)) {
                throw new Rejected(Reject.BAD_NUMBER, column + " '" + v + "' is not a number (a dot for decimals, no thousands separator)");
            }
            return new BigDecimal(v);
        }

        BigDecimal amount(String column) {
            return parseAmount(column, text(column));
        }

        BigDecimal optionalAmount(String column) {
            String v = optional(column);
            return v == null ? null : parseAmount(column, v);
        }

        private BigDecimal parseAmount(String column, String v) {
            if (!Values.isDecimal(v, 2) || v.length() > 13) {
                throw new Rejected(Reject.BAD_AMOUNT, column + " '" + v + "' is not an amount such as -120.50");
            }
            return new BigDecimal(v);
        }
    }

    private static final class Rejected extends RuntimeException {
        final Reject reason;

        Rejected(Reject reason, String detail) {
            super(detail, null, false, false);
            this.reason = reason;
        }
    }
}
