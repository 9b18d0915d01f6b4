package org.caseload.ingest;

import org.caseload.EtlTestSupport;
import org.caseload.Inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;

import org.junit.jupiter.api.Test;

/** Contract sections 3 and 9: what a file may look like and how values are read. */
class InboxFormatTest extends EtlTestSupport {

    @Test
    void headersAreCaseInsensitiveInAnyOrderWithUnknownColumnsIgnoredAndBlankLinesSkipped() throws Exception {
        inbox.roster().file("appointments.csv",
                "Status , START,Clinician_ID,notes,duration_minutes,client_id,SERVICE_CODE,appointment_id",
                "",
                " completed ,2026-03-09T10:00:00-04:00,C1,anything,53,K1,90837,A1",
                ",,,,,,,",
                "no show,2026-03-10T10:00:00-04:00,C1,,45,K2,90834,A2");

        EtlReport report = run();

        EtlReport.FileCounts counts = counts(report, "appointments.csv");
        assertThat(counts.rows()).isEqualTo(2);
        assertThat(counts.loaded()).isEqualTo(2);
        assertThat(jdbc.queryForList("select status from appointment order by appointment_id", String.class))
                .containsExactly("completed", "no_show");
    }

    @Test
    void statusSynonymsAndSpellingsAreAccepted() throws Exception {
        String[] statuses = {"show", "Attended", "KEPT", "no-show", "No_Show", "noshow", "late-canceled",
            "Late  Cancelled", "late_cancel", "canceled", "Scheduled"};
        String[] expected = {"completed", "completed", "completed", "no_show", "no_show", "no_show", "late_cancel",
            "late_cancel", "late_cancel", "cancelled", "scheduled"};
        String[] lines = new String[statuses.length + 1];
        lines[0] = Inbox.APPOINTMENT_HEADER;
        for (int i = 0; i < statuses.length; i++) {
            lines[i + 1] = String.format("A%02d,C1,K1,2026-03-%02dT10:00:00-05:00,53,90837,%s,,,", i, i + 1, statuses[i]);
        }
        inbox.roster().file("appointments.csv", lines);

        run();

        assertThat(jdbc.queryForList("select status from appointment order by appointment_id", String.class))
                .containsExactly(expected);
    }

    @Test
    void aCancellationLessThan24HoursBeforeTheStartIsALateCancel() throws Exception {
        inbox.roster().file("appointments.csv", Inbox.APPOINTMENT_HEADER,
                "A1,C1,K1,2026-03-12T10:00:00-04:00,53,90837,cancelled,2026-03-11T10:00:00-04:00,,",   // exactly 24 h
                "A2,C1,K1,2026-03-12T10:00:00-04:00,53,90837,cancelled,2026-03-11T10:01:00-04:00,,",   // 23 h 59 min
                "A3,C1,K1,2026-03-12T10:00:00-04:00,53,90837,cancelled,2026-03-12T11:00:00-04:00,,",   // after the start
                "A4,C1,K1,2026-03-12T10:00:00-04:00,53,90837,completed,not a date,,",                 // ignored
                "A5,C1,K1,2026-03-12T10:00:00-04:00,53,90837,cancelled,,,");

        run();

        assertThat(jdbc.queryForList("select status from appointment order by appointment_id", String.class))
                .containsExactly("cancelled", "late_cancel", "late_cancel", "completed", "cancelled");
    }

    @Test
    void localTimesWithoutOffsetAreReadInThePracticeZoneWithJavaTimeGapAndOverlapRules() throws Exception {
        inbox.roster().file("appointments.csv", Inbox.APPOINTMENT_HEADER,
                "A1,C1,K1,2026-03-08T02:30:00,53,90837,completed,,,",  // in the spring-forward gap: 03:30 EDT
                "A2,C1,K1,2026-11-01T01:30:00,53,90837,completed,,,",  // in the fall-back overlap: the earlier, EDT
                "A3,C1,K1,2026-03-15T23:30:00,53,90837,completed,,,",  // Sunday night local
                "A4,C1,K1,2026-03-16T03:30:00Z,53,90837,completed,,,"); // Sunday 23:30 in New York

        run();

        assertThat(instant("A1")).isEqualTo(OffsetDateTime.parse("2026-03-08T07:30:00Z"));
        assertThat(instant("A2")).isEqualTo(OffsetDateTime.parse("2026-11-01T05:30:00Z"));
        assertThat(jdbc.queryForList("select start_date::text from appointment where appointment_id in ('A3', 'A4')",
                String.class)).containsExactly("2026-03-15", "2026-03-15");
    }

    private OffsetDateTime instant(String appointment) {
        return jdbc.queryForObject("select start_at from appointment where appointment_id = ?", OffsetDateTime.class,
                appointment);
    }

    @Test
    void aFileWithoutARequiredColumnRejectsEveryRowNamingTheColumn() throws Exception {
        inbox.roster().file("payments.csv", "payment_id,appointment_id,posted_date,amount", "P1,A1,2026-03-10,10.00",
                "P2,A1,2026-03-10,10.00");

        EtlReport report = run();

        assertThat(counts(report, "payments.csv").rejected()).isEqualTo(2);
        assertThat(report.rejects()).allSatisfy(r -> assertThat(r.detail()).contains("payer"));
    }

    @Test
    void practiceWideTimeOffHasNoClinicianAndARepeatedDayReplacesTheEarlierHours() throws Exception {
        inbox.roster()
                .file("time_off-1.csv", Inbox.TIME_OFF_HEADER, "*,2026-01-19,8,holiday", ",2026-02-16,8,holiday",
                        "C1,2026-03-02,8,")
                .file("time_off-2.csv", Inbox.TIME_OFF_HEADER, "C1,2026-03-02,4,pto");

        run();

        assertThat(count("select count(*) from time_off where clinician_id is null and kind = 'holiday'")).isEqualTo(2);
        assertThat(jdbc.queryForObject("select hours from time_off where clinician_id = 'C1'", Double.class))
                .isEqualTo(4.0);
    }
}
