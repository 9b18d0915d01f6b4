package org.caseload.facts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.caseload.EtlTestSupport;
import org.caseload.Inbox;
import org.junit.jupiter.api.Test;

/**
 * Contract section 5: each flag on its boundary, and not one step before it. Clinicians here
 * work 10 hours a week (600 minutes available) unless said otherwise, were hired in 2025 (fully
 * ramped), and the data starts on Monday 2026-01-05 (week 0).
 */
class FlagsTest extends EtlTestSupport {

    static final LocalDate WEEK0 = LocalDate.of(2026, 1, 5);

    private final List<String> appointments = new ArrayList<>();
    private final List<String> timeOff = new ArrayList<>();
    private int nextId;

    /** Completed appointments adding up to the given contact minutes in week 0, 1, 2, ... */
    private void contact(String clinician, int... minutesPerWeek) {
        for (int w = 0; w < minutesPerWeek.length; w++) {
            int left = minutesPerWeek[w];
            for (int day = 0; left > 0; day++) {
                int minutes = Math.min(left, 480);
                add(clinician, WEEK0.plusWeeks(w).plusDays(day % 5), minutes, "90837", "completed");
                left -= minutes;
            }
        }
    }

    /** The given number of 30-minute sessions in week 0, 1, 2, ... */
    private void sessions(String clinician, int... perWeek) {
        for (int w = 0; w < perWeek.length; w++) {
            for (int i = 0; i < perWeek[w]; i++) {
                add(clinician, WEEK0.plusWeeks(w).plusDays(i % 5), 30, "90832", "completed");
            }
        }
    }

    private void add(String clinician, LocalDate day, int minutes, String code, String status) {
        nextId++;
        appointments.add(String.format("X%05d,%s,K%05d,%sT08:00:00,%d,%s,%s,,,", nextId, clinician, nextId, day, minutes,
                code, status));
    }

    private void roster(String... rows) {
        inbox.file("clinicians.csv", Inbox.ROSTER_HEADER, List.of(rows));
    }

    private void load(int weeks) throws Exception {
        inbox.file("appointments.csv", Inbox.APPOINTMENT_HEADER, appointments)
                .file("time_off.csv", Inbox.TIME_OFF_HEADER, timeOff);
        assertThat(run(WEEK0.plusWeeks(weeks - 1L).plusDays(4)).succeeded()).isTrue();
    }

    /** The weeks (0-based) in which the clinician has the flag. */
    private List<Integer> flagged(String clinician, String code) {
        return jdbc.queryForList("select (week_of - ?::date) / 7 from flag where clinician_id = ? and code = ? order by 1",
                Integer.class, WEEK0.toString(), clinician, code);
    }

    private String detail(String clinician, String code, int week) {
        return jdbc.queryForObject("select detail from flag where clinician_id = ? and code = ? and week_of = ?",
                String.class, clinician, code, WEEK0.plusWeeks(week));
    }

