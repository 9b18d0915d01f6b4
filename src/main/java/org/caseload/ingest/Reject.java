package org.caseload.ingest;

/**
 * Why a row did not load. Retryable reasons mean only that something the row refers to is not
 * known yet: such rows are tried again on every later run and load once it arrives.
 */
public enum Reject {
    MISSING_COLUMN("the file has no column the row needs"),
    MISSING_VALUE("a required value is empty"),
    BAD_DATE("a date is not YYYY-MM-DD"),
    BAD_DATETIME("a date-time is not ISO-8601 with a time part"),
    BAD_INTEGER("a whole number was expected"),
    BAD_NUMBER("a decimal number was expected"),
    BAD_AMOUNT("an amount was expected: signed, a dot, at most two decimals"),
    OUT_OF_RANGE("a number is outside its allowed range"),
    VALUE_TOO_LONG("a value is longer than allowed"),
    UNKNOWN_STATUS("the appointment status is not one Caseload knows"),
    UNKNOWN_PLAN("the pay plan is not configured under caseload.plans"),
    UNKNOWN_PAYER("payer is neither insurance nor client"),
    UNKNOWN_KIND("the kind is not one of the allowed values"),
    END_BEFORE_HIRE("end_date is before hire_date"),
    MALFORMED_CSV("the file is not valid CSV from this line on"),
    UNKNOWN_CLINICIAN("the clinician is not in the roster (yet)"),
    UNKNOWN_APPOINTMENT("the appointment is not known (yet)"),
    OUTSIDE_EMPLOYMENT("the appointment starts outside the clinician's employment"),
    CONFLICTING_PAYMENT("the payment_id was loaded before with other values");

    private final String meaning;

    Reject(String meaning) {
        this.meaning = meaning;
    }

    public String meaning() {
        return meaning;
    }

    public boolean retryable() {
        return this == UNKNOWN_CLINICIAN || this == UNKNOWN_APPOINTMENT;
    }
}
