package org.caseload.facts;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

import org.caseload.EtlTestSupport;
import org.caseload.Inbox;
import org.junit.jupiter.api.Test;

/** Contract section 4 on hand-built weeks: every fact, worked out here from the rows. */
class WeeklyFactsTest extends EtlTestSupport {

    static final String A = Inbox.APPOINTMENT_HEADER;

    private Map<String, Object> week(String clinician, String monday) {
        return jdbc.queryForMap("select * from clinician_week where clinician_id = ? and week_of = ?::date", clinician, monday);
    }

    @Test
    void everyFactOfAWeek() throws Exception {
        // Week of Monday 2026-03-02 (DST starts on its Sunday, 2026-03-08). C1 works 30 h a week.
        inbox.file("clinicians.csv", Inbox.ROSTER_HEADER, "C1,Ada Lovelace,,2025-01-06,,30,,split-60,",
                        "C2,Bo Berg,,2025-01-06,,30,,split-60,")
                .file("appointments-1.csv", A,
                        "A1,C1,K1,2026-03-02T09:00:00-05:00,53,90837,completed,,,",
                        "A2,C1,K2,2026-03-02T10:00:00-05:00,60,90791,completed,,,",     // intake
                        "A3,C1,K3,2026-03-03T09:00:00-05:00,45,90834,no_show,,,",
                        "A4,C1,K4,2026-03-03T10:00:00-05:00,45,90834,cancelled,2026-03-03T08:00:00-05:00,,", // late
                        "A5,C1,K5,2026-03-04T09:00:00-05:00,30,90832,cancelled,2026-02-27T09:00:00-05:00,,",
                        "A6,C1,K6,2026-03-04T10:00:00-05:00,30,90832,scheduled,,,",
                        "G1,C1,K7,2026-03-05T18:00:00-05:00,90,90853,completed,,GRP,",   // one group session:
                        "G2,C1,K8,2026-03-05T18:00:00-05:00,90,90853,no_show,,GRP,",     // longest row 90 min
                        "G3,C1,K9,2026-03-05T18:00:00-05:00,60,90853,completed,,GRP,",
                        "A7,C1,K1,2026-03-08T23:30:00,30,90832,completed,,,",            // Sunday night, local (EDT)
                        "A8,C1,K1,2026-03-09T09:00:00-04:00,53,90837,completed,,,",      // next week: K1 again
                        "B1,C2,K9,2026-03-09T09:00:00-04:00,53,90837,completed,,,")      // K9 was C1's first
                .file("payments-1.csv", Inbox.PAYMENT_HEADER,
                        "P1,A1,2026-03-06,100.00,insurance,payment",
                        "P2,A1,2026-03-07,-20.00,insurance,refund",
                        "P3,A2,2026-03-09,50.00,client,payment")                         // posted next week
                .file("time_off-1.csv", Inbox.TIME_OFF_HEADER,
                        "C1,2026-03-03,4,pto",
                        "*,2026-03-06,8,holiday");

        run(LocalDate.of(2026, 3, 15));

        Map<String, Object> w = week("C1", "2026-03-02");
        // 30 h over 5 weekdays, less C1's 4 h of PTO and the practice's 8 h closure on Friday
        assertThat((BigDecimal) w.get("available_hours")).isEqualByComparingTo("18");
        assertThat(w).containsEntry("employed_weekdays", 5)
                .containsEntry("completed_sessions", 4)                 // A1, A2, the group, A7
                .containsEntry("contact_minutes", 53 + 60 + 90 + 30)
                .containsEntry("scheduled_minutes", 53 + 60 + 45 + 45 + 90 + 30)
                .containsEntry("completed_rows", 5)                     // A1, A2, G1, G3, A7
                .containsEntry("no_show_rows", 2)                       // A3, G2
                .containsEntry("late_cancel_rows", 1)                   // A4: cancelled 2 h before
                .containsEntry("cancelled_rows", 1)                     // A5: cancelled 5 days before
                .containsEntry("intakes", 1)                            // A2 (90791)
                .containsEntry("new_clients", 4)                        // K1, K2, K7, K9
                .containsEntry("active_caseload", 4);
        assertThat((BigDecimal) w.get("time_off_hours")).isEqualByComparingTo("4");   // own only, not the closure
        assertThat((BigDecimal) w.get("collections")).isEqualByComparingTo("80.00");

        Map<String, Object> next = week("C1", "2026-03-09");
        assertThat((BigDecimal) next.get("available_hours")).isEqualByComparingTo("30"); // the DST week: still 30 h
        assertThat(next).containsEntry("completed_sessions", 1).containsEntry("new_clients", 0)
                .containsEntry("active_caseload", 4);                  // K1, K2, K7, K9 within 4 weeks
        assertThat((BigDecimal) next.get("collections")).isEqualByComparingTo("50.00");
        assertThat(week("C2", "2026-03-09")).containsEntry("new_clients", 0).containsEntry("active_caseload", 1);
    }