    @Test
    void lowUtilizationBelowSeventyPercentInThreeWeeksWithAvailableHours() throws Exception {
        roster("C1,A,,2025-01-06,,10,,split-60,", "C2,B,,2025-01-06,,10,,split-60,",
                "C3,C,,2025-01-06,,10,,split-60,", "C4,D,,2025-01-06,,10,,split-60,",
                "C5,E,,2025-01-06,,10,,split-60,");
        contact("C1", 419, 419, 419, 500);       // 69.8% three times: flagged in week 2
        contact("C2", 419, 419, 420, 500);       // 70% is not below 70%
        contact("C3", 419, 400, 0, 410);         // week 2 all time off: skipped, flagged in week 3
        timeOff.addAll(List.of("C3,2026-01-19,2,pto", "C3,2026-01-20,2,pto", "C3,2026-01-21,2,pto",
                "C3,2026-01-22,2,pto", "C3,2026-01-23,2,pto"));
        contact("C4", 500, 500, 500, 500);
        contact("C5", 500, 500, 500, 500);
        load(4);

        assertThat(flagged("C1", "LOW_UTILIZATION")).containsExactly(2);
        assertThat(detail("C1", "LOW_UTILIZATION", 2))
                .isEqualTo("Utilization 70%, 70%, 70% for the last 3 weeks with available hours; threshold 70%");
        assertThat(flagged("C2", "LOW_UTILIZATION")).isEmpty();
        assertThat(flagged("C3", "LOW_UTILIZATION")).containsExactly(3);
        assertThat(detail("C3", "LOW_UTILIZATION", 3))
                .isEqualTo("Utilization 70%, 67%, 68% for the last 3 weeks with available hours; threshold 70%");
        assertThat(jdbc.queryForObject("select utilization from clinician_week_trailing where clinician_id = 'C3' "
                + "and week_of = ? and window_weeks = 4", Double.class, WEEK0.plusWeeks(3)))
                .isCloseTo((419 + 400 + 410) / 1800.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void belowRampFromMonthTwoAndNeverInMonthOne() throws Exception {
        // Hired Monday 2026-01-05: month 1 to 2026-02-04, month 2 (14-18 sessions) from the week of 2026-02-09.
        roster("C1,A,,2026-01-05,,30,,split-60,", "C2,B,,2026-01-05,,30,,split-60,");
        sessions("C1", 2, 2, 2, 2, 2, 13, 13, 13);   // weeks 0-4 month 1: never flagged
        sessions("C2", 2, 2, 2, 2, 2, 13, 13, 14);
        load(8);

        assertThat(flagged("C1", "BELOW_RAMP")).containsExactly(7);
        assertThat(detail("C1", "BELOW_RAMP", 7)).isEqualTo(
                "Completed sessions 13, 13, 13 in the last 3 weeks with available hours; ramp-up month 2 expects 14–18 a week");
        assertThat(flagged("C2", "BELOW_RAMP")).isEmpty();
        assertThat(jdbc.queryForList("select tenure_month from clinician_week where clinician_id = 'C1' order by week_of",
                Integer.class)).containsExactly(1, 1, 1, 1, 1, 2, 2, 2);
    }

    @Test
    void burnoutByTrailingUtilizationAboveNinetyPercent() throws Exception {
        roster("C1,A,,2025-01-06,,10,,split-60,", "C2,B,,2025-01-06,,10,,split-60,");
        contact("C1", 540, 540, 540, 541);       // 2161 of 2400 minutes: 90.04%
        contact("C2", 540, 540, 540, 540);       // exactly 90%: not above
        load(4);

        assertThat(flagged("C1", "BURNOUT_UTILIZATION")).containsExactly(3);
        assertThat(detail("C1", "BURNOUT_UTILIZATION", 3))
                .isEqualTo("Trailing 4-week utilization 90% (36.0 contact hours of 40.00 available); threshold 90%");
        assertThat(flagged("C2", "BURNOUT_UTILIZATION")).isEmpty();
    }

    @Test
    void burnoutByMoreThanThirtyContactHoursInThreeOfFourWeeks() throws Exception {
        roster("C1,A,,2025-01-06,,40,,split-60,", "C2,B,,2025-01-06,,40,,split-60,");
        contact("C1", 1801, 1000, 1801, 1801);   // 30 h 1 min in 3 of 4 weeks
        contact("C2", 1801, 1000, 1801, 1800);   // exactly 30 h is not more than 30
        load(4);

        assertThat(flagged("C1", "BURNOUT_HOURS")).containsExactly(3);
        assertThat(detail("C1", "BURNOUT_HOURS", 3))
                .isEqualTo("Contact hours 30.0, 16.7, 30.0, 30.0 in the last 4 weeks; more than 30 in 3 of them (threshold: 3)");
        assertThat(flagged("C2", "BURNOUT_HOURS")).isEmpty();
    }

    @Test
    void suddenDropAndSpikeAgainstTheEightWeekBaseline() throws Exception {
        roster("C1,A,,2025-01-06,,10,,split-60,", "C2,B,,2025-01-06,,10,,split-60,",
                "C3,C,,2025-01-06,,10,,split-60,", "C4,D,,2025-01-06,,10,,split-60,");
        int[] drop = {480, 480, 480, 480, 480, 480, 480, 480, 390, 390, 390, 390};   // 80% then 65%: 15 points
        int[] almost = {480, 480, 480, 480, 480, 480, 480, 480, 390, 390, 390, 391};
        int[] spike = {420, 420, 420, 420, 420, 420, 420, 420, 516, 516, 516, 516};  // 70% then 86%
        int[] toTarget = {420, 420, 420, 420, 420, 420, 420, 420, 510, 510, 510, 510}; // 85% is not above the band
        contact("C1", drop);
        contact("C2", almost);
        contact("C3", spike);
        contact("C4", toTarget);
        load(12);

        assertThat(flagged("C1", "SUDDEN_DROP")).containsExactly(11);
        assertThat(detail("C1", "SUDDEN_DROP", 11)).isEqualTo("Trailing 4-week utilization 65% against a baseline of 80% "
                + "over the 8 weeks before; a drop of 15% (threshold 15%)");
        assertThat(flagged("C2", "SUDDEN_DROP")).isEmpty();
        assertThat(flagged("C3", "SUDDEN_SPIKE")).containsExactly(11);
        assertThat(flagged("C4", "SUDDEN_SPIKE")).isEmpty();
    }

    @Test
    void noBaselineWithFewerThanFourWeeksOfAvailableHours() throws Exception {
        roster("C1,A,,2025-01-06,,10,,split-60,");
        contact("C1", 480, 480, 480, 390, 390, 390, 390);   // baseline of 3 weeks only
        load(7);

        assertThat(flagged("C1", "SUDDEN_DROP")).isEmpty();
    }

    @Test
    void highNoShowTenPointsAboveThePracticeWithTwentyRows() throws Exception {
        roster("C1,A,,2025-01-06,,40,,split-60,", "C2,B,,2025-01-06,,40,,split-60,",
                "C3,C,,2025-01-06,,40,,split-60,");
        // C1: 4 missed of 20 rows = 20%; practice: 4 of 40 = 10%; 20% >= 10% + 10 points
        for (int i = 0; i < 16; i++) {
            add("C1", WEEK0.plusDays(i % 5), 30, "90832", "completed");
        }
        for (int i = 0; i < 4; i++) {
            add("C1", WEEK0.plusDays(i % 5), 30, "90832", i % 2 == 0 ? "no_show" : "late_cancel");
        }
        sessions("C2", 20);
        load(1);

        assertThat(flagged("C1", "HIGH_NO_SHOW")).containsExactly(0);
        assertThat(detail("C1", "HIGH_NO_SHOW", 0)).isEqualTo("No-show and late-cancel rate 20% (4 of 20) over the "
                + "last 8 weeks against the practice's 10%; threshold 10% above the practice");
        assertThat(flagged("C2", "HIGH_NO_SHOW")).isEmpty();
    }

    @Test
    void noHighNoShowOneStepBefore() throws Exception {
        roster("C1,A,,2025-01-06,,40,,split-60,", "C2,B,,2025-01-06,,40,,split-60,",
                "C3,C,,2025-01-06,,40,,split-60,");
        for (int i = 0; i < 16; i++) {
            add("C1", WEEK0.plusDays(i % 5), 30, "90832", "completed");
        }
        for (int i = 0; i < 4; i++) {
            add("C1", WEEK0.plusDays(i % 5), 30, "90832", "no_show");
        }
        sessions("C2", 19);                 // practice 4 of 39 = 10.3%: C1's 20% is 9.7 points above
        load(1);

        assertThat(flagged("C1", "HIGH_NO_SHOW")).isEmpty();
    }

    @Test
    void noHighNoShowWithFewerThanTwentyRows() throws Exception {
        roster("C1,A,,2025-01-06,,40,,split-60,", "C2,B,,2025-01-06,,40,,split-60,");
        for (int i = 0; i < 16; i++) {      // 3 missed of 19 rows (15.8%), the practice 3 of 79 (3.8%)
            add("C1", WEEK0.plusDays(i % 5), 30, "90832", "completed");
        }
        for (int i = 0; i < 3; i++) {
            add("C1", WEEK0.plusDays(i % 5), 30, "90832", "no_show");
        }
        sessions("C2", 60);
        load(1);

        assertThat(flagged("C1", "HIGH_NO_SHOW")).isEmpty();
    }

    @Test
    void noNewIntakesInEightWeeksAndNoTimeOffInTwelve() throws Exception {
        roster("C1,A,,2025-01-06,,10,,split-60,", "C2,B,,2025-01-06,,10,,split-60,");
        contact("C1", 300, 300, 300, 300, 300, 300, 300, 300, 300, 300, 300, 300, 300);
        contact("C2", 300, 300, 300, 300, 300, 300, 300, 300, 300, 300, 300, 300, 300);
        add("C2", WEEK0, 60, "90791", "completed");   // an intake in week 0
        timeOff.add("C2,2026-01-06,4,pto");            // time off in week 0
        timeOff.add("*,2026-01-19,8,holiday");         // a closure is not the clinician's time off
        load(13);

        assertThat(flagged("C1", "NO_NEW_INTAKES")).startsWith(7);
        assertThat(flagged("C2", "NO_NEW_INTAKES")).startsWith(8);
        assertThat(flagged("C1", "NO_TIME_OFF")).containsExactly(11, 12);
        assertThat(flagged("C2", "NO_TIME_OFF")).containsExactly(12);
    }

    @Test
    void systemicLowUtilizationMarksThatWeeksLowFlagsPracticeWide() throws Exception {
        // One of three fully ramped clinicians below 70% (33% >= 30%): systemic.
        roster("C1,A,,2025-01-06,,10,,split-60,", "C2,B,,2025-01-06,,10,,split-60,",
                "C3,C,,2025-01-06,,10,,split-60,", "N1,New,,2026-01-05,,10,,split-60,");
        contact("C1", 300, 300, 300);
        contact("C2", 500, 500, 500);
        contact("C3", 500, 500, 500);
        contact("N1", 100, 100, 100);   // ramping up: not counted in the share
        load(3);

        assertThat(jdbc.queryForList("select week_of::text || ' ' || pattern || ' ' || detail from flag "
                + "where code = 'SYSTEMIC_LOW_UTILIZATION' and clinician_id is null and week_of = ?", String.class,
                WEEK0.plusWeeks(2))).containsExactly("2026-01-19 practice-wide 1 of 3 fully ramped clinicians (33%) "
                        + "have a trailing 4-week utilization below 70%; threshold 30%");
        assertThat(jdbc.queryForObject("select pattern from flag where clinician_id = 'C1' and code = 'LOW_UTILIZATION'",
                String.class)).isEqualTo("practice-wide");
    }

    @Test
    void notSystemicBelowTheShare() throws Exception {
        // One of four (25%) is below 30%: C1's flag stays individual.
        roster("C1,A,,2025-01-06,,10,,split-60,", "C2,B,,2025-01-06,,10,,split-60,",
                "C3,C,,2025-01-06,,10,,split-60,", "C4,D,,2025-01-06,,10,,split-60,");
        contact("C1", 300, 300, 300);
        contact("C2", 500, 500, 500);
        contact("C3", 500, 500, 500);
        contact("C4", 500, 500, 500);
        load(3);

        assertThat(count("select count(*) from flag where code = 'SYSTEMIC_LOW_UTILIZATION'")).isZero();
        assertThat(jdbc.queryForObject("select pattern from flag where clinician_id = 'C1' and code = 'LOW_UTILIZATION'",
                String.class)).isEqualTo("individual");
    }
}
