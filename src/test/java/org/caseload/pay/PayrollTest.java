package org.caseload.pay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

import org.caseload.EtlTestSupport;
import org.caseload.Inbox;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Contract section 6 on hand-worked examples, with the plans of jobs/practice.yml: salaried
 * (78,000 a year), split-60 (60%), base-plus (3,000 + 50% above 80 sessions a month), tiered
 * (55% to 20, 60% to 25, 65% above, cap 30 a week), fee-for-service (per session, 50% of no-show
 * fees, a quarterly bonus of 1,500 at 75%-90% utilization).
 */
class PayrollTest extends EtlTestSupport {

    static final YearMonth MARCH = YearMonth.of(2026, 3);
    static final YearMonth APRIL = YearMonth.of(2026, 4);

    @Autowired
    PayrollRunner payroll;

    private final List<String> appointments = new ArrayList<>();
    private final List<String> payments = new ArrayList<>();
    private int nextPayment;

    @BeforeEach
    void roster() {
        inbox.file("clinicians.csv", Inbox.ROSTER_HEADER,
                "S1,Sal Aried,,2026-03-16,,30,,salaried,",
                "C1,Cam Mission,,2025-01-06,,30,,split-60,",
                "B1,Bea Plus,,2025-01-06,,40,,base-plus,",
                "T1,Tia Tiered,,2025-01-06,,40,,tiered,",
                "F1,Fee Forservice,,2025-01-06,,10,,fee-for-service,",
                "F2,Fred Forservice,,2025-01-06,,10,,fee-for-service,",
                "F3,Flo Forservice,,2025-01-06,,10,,fee-for-service,");
    }

    private void appointment(String id, String clinician, LocalDateTime start, int minutes, String code, String status,
            String group) {
        appointments.add(String.join(",", id, clinician, "K-" + id, start.toString() + ":00", Integer.toString(minutes), code,
                status, "", group == null ? "" : group, ""));
    }

    private void payment(String appointment, String posted, String amount, String kind) {
        payments.add(String.join(",", "P" + (++nextPayment), appointment, posted, amount,
                kind.equals("no_show_fee") ? "client" : "insurance", kind));
    }

    private void load(String asOf) throws Exception {
        inbox.file("appointments-" + nextPayment + "-" + appointments.size() + ".csv", Inbox.APPOINTMENT_HEADER,
                appointments);
        inbox.file("payments-" + nextPayment + "-" + payments.size() + ".csv", Inbox.PAYMENT_HEADER, payments);
        assertThat(run(LocalDate.parse(asOf)).succeeded()).isTrue();
    }

    private PayrollRunner.Result pay(YearMonth month) throws Exception {
        PayrollRunner.Result r = payroll.run(month, false, tmp.resolve("reports"));
        assertThat(r.succeeded()).as(String.join("; ", r.failures())).isTrue();
        return r;
    }

    /** "type amount" of the clinician's lines of the month, in line order. */
    private List<String> lines(YearMonth month, String clinician) {
        return jdbc.queryForList("select line_type || ' ' || amount from payroll_line where month = ? and clinician_id = ? "
                + "order by line_id", String.class, month.atDay(1), clinician);
    }

    private String amountOf(YearMonth month, String payment) {
        List<String> amounts = jdbc.queryForList("select amount::text from payroll_line where month = ? and payment_id = ?",
                String.class, month.atDay(1), payment);
        return amounts.isEmpty() ? "none" : String.join(" ", amounts);
    }

    @Test
    void salaryIsProratedByEmployedDays() throws Exception {
        load("2026-04-30");

        pay(MARCH);
        pay(APRIL);

        // 78,000 / 12 = 6,500 a month; hired on the 16th: 16 of 31 days = 3,354.838... -> 3,354.84
        assertThat(lines(MARCH, "S1")).containsExactly("salary 3354.84");
        assertThat(lines(APRIL, "S1")).containsExactly("salary 6500.00");
    }

    @Test
    void commissionOnEveryPaymentPostedInTheMonthAndRefundsClawBack() throws Exception {
        appointment("C1-1", "C1", LocalDateTime.of(2026, 2, 23, 9, 0), 53, "90837", "completed", null);
        appointment("C1-2", "C1", LocalDateTime.of(2026, 3, 2, 9, 0), 53, "90837", "no_show", null);
        payment("C1-1", "2026-03-10", "123.45", "payment");     // 74.07
        payment("C1-1", "2026-03-20", "-50.00", "refund");      // -30.00
        payment("C1-1", "2026-03-21", "0.01", "adjustment");    // 0.006 -> 0.01, half up
        payment("C1-2", "2026-03-05", "50.00", "no_show_fee");  // not a session: at the plan's rate, 30.00
        payment("C1-1", "2026-04-01", "10.00", "payment");      // April's
        load("2026-04-30");

        pay(MARCH);

        // in the order of their posted dates
        assertThat(lines(MARCH, "C1")).containsExactly("commission 30.00", "commission 74.07", "commission -30.00",
                "commission 0.01");
    }