    @Test
    void weeksRunFromHireOrFirstDataToTheAsOfWeekOrEndDateIncludingEmptyWeeks() throws Exception {
        inbox.file("clinicians.csv", Inbox.ROSTER_HEADER,
                        "C1,Ada,,2025-01-06,,30,,split-60,",            // hired before the first data
                        "C2,Bo,,2026-02-18,2026-03-04,20,,split-60,")   // hired on a Wednesday, left on one
                .file("appointments.csv", A, "A1,C1,K1,2026-02-03T09:00:00-05:00,53,90837,completed,,,");

        run(LocalDate.of(2026, 3, 12));

        assertThat(jdbc.queryForList("select week_of::text from clinician_week where clinician_id = 'C1' order by 1",
                String.class)).containsExactly("2026-02-02", "2026-02-09", "2026-02-16", "2026-02-23", "2026-03-02",
                        "2026-03-09");
        assertThat(jdbc.queryForList("select week_of::text || ' ' || employed_weekdays || ' ' || available_hours "
                + "from clinician_week where clinician_id = 'C2' order by 1", String.class))
                .containsExactly("2026-02-16 3 12.00", "2026-02-23 5 20.00", "2026-03-02 3 12.00");
        assertThat(week("C1", "2026-03-09")).containsEntry("completed_sessions", 0).containsEntry("contact_minutes", 0);
    }

    @Test
    void hoursFollowTheTermsInEffectOnEachDay() throws Exception {
        inbox.file("clinicians.csv", Inbox.ROSTER_HEADER, "C1,Ada,,2025-01-06,,30,,split-60,",
                        "C1,Ada,,2025-01-06,,20,,split-60,2026-03-04")   // from Wednesday on
                .file("appointments.csv", A, "A1,C1,K1,2026-03-02T09:00:00-05:00,53,90837,completed,,,");

        run(LocalDate.of(2026, 3, 12));

        // Mon, Tue at 30/5 = 6 h; Wed, Thu, Fri at 20/5 = 4 h
        assertThat((BigDecimal) week("C1", "2026-03-02").get("available_hours")).isEqualByComparingTo("24");
        assertThat((BigDecimal) week("C1", "2026-03-09").get("available_hours")).isEqualByComparingTo("20");
    }

    @Test
    void trailingUtilizationIsARatioOfSumsAndSkipsWeeksWithoutAvailableHours() throws Exception {
        inbox.file("clinicians.csv", Inbox.ROSTER_HEADER, "C1,Ada,,2025-01-06,,10,,split-60,")
                .file("appointments.csv", A,
                        "A1,C1,K1,2026-03-02T09:00:00-05:00,480,90837,completed,,,",   // 9 h of 10: 90%
                        "A2,C1,K1,2026-03-03T09:00:00-05:00,60,90837,completed,,,",
                        "A3,C1,K1,2026-03-09T09:00:00-04:00,30,90837,completed,,,")    // 0.5 h of 2: 25%
                .file("time_off.csv", Inbox.TIME_OFF_HEADER, "C1,2026-03-10,8,pto",
                        "C1,2026-03-16,2,pto", "C1,2026-03-17,2,pto", "C1,2026-03-18,2,pto",  // a week all off
                        "C1,2026-03-19,2,pto", "C1,2026-03-20,2,sick");

        run(LocalDate.of(2026, 3, 20));

        assertThat(week("C1", "2026-03-16").get("available_hours")).satisfies(
                h -> assertThat((BigDecimal) h).isEqualByComparingTo("0"));
        Map<String, Object> t = jdbc.queryForMap("select * from clinician_week_trailing "
                + "where clinician_id = 'C1' and week_of = '2026-03-16' and window_weeks = 4");
        // (540 + 30) min / (10 + 2) h = 79.2%, not the average of 90% and 25% (57.5%)
        assertThat(t).containsEntry("weeks_counted", 2);
        assertThat(((BigDecimal) t.get("utilization")).doubleValue()).isCloseTo(570.0 / 720, within());
        assertThat(jdbc.queryForObject("select utilization from clinician_week_trailing "
                + "where week_of = '2026-03-02' and window_weeks = 4", BigDecimal.class)).isEqualByComparingTo("0.9");
    }

