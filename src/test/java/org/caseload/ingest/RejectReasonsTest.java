package org.caseload.ingest;

import org.caseload.EtlTestSupport;
import org.caseload.Inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every reject reason, each from a row that should get it, stored with file, line and raw text. */
class RejectReasonsTest extends EtlTestSupport {

    static Stream<Arguments> badRows() {
        String a = Inbox.APPOINTMENT_HEADER;
        String p = Inbox.PAYMENT_HEADER;
        String c = Inbox.ROSTER_HEADER;
        String t = Inbox.TIME_OFF_HEADER;
        return Stream.of(
                Arguments.of(Reject.MISSING_COLUMN, "appointments-t.csv", "appointment_id,clinician_id,client_id,start,duration_minutes,service_code",
                        "A2,C1,K2,2026-03-09T10:00:00-04:00,53,90837"),
                Arguments.of(Reject.MISSING_VALUE, "appointments-t.csv", a, "A2,C1,,2026-03-09T10:00:00-04:00,53,90837,completed,,,"),
                Arguments.of(Reject.BAD_DATE, "payments-t.csv", p, "P2,A1,2026/03/10,100.00,insurance,payment"),
                Arguments.of(Reject.BAD_DATETIME, "appointments-t.csv", a, "A2,C1,K2,2026-03-09,53,90837,completed,,,"),
                Arguments.of(Reject.BAD_INTEGER, "appointments-t.csv", a, "A2,C1,K2,2026-03-09T10:00:00,53.5,90837,completed,,,"),
                Arguments.of(Reject.BAD_NUMBER, "clinicians-t.csv", c, "C2,Bo,,2026-01-05,,thirty,,split-60,"),
                Arguments.of(Reject.BAD_AMOUNT, "payments-t.csv", p, "P2,A1,2026-03-10,12.345,insurance,payment"),
                Arguments.of(Reject.OUT_OF_RANGE, "appointments-t.csv", a, "A2,C1,K2,2026-03-09T10:00:00,481,90837,completed,,,"),
                Arguments.of(Reject.VALUE_TOO_LONG, "clinicians-t.csv", c, "C" + "x".repeat(64) + ",Bo,,2026-01-05,,30,,split-60,"),
                Arguments.of(Reject.UNKNOWN_STATUS, "appointments-t.csv", a, "A2,C1,K2,2026-03-09T10:00:00,53,90837,LateCancel,,,"),
                Arguments.of(Reject.UNKNOWN_PLAN, "clinicians-t.csv", c, "C2,Bo,,2026-01-05,,30,,split-99,"),
                Arguments.of(Reject.UNKNOWN_PAYER, "payments-t.csv", p, "P2,A1,2026-03-10,100.00,medicare,payment"),
                Arguments.of(Reject.UNKNOWN_KIND, "time_off-t.csv", t, "C1,2026-03-10,8,vacation"),
                Arguments.of(Reject.END_BEFORE_HIRE, "clinicians-t.csv", c, "C2,Bo,,2026-01-05,2025-12-31,30,,split-60,"),
                Arguments.of(Reject.MALFORMED_CSV, "appointments-t.csv", a, "A2,C1,\"K2,2026-03-09T10:00:00,53,90837,completed,,,"),
                Arguments.of(Reject.UNKNOWN_CLINICIAN, "appointments-t.csv", a, "A2,C9,K2,2026-03-09T10:00:00,53,90837,completed,,,"),
                Arguments.of(Reject.UNKNOWN_APPOINTMENT, "payments-t.csv", p, "P2,A404,2026-03-10,100.00,insurance,payment"),
                Arguments.of(Reject.OUTSIDE_EMPLOYMENT, "appointments-t.csv", a, "A2,C1,K2,2025-12-01T10:00:00,53,90837,completed,,,"),
                Arguments.of(Reject.CONFLICTING_PAYMENT, "payments-t.csv", p, "P1,A1,2026-03-10,99.00,insurance,payment"));
    }

    @Test
    void everyReasonHasACase() {
        Set<Reject> covered = badRows().map(args -> (Reject) args.get()[0]).collect(Collectors.toSet());
        assertThat(covered).isEqualTo(EnumSet.allOf(Reject.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRows")
    void rowIsStoredAsRejectWithFileLineRawAndReason(Reject reason, String file, String header, String row) throws Exception {
        inbox.roster()
                .file("appointments-0.csv", Inbox.APPOINTMENT_HEADER, "A1,C1,K1,2026-03-09T09:00:00-04:00,53,90837,completed,,,")
                .file("payments-0.csv", Inbox.PAYMENT_HEADER, "P1,A1,2026-03-10,100.00,insurance,payment")
                .file(file, header, row);

        EtlReport report = run();

        assertThat(report.succeeded()).isTrue();
        assertThat(rejectReason(file, 2)).isEqualTo(reason.name());
        assertThat(jdbc.queryForObject("select r.raw from reject r join inbox_file f using (file_id) where f.file_name = ?",
                String.class, file)).isEqualTo(row);
        assertThat(jdbc.queryForObject("select r.retryable from reject r join inbox_file f using (file_id) where f.file_name = ?",
                Boolean.class, file)).isEqualTo(reason.retryable());
        EtlReport.FileCounts counts = counts(report, file);
        assertThat(counts.rows()).isEqualTo(1);
        assertThat(counts.rejected()).isEqualTo(1);
        assertThat(counts.loaded()).isZero();
        assertThat(report.rejects()).anySatisfy(r -> {
            assertThat(r.file()).isEqualTo(file);
            assertThat(r.line()).isEqualTo(2);
            assertThat(r.reason()).isEqualTo(reason.name());
            assertThat(r.detail()).isNotBlank();
        });
        // the good rows around it loaded
        assertThat(count("select count(*) from appointment where appointment_id = 'A1'")).isEqualTo(1);
        assertThat(count("select count(*) from payment where payment_id = 'P1' and amount = 100.00")).isEqualTo(1);
    }
}