    @Test
    void basePlusPaysCommissionOnlyForSessionsRankedAboveTheThreshold() throws Exception {
        // 81 sessions in March, four a weekday from Monday the 2nd: the 80th is not above 80, the 81st is
        for (int i = 1; i <= 81; i++) {
            LocalDate day = LocalDate.of(2026, 3, 2).plusDays((i - 1) / 4 / 5 * 7 + (i - 1) / 4 % 5);
            appointment(String.format("B1-%02d", i), "B1", day.atTime(8 + (i - 1) % 4, 0), 45, "90834", "completed", null);
        }
        appointment("B1-NS", "B1", LocalDateTime.of(2026, 3, 31, 17, 0), 45, "90834", "no_show", null);
        payment("B1-80", "2026-04-10", "100.00", "payment");
        payment("B1-81", "2026-04-10", "100.00", "payment");
        payment("B1-NS", "2026-04-10", "40.00", "no_show_fee");   // not a session: below the threshold
        load("2026-04-30");

        pay(APRIL);

        assertThat(amountOf(APRIL, "P1")).isEqualTo("none");
        assertThat(amountOf(APRIL, "P2")).isEqualTo("50.00");
        assertThat(amountOf(APRIL, "P3")).isEqualTo("none");
        assertThat(lines(APRIL, "B1")).containsExactly("commission 50.00", "base 3000.00");
    }

    @Test
    void tieredPaysByTheSessionsRankInItsWeekWithTheCap() throws Exception {
        // Week of 2026-03-09: a group session first (two rows, one rank), then 30 more sessions.
        LocalDate monday = LocalDate.of(2026, 3, 9);
        appointment("T1-00a", "T1", monday.atTime(7, 0), 90, "90853", "completed", "G");
        appointment("T1-00b", "T1", monday.atTime(7, 0), 90, "90853", "no_show", "G");
        for (int i = 2; i <= 31; i++) {
            appointment(String.format("T1-%02d", i), "T1", monday.plusDays((i - 2) / 6).atTime(9 + (i - 2) % 6, 0), 30,
                    "90832", "completed", null);
        }
        appointment("T1-NS", "T1", monday.plusDays(4).atTime(18, 0), 30, "90832", "no_show", null);
        for (String id : List.of("T1-00a", "T1-00b", "T1-20", "T1-21", "T1-25", "T1-26", "T1-30", "T1-31", "T1-NS")) {
            payment(id, "2026-03-31", "100.00", "payment");
        }
        load("2026-04-30");

        pay(MARCH);

        assertThat(List.of("P1", "P2", "P3", "P4", "P5", "P6", "P7", "P8", "P9")).extracting(p -> amountOf(MARCH, p))
                .containsExactly(
                        "55.00", "55.00",   // the group session: rank 1, both rows
                        "55.00",            // rank 20: up to 20 includes 20
                        "60.00", "60.00",   // ranks 21 and 25
                        "65.00", "65.00",   // ranks 26 and 30 (the cap: not above it)
                        "55.00",            // rank 31, above the cap: the first tier's rate
                        "55.00");           // a no-show is not a session: the first tier's rate
    }

    @Test
    void perSessionPaysEachSessionOnceAndAShareOfNoShowFees() throws Exception {
        appointment("F1-1", "F1", LocalDateTime.of(2026, 3, 3, 9, 0), 53, "90837", "completed", null);
        appointment("F1-2", "F1", LocalDateTime.of(2026, 3, 3, 10, 0), 60, "90791", "completed", null);
        appointment("F1-3", "F1", LocalDateTime.of(2026, 3, 3, 11, 0), 50, "96130", "completed", null);  // default rate
        appointment("F1-4", "F1", LocalDateTime.of(2026, 3, 4, 17, 0), 90, "90853", "completed", "G1");  // a group:
        appointment("F1-5", "F1", LocalDateTime.of(2026, 3, 4, 17, 0), 90, "90853", "completed", "G1");  // paid once
        appointment("F1-6", "F1", LocalDateTime.of(2026, 3, 4, 17, 0), 90, "90853", "no_show", "G1");
        appointment("F1-7", "F1", LocalDateTime.of(2026, 3, 5, 9, 0), 53, "90837", "no_show", null);
        appointment("F1-8", "F1", LocalDateTime.of(2026, 2, 26, 9, 0), 53, "90837", "completed", null);  // February's
        payment("F1-7", "2026-03-06", "50.00", "no_show_fee");   // 25.00
        payment("F1-1", "2026-03-20", "118.00", "payment");      // no line under per-session
        load("2026-04-30");

        pay(MARCH);

        assertThat(lines(MARCH, "F1")).containsExactlyInAnyOrder("per-session 65.00", "per-session 75.00",
                "per-session 45.00", "per-session 30.00", "no-show-fee 25.00");
    }