    @Test
    void aClientIsNewWithTheClinicianOfTheEarliestCompletedSessionTheSmallestAppointmentIdOnATie() throws Exception {
        inbox.file("clinicians.csv", Inbox.ROSTER_HEADER, "C1,Ada,,2025-01-06,,30,,split-60,",
                        "C2,Bo,,2025-01-06,,30,,split-60,")
                .file("appointments.csv", A,
                        "B0,C2,K1,2026-03-02T09:00:00-05:00,53,90837,no_show,,,",    // earlier, not completed
                        "B2,C2,K1,2026-03-03T09:00:00-05:00,53,90837,completed,,,",
                        "B1,C1,K1,2026-03-03T09:00:00-05:00,53,90837,completed,,,",  // same start: B1 < B2
                        "A1,C1,K2,2026-03-11T09:00:00-04:00,53,90837,completed,,,",
                        "A9,C2,K2,2026-03-10T09:00:00-04:00,53,90837,completed,,,"); // earlier start wins

        run(LocalDate.of(2026, 3, 20));

        assertThat(jdbc.queryForList("select client_id || ' ' || clinician_id || ' ' || week_of "
                + "from client_first_visit order by client_id", String.class))
                .containsExactly("K1 C1 2026-03-02", "K2 C2 2026-03-09");
        assertThat(week("C1", "2026-03-02")).containsEntry("new_clients", 1);
        assertThat(week("C2", "2026-03-02")).containsEntry("new_clients", 0);
        assertThat(week("C2", "2026-03-09")).containsEntry("new_clients", 1);
    }

    @Test
    void activeCaseloadCountsEachClientOnceThroughTheFourWeeksEndingEachWeek() throws Exception {
        inbox.file("clinicians.csv", Inbox.ROSTER_HEADER, "C1,Ada,,2025-01-06,,30,,split-60,",
                        "C2,Bo,,2025-01-06,,30,,split-60,")
                .file("appointments.csv", A,
                        "A1,C1,K1,2026-02-02T09:00:00-05:00,53,90837,completed,,,",
                        "A2,C1,K1,2026-03-02T09:00:00-05:00,53,90837,completed,,,",  // 4 weeks on: no gap
                        "A3,C1,K2,2026-02-02T10:00:00-05:00,53,90837,completed,,,",
                        "A4,C1,K2,2026-02-04T10:00:00-05:00,53,90837,completed,,,",  // same week again
                        "A5,C1,K2,2026-03-09T10:00:00-04:00,53,90837,completed,,,",  // 5 weeks on: back
                        "A6,C1,K3,2026-02-09T10:00:00-05:00,53,90837,no_show,,,",    // never completed
                        "A7,C1,K3,2026-02-10T10:00:00-05:00,53,90837,cancelled,,,",
                        "B1,C2,K3,2026-02-10T10:00:00-05:00,53,90837,completed,,,"); // another clinician's

        run(LocalDate.of(2026, 4, 19));

        Map<String, Integer> expected = new LinkedHashMap<>();
        expected.put("2026-02-02", 2);   // K1, K2 (the first week of data)
        expected.put("2026-02-09", 2);
        expected.put("2026-02-16", 2);
        expected.put("2026-02-23", 2);   // the four weeks 02-02 .. 02-23
        expected.put("2026-03-02", 1);   // K1 again; K2's 02-02 and 02-04 are out of 02-09 .. 03-02
        expected.put("2026-03-09", 2);   // K2 is back
        expected.put("2026-03-16", 2);
        expected.put("2026-03-23", 2);   // K1's 03-02 is in 03-02 .. 03-23
        expected.put("2026-03-30", 1);   // K2 alone
        expected.put("2026-04-06", 0);
        expected.put("2026-04-13", 0);
        Map<String, Integer> actual = new LinkedHashMap<>();
        for (String monday : expected.keySet()) {
            actual.put(monday, ((Number) week("C1", monday).get("active_caseload")).intValue());
        }
        assertThat(actual).isEqualTo(expected);
        assertThat(week("C2", "2026-02-09")).containsEntry("active_caseload", 1);
        assertThat(week("C2", "2026-03-09")).containsEntry("active_caseload", 0);
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(1e-9);
    }
}