    @Test
    void quarterlyBonusWhenLastQuartersUtilizationIsWithinTheBand() throws Exception {
        // F1 80%, F2 95% (outside), F3 exactly 75% (inside) of 10 h a week, every week of the first quarter
        for (LocalDate monday = LocalDate.of(2026, 1, 5); monday.isBefore(LocalDate.of(2026, 4, 1)); monday = monday.plusWeeks(1)) {
            appointment("F1-" + monday, "F1", monday.atTime(8, 0), 480, "90837", "completed", null);
            appointment("F2-" + monday, "F2", monday.atTime(8, 0), 480, "90837", "completed", null);
            appointment("F2b-" + monday, "F2", monday.plusDays(1).atTime(8, 0), 90, "90837", "completed", null);
            appointment("F3-" + monday, "F3", monday.atTime(8, 0), 450, "90837", "completed", null);
        }
        load("2026-04-30");

        pay(MARCH);
        pay(APRIL);

        assertThat(lines(APRIL, "F1")).containsExactly("bonus 1500.00");
        assertThat(lines(APRIL, "F2")).isEmpty();
        assertThat(lines(APRIL, "F3")).containsExactly("bonus 1500.00");
        assertThat(lines(MARCH, "F1")).noneMatch(l -> l.startsWith("bonus"));
    }

    @Test
    void aDraftRerunReplacesItsLinesAndUnattributedPaymentsAreListedNotPaid() throws Exception {
        appointment("C1-1", "C1", LocalDateTime.of(2026, 3, 2, 9, 0), 53, "90837", "completed", null);
        payment("C1-1", "2026-03-10", "100.00", "payment");
        payment("NO-SUCH", "2026-03-11", "80.00", "payment");
        load("2026-04-30");

        pay(MARCH);
        PayrollRunner.Result again = pay(MARCH);

        assertThat(lines(MARCH, "C1")).containsExactly("commission 60.00");
        assertThat(again.unattributed()).isEqualTo(1);
        assertThat(jdbc.queryForMap("select payment_id, amount::text as amount from payroll_unattributed"))
                .containsEntry("payment_id", "P2").containsEntry("amount", "80.00");
        assertThat(amountOf(MARCH, "P2")).isEqualTo("none");
    }

    @Test
    void finalizingLocksTheMonthAndALatePaymentIsPaidNextMonthAsPriorPeriod() throws Exception {
        appointment("C1-1", "C1", LocalDateTime.of(2026, 3, 2, 9, 0), 53, "90837", "completed", null);
        appointment("F1-1", "F1", LocalDateTime.of(2026, 3, 2, 9, 0), 53, "90837", "no_show", null);
        payment("C1-1", "2026-03-10", "100.00", "payment");
        load("2026-04-30");
        PayrollRunner.Result march = payroll.run(MARCH, true, tmp.resolve("reports"));
        assertThat(march.finalized()).isTrue();
        List<String> finalLines = lines(MARCH, "C1");

        // ingested after finalization, posted in March
        inbox.file("payments-late.csv", Inbox.PAYMENT_HEADER, "L1,C1-1,2026-03-28,40.00,insurance,payment",
                "L2,F1-1,2026-03-29,50.00,client,no_show_fee");
        assertThat(run(LocalDate.parse("2026-05-02")).succeeded()).isTrue();
        pay(MARCH);
        pay(APRIL);

        assertThat(lines(MARCH, "C1")).isEqualTo(finalLines);
        assertThat(jdbc.queryForList("select line_type || ' ' || payment_id || ' ' || amount from payroll_line "
                + "where month = '2026-04-01' and payment_id like 'L%' order by payment_id", String.class))
                .containsExactly("prior-period L1 24.00", "prior-period L2 25.00");
        assertThatThrownBy(() -> payroll.run(MARCH, true, tmp.resolve("reports")))
                .hasMessageContaining("finalized already");
        assertThatThrownBy(() -> payroll.run(YearMonth.now(), true, tmp.resolve("reports")))
                .hasMessageContaining("before the month has ended");
    }
}
