package org.caseload.ingest;

import org.caseload.EtlTestSupport;
import org.caseload.Inbox;
import org.caseload.TestDatabase;
import org.caseload.generate.PracticeGenerator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The rules of contract sections 3 and 9 that span rows, files and runs. */
class IngestRulesTest extends EtlTestSupport {

    @Test
    void aFileIsIngestedOnceWhateverItsNameAndARerunChangesNothing() throws Exception {
        inbox.roster().file("appointments-a.csv", Inbox.APPOINTMENT_HEADER,
                "A1,C1,K1,2026-03-09T10:00:00-04:00,53,90837,completed,,,");
        run();
        Map<String, Object> before = snapshot();

        inbox.file("appointments-copy.csv", Inbox.APPOINTMENT_HEADER,
                "A1,C1,K1,2026-03-09T10:00:00-04:00,53,90837,completed,,,");
        EtlReport second = run();

        assertThat(second.files()).extracting(EtlReport.FileCounts::status).containsOnly("skipped");
        assertThat(counts(second, "appointments-copy.csv").sameAs()).isEqualTo("appointments-a.csv");
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void twoFilesWithOneContentInOneRunLoadTheFirstByNameAndSkipTheOther() throws Exception {
        // the files are hashed at once on every core; they are registered one after the other
        List<String> rows = List.of("A1,C1,K1,2026-03-09T10:00:00-04:00,53,90837,completed,,,",
                "A2,C1,K2,2026-03-09T11:00:00-04:00,53,90837,completed,,,");
        inbox.roster()
                .file("appointments-b.csv", Inbox.APPOINTMENT_HEADER, rows)
                .file("appointments-a.csv", Inbox.APPOINTMENT_HEADER, rows)
                .file("appointments-c.csv", Inbox.APPOINTMENT_HEADER,
                        "A3,C1,K3,2026-03-10T10:00:00-04:00,53,90837,completed,,,");

        EtlReport report = run();

        assertThat(counts(report, "appointments-a.csv").status()).isEqualTo("loaded");
        assertThat(counts(report, "appointments-b.csv").status()).isEqualTo("skipped");
        assertThat(counts(report, "appointments-b.csv").sameAs()).isEqualTo("appointments-a.csv");
        assertThat(counts(report, "appointments-c.csv").status()).isEqualTo("loaded");
        assertThat(count("select count(*) from appointment")).isEqualTo(3);
    }

    @Autowired
    Progress stagingProgress;

    @Test
    void stagingProgressCountsEveryRowOfEveryFileOnce() throws Exception {
        // it had been registered on each file's worker too: reset at every file, rows counted twice
        inbox.roster()
                .file("appointments-1.csv", Inbox.APPOINTMENT_HEADER,
                        "A1,C1,K1,2026-03-09T10:00:00-04:00,53,90837,completed,,,",
                        "A2,C1,K2,2026-03-09T11:00:00-04:00,53,90837,completed,,,")
                .file("appointments-2.csv", Inbox.APPOINTMENT_HEADER,
                        "A3,C1,K3,2026-03-10T10:00:00-04:00,53,90837,completed,,,");

        run();

        assertThat(stagingProgress.rows()).isEqualTo(count("select sum(rows_total) from inbox_file")).isGreaterThan(3);
    }

    @Test
    void aFirstLoadBuildsTheIndexesAfterTheRowsAndKeepsEveryOneOfThem() throws Exception {
        String indexes = "select tablename, indexname, indexdef from pg_indexes "
                + "where tablename in ('appointment', 'payment') order by 1, 2";
        String keys = "select conrelid::regclass::text, conname, pg_get_constraintdef(oid) from pg_constraint "
                + "where conrelid in ('appointment'::regclass, 'payment'::regclass) order by 1, 2";
        List<Map<String, Object>> indexesBefore = jdbc.queryForList(indexes);
        List<Map<String, Object>> keysBefore = jdbc.queryForList(keys);
        inbox.roster().file("appointments-1.csv", Inbox.APPOINTMENT_HEADER,
                        "A1,C1,K1,2026-03-09T10:00:00-04:00,53,90837,completed,,,",
                        "A1,C1,K1,2026-03-09T10:00:00-04:00,53,90837,no_show,,,")
                .file("payments-1.csv", Inbox.PAYMENT_HEADER, "P1,A1,2026-03-20,100.00,insurance,payment");

        run();

        assertThat(status("A1")).isEqualTo("no_show"); // the later row of the file, as in any load
        assertThat(count("select count(*) from payment")).isEqualTo(1);
        assertThat(jdbc.queryForList(indexes)).isEqualTo(indexesBefore).hasSizeGreaterThanOrEqualTo(4);
        assertThat(jdbc.queryForList(keys)).isEqualTo(keysBefore);
        assertThat(count("select count(*) from dropped_index")).isZero();
        // and the next run, into tables no longer empty, upserts on those keys
        inbox.file("appointments-2.csv", Inbox.APPOINTMENT_HEADER,
                "A1,C1,K1,2026-03-09T10:00:00-04:00,53,90837,completed,,,");
        run();
        assertThat(status("A1")).isEqualTo("completed");
    }

    /**
     * A first load checks each appointment against the roster while staging (those that load go
     * straight into appointment); a later load checks them in the merge. Both by one rule: the
     * appointment's day in the practice's time zone within the clinician's first and last day.
     */
    @Test
    void aFirstLoadAndALaterLoadJudgeAppointmentsByTheSameEmploymentDays() throws Exception {
        String roster = "C2,Bo Berg,,2026-01-05,2026-03-31,30,,split-60,";
        String[] rows = {
                "A1,C1,K1,2026-01-05T09:00:00-05:00,53,90837,completed,,,", // the first day
                "A2,C1,K1,2026-01-05T03:00:00Z,53,90837,completed,,,", // 4 January in New York
                "A3,C2,K2,2026-03-31T20:00:00-04:00,53,90837,completed,,,", // the last day
                "A4,C2,K2,2026-04-01T01:00:00Z,53,90837,completed,,,", // 31 March in New York
                "A5,C2,K2,2026-04-01T10:00:00-04:00,53,90837,completed,,,", // the day after
                "A6,C9,K3,2026-03-09T10:00:00-04:00,53,90837,completed,,,"}; // not in the roster
        inbox.roster().file("clinicians-2.csv", Inbox.ROSTER_HEADER, roster)
                .file("appointments-1.csv", Inbox.APPOINTMENT_HEADER, List.of(rows));
        run();
        List<String> loaded = jdbc.queryForList("select appointment_id from appointment order by 1", String.class);
        List<Map<String, Object>> rejected = jdbc.queryForList("select line_no, reason, raw from reject order by 1");

        assertThat(loaded).containsExactly("A1", "A3", "A4");
        assertThat(rejected).extracting(r -> r.get("reason")).containsExactly(
                "OUTSIDE_EMPLOYMENT", "OUTSIDE_EMPLOYMENT", "UNKNOWN_CLINICIAN");
        assertThat(rejected).extracting(r -> r.get("raw")).containsExactly(rows[1], rows[4], rows[5]);

        // the same rows after a first load of another appointment
        TestDatabase.reset(jdbc);
        inbox = new Inbox(tmp.resolve("later"));
        inbox.roster().file("clinicians-2.csv", Inbox.ROSTER_HEADER, roster)
                .file("appointments-0.csv", Inbox.APPOINTMENT_HEADER,
                        "A0,C1,K1,2026-02-02T10:00:00-05:00,53,90837,completed,,,");
        run();
        inbox.file("appointments-1.csv", Inbox.APPOINTMENT_HEADER, List.of(rows));
        run();

        assertThat(jdbc.queryForList("select appointment_id from appointment where appointment_id <> 'A0' order by 1",
                String.class)).isEqualTo(loaded);
        assertThat(jdbc.queryForList("select line_no, reason, raw from reject order by 1")).isEqualTo(rejected);
    }

    /**
     * The roster a first load stages appointments by is read once a run and shared by the run's
     * staging workers: a later run that is a first load again (nothing loaded yet) goes by the
     * roster as that run merged it, not by the one read before.
     */
    @Test
    void aSecondFirstLoadJudgesAppointmentsByItsOwnRunsRoster() throws Exception {
        inbox.roster().file("appointments-1.csv", Inbox.APPOINTMENT_HEADER,
                "A1,C9,K1,2026-02-09T10:00:00-05:00,53,90837,completed,,,"); // waits for C9
        run();
        assertThat(jdbc.queryForObject("select count(*) from appointment", Integer.class)).isZero();

        // C1's hire date corrected to 2 March; an appointment of C1 in February
        inbox.file("clinicians-2.csv", Inbox.ROSTER_HEADER, "C1,Ada Lovelace,ada@x.example,2026-03-02,,30,,split-60,")
                .file("appointments-2.csv", Inbox.APPOINTMENT_HEADER,
                        "A2,C1,K2,2026-02-10T10:00:00-05:00,53,90837,completed,,,");
        run();

        assertThat(jdbc.queryForObject("select hire_date::text from clinician where clinician_id = 'C1'", String.class))
                .isEqualTo("2026-03-02");
        assertThat(jdbc.queryForList("select appointment_id from appointment", String.class)).isEmpty();
        assertThat(rejectReason("appointments-2.csv", 2)).isEqualTo("OUTSIDE_EMPLOYMENT");
    }

    /**
     * A first load writes every payment straight into payment while staging, and the merge sets
     * aside the few that may not load, their raw lines read again from the file; a later load
     * stages them all. Both end with the same payments, rejects (raw lines as in the file) and
     * counts.
     */
    @Test
    void aFirstLoadAndALaterLoadJudgePaymentsAlike() throws Exception {
        String appointment = "A1,C1,K1,2026-03-09T10:00:00-04:00,53,90837,completed,,,";
        String[] rows = {
                "P1,A1,2026-03-20,100.00,insurance,payment",
                "\"P2\",A404,2026-03-20,80.00,\"insurance\",payment", // unknown appointment, quoted fields
                "P3,A1,2026-03-20,100.00,insurance,payment",
                "P3,A1,2026-03-20,100.00,insurance,payment", // a duplicate of the row above
                "P3,A1,2026-03-21,90.00,insurance,payment", // a conflict with it
                "P4,A1,2026-03-22,-20.00,insurance,refund"};
        String payments = "select payment_id, appointment_id, posted_date, amount, payer, kind, source_line from payment "
                + "where payment_id <> 'P0' order by 1";
        String rejects = "select r.line_no, r.reason, r.raw, r.detail from reject r join inbox_file f using (file_id) "
                + "where f.file_name = 'payments-1.csv' order by 1";
        String counts = "select rows_total, rows_loaded, rows_rejected, rows_duplicate from inbox_file "
                + "where file_name = 'payments-1.csv'";
        inbox.roster().file("appointments-1.csv", Inbox.APPOINTMENT_HEADER, appointment)
                .file("payments-1.csv", Inbox.PAYMENT_HEADER, List.of(rows));
        run();
        List<Map<String, Object>> loaded = jdbc.queryForList(payments);
        List<Map<String, Object>> rejected = jdbc.queryForList(rejects);
        Map<String, Object> fileCounts = jdbc.queryForMap(counts);

        assertThat(loaded).extracting(r -> r.get("payment_id")).containsExactly("P1", "P3", "P4");
        assertThat(rejected).extracting(r -> r.get("reason")).containsExactly("UNKNOWN_APPOINTMENT", "CONFLICTING_PAYMENT");
        assertThat(rejected).extracting(r -> r.get("raw")).containsExactly(rows[1], rows[4]);
        assertThat(fileCounts).containsEntry("rows_total", 6).containsEntry("rows_loaded", 3)
                .containsEntry("rows_rejected", 2).containsEntry("rows_duplicate", 1);
        assertThat(count("select count(*) from stage_payment where pending")).isEqualTo(1);

        // the same rows after a first load of another payment
        TestDatabase.reset(jdbc);
        inbox = new Inbox(tmp.resolve("later"));
        inbox.roster().file("appointments-1.csv", Inbox.APPOINTMENT_HEADER, appointment)
                .file("payments-0.csv", Inbox.PAYMENT_HEADER, "P0,A1,2026-03-19,10.00,client,payment");
        run();
        inbox.file("payments-1.csv", Inbox.PAYMENT_HEADER, List.of(rows));
        run();

        assertThat(jdbc.queryForList(payments)).isEqualTo(loaded);
        assertThat(jdbc.queryForList(rejects)).isEqualTo(rejected);
        assertThat(jdbc.queryForMap(counts)).isEqualTo(fileCounts);
        assertThat(count("select count(*) from stage_payment where pending")).isEqualTo(1);
    }

    /**
     * Payments whose appointments come in a later run: a first load sets every one of them aside,
     * each with its raw line from the file; one file holds more than a batch (10,000 rows), so
     * the rows stream from the database and their raw lines go back in several COPYs.
     */
    @Test
    void aFirstLoadOfPaymentsAloneKeepsEveryOneWaitingWithItsRawLine() throws Exception {
        Path generated = tmp.resolve("generated");
        PracticeGenerator.generate(new PracticeGenerator.Settings(120, 9, 7, AS_OF, ZoneId.of("America/New_York"),
                List.of("salaried")), generated);
        List<String> lines = new ArrayList<>();
        int largestFile = 0;
        inbox.roster();
        try (Stream<Path> files = Files.list(generated)) {
            for (Path f : files.filter(f -> f.getFileName().toString().matches("payments-\\d.*")).toList()) {
                Files.copy(f, inbox.dir.resolve(f.getFileName()));
                List<String> all = Files.readAllLines(f);
                lines.addAll(all.subList(1, all.size()));
                largestFile = Math.max(largestFile, all.size() - 1);
            }
        }
        assertThat(largestFile).isGreaterThan(10_000);

        run();

        assertThat(count("select count(*) from payment")).isZero();
        assertThat(jdbc.queryForList("select raw from reject", String.class)).containsExactlyInAnyOrderElementsOf(lines);
        assertThat(count("select count(*) from reject where reason = 'UNKNOWN_APPOINTMENT'"))
                .isEqualTo(count("select count(*) from stage_payment where pending")).isPositive();
    }

    /** The merge reads a set-aside payment's raw line again: a file changed since staging stops it, naming the line. */
    @Test
    void aFirstLoadWhosePaymentFileChangedBeforeTheMergeStopsAndSaysWhere() throws Exception {
        inbox.roster().file("payments-1.csv", Inbox.PAYMENT_HEADER, "P1,A1,2026-03-20,100.00,insurance,payment",
                "P2,A404,2026-03-20,80.00,insurance,payment");
        jdbc.execute("create or replace function refuse() returns trigger language plpgsql as "
                + "$$ begin raise exception 'injected failure'; end $$");
        jdbc.execute("create trigger refuse before truncate on stage_payment for each statement execute function refuse()");
        try {
            assertThat(etl.run(inbox.dir, AS_OF, false).run().succeeded()).isFalse();
        } finally {
            jdbc.execute("drop trigger refuse on stage_payment");
            jdbc.execute("drop function refuse()");
        }
        inbox.file("payments-1.csv", Inbox.PAYMENT_HEADER, "P1,A1,2026-03-20,100.00,insurance,payment");

        EtlRunner.Outcome again = etl.run(inbox.dir, AS_OF, false);

        assertThat(again.restarted().succeeded()).isFalse();
        assertThat(again.restarted().failures()).anySatisfy(f -> assertThat(f)
                .contains("payments-1.csv, line 3: payment P2").contains("etl --fresh"));
        assertThat(count("select count(*) from payment")).isEqualTo(2); // nothing lost: still staged
    }

    private Map<String, Object> snapshot() {
        return Map.of(
                "appointments", jdbc.queryForList("select * from appointment order by appointment_id"),
                "clinicians", jdbc.queryForList("select * from clinician order by clinician_id"),
                "terms", jdbc.queryForList("select * from clinician_terms order by clinician_id, effective_date"),
                "payments", jdbc.queryForList("select * from payment order by payment_id"),
                "rejects", jdbc.queryForList("select file_id, line_no, reason, resolved_at from reject order by 1, 2"));
    }

    @Test
    void aLaterRowReplacesTheAppointmentAndARejectedLaterRowLeavesTheEarlierInForce() throws Exception {
        inbox.roster().file("appointments-1.csv", Inbox.APPOINTMENT_HEADER,
                "A1,C1,K1,2026-03-09T10:00:00-04:00,53,90837,scheduled,,,",
                "A2,C1,K2,2026-03-09T11:00:00-04:00,53,90837,scheduled,,,");
        run();
        inbox.file("appointments-2.csv", Inbox.APPOINTMENT_HEADER,
                "A1,C1,K1,2026-03-09T10:00:00-04:00,53,90837,completed,,,",
                "A2,C1,K2,2026-03-09T11:00:00-04:00,53,90837,vanished,,,");

        EtlReport report = run();

        assertThat(counts(report, "appointments-2.csv").loaded()).isEqualTo(1);
        assertThat(status("A1")).isEqualTo("completed");
        assertThat(status("A2")).isEqualTo("scheduled");
        assertThat(count("select count(*) from appointment")).isEqualTo(2);
    }

    @Test
    void withinOneRunTheLaterFileWinsAndAWholeRowIsReplaced() throws Exception {
        inbox.roster()
                .file("clinicians-2.csv", Inbox.ROSTER_HEADER, "C2,Bo Berg,,2026-01-05,,20,,tiered,")
                .file("appointments-1.csv", Inbox.APPOINTMENT_HEADER,
                        "A1,C1,K1,2026-03-09T10:00:00-04:00,53,90837,scheduled,,,")
                .file("appointments-2.csv", Inbox.APPOINTMENT_HEADER,
                        "A1,C2,K9,2026-03-10T15:00:00-04:00,45,90834,no_show,,,");

        run();

        assertThat(jdbc.queryForMap("select clinician_id, client_id, start_date::text as d, service_code, status "
                + "from appointment where appointment_id = 'A1'"))
                .containsEntry("clinician_id", "C2").containsEntry("client_id", "K9").containsEntry("d", "2026-03-10")
                .containsEntry("service_code", "90834").containsEntry("status", "no_show");
    }

    @Test
    void rosterHoursAndPlanAreEffectiveDatedAndOtherFieldsComeFromTheLatestRow() throws Exception {
        inbox.file("clinicians-1.csv", Inbox.ROSTER_HEADER, "C1,Ada Lovelace,ada@x.example,2026-01-05,,30,,split-60,");
        run(LocalDate.of(2026, 1, 31));
        inbox.file("clinicians-2.csv", Inbox.ROSTER_HEADER,
                "C1,Ada King,ada@king.example,2026-01-05,,24,,tiered,2026-03-02");
        run(LocalDate.of(2026, 2, 28));
        inbox.file("clinicians-3.csv", Inbox.ROSTER_HEADER,
                "C1,Ada King,ada@king.example,2026-01-05,2026-06-30,20,,tiered,");
        run(LocalDate.of(2026, 4, 15));

        assertThat(jdbc.queryForList(
                "select effective_date::text || ' ' || weekly_hours || ' ' || pay_plan from clinician_terms order by effective_date",
                String.class))
                .containsExactly("2026-01-05 30.00 split-60", "2026-03-02 24.00 tiered", "2026-04-15 20.00 tiered");
        assertThat(jdbc.queryForMap("select full_name, email, end_date::text as end_date from clinician"))
                .containsEntry("full_name", "Ada King").containsEntry("email", "ada@king.example")
                .containsEntry("end_date", "2026-06-30");
    }

    @Test
    void aRosterExportSentAgainAddsNoTerms() throws Exception {
        inbox.roster();
        run(LocalDate.of(2026, 1, 31));
        inbox.file("clinicians-again.csv", Inbox.ROSTER_HEADER, "C1,Ada Lovelace,ada@x.example,2026-01-05,,30,,split-60,",
                "C2,Bo Berg,,2026-02-01,,20,,tiered,");
        run(LocalDate.of(2026, 2, 28));

        assertThat(jdbc.queryForList("select clinician_id || ' ' || effective_date from clinician_terms order by 1",
                String.class)).containsExactly("C1 2026-01-05", "C2 2026-02-01");
    }

    @Test
    void rowsWaitingForAReferenceLoadOnALaterRunAndFileCountsFollow() throws Exception {
        inbox.roster()
                .file("appointments-1.csv", Inbox.APPOINTMENT_HEADER,
                        "A1,C2,K1,2026-03-09T10:00:00-04:00,53,90837,completed,,,")
                .file("payments-1.csv", Inbox.PAYMENT_HEADER, "P1,A1,2026-03-20,100.00,insurance,payment")
                .file("time_off-1.csv", Inbox.TIME_OFF_HEADER, "C2,2026-03-11,8,pto");
        EtlReport first = run();
        assertThat(first.files()).filteredOn(f -> !f.name().startsWith("clinicians"))
                .allSatisfy(f -> assertThat(f.rejected()).isEqualTo(1));
        assertThat(jdbc.queryForList("select reason from reject order by file_id", String.class))
                .containsExactly("UNKNOWN_CLINICIAN", "UNKNOWN_APPOINTMENT", "UNKNOWN_CLINICIAN");

        inbox.file("clinicians-2.csv", Inbox.ROSTER_HEADER, "C2,Bo Berg,,2026-01-05,,20,,tiered,");
        EtlReport second = run();

        assertThat(second.earlierRejectsLoaded()).isEqualTo(3);
        assertThat(count("select count(*) from appointment where appointment_id = 'A1'")).isEqualTo(1);
        assertThat(count("select count(*) from payment where payment_id = 'P1'")).isEqualTo(1);
        assertThat(count("select count(*) from time_off where clinician_id = 'C2'")).isEqualTo(1);
        assertThat(count("select count(*) from reject where resolved_at is null")).isZero();
        assertThat(jdbc.queryForList("select rows_total || '=' || rows_loaded || '+' || rows_rejected || '+' || rows_duplicate "
                + "from inbox_file where file_name like '%-1.csv' and status = 'loaded' order by file_id", String.class))
                .containsExactly("1=1+0+0", "1=1+0+0", "1=1+0+0");
        assertThat(count("select count(*) from stage_appointment") + count("select count(*) from stage_payment")
                + count("select count(*) from stage_time_off")).isZero();
    }

    @Test
    void aWaitingRowDoesNotOverrideANewerVersionWhenItsReferenceArrives() throws Exception {
        inbox.roster()
                .file("appointments-1.csv", Inbox.APPOINTMENT_HEADER,
                        "A1,C2,K1,2026-03-09T10:00:00-04:00,53,90837,scheduled,,,");
        run();
        inbox.file("clinicians-2.csv", Inbox.ROSTER_HEADER, "C2,Bo Berg,,2026-01-05,,20,,tiered,")
                .file("appointments-2.csv", Inbox.APPOINTMENT_HEADER,
                        "A1,C2,K1,2026-03-09T10:00:00-04:00,53,90837,completed,,,");

        run();

        assertThat(status("A1")).isEqualTo("completed");
    }

    @Test
    void anIdenticalPaymentIsCountedAsDuplicateAndNeverLoadedTwice() throws Exception {
        inbox.roster()
                .file("appointments-1.csv", Inbox.APPOINTMENT_HEADER,
                        "A1,C1,K1,2026-03-09T10:00:00-04:00,53,90837,completed,,,")
                .file("payments-1.csv", Inbox.PAYMENT_HEADER, "P1,A1,2026-03-20,100.00,insurance,payment",
                        "P1,A1,2026-03-20,100.00,insurance,payment",
                        "P2,A1,2026-03-21,-100.00,insurance,refund");
        EtlReport first = run();
        inbox.file("payments-2.csv", Inbox.PAYMENT_HEADER, "P1,A1,2026-03-20,100.00,insurance,payment",
                "P3,A1,2026-03-22,25.00,client,");
        EtlReport second = run();

        EtlReport.FileCounts one = counts(first, "payments-1.csv");
        assertThat(List.of(one.rows(), one.loaded(), one.rejected(), one.duplicates())).containsExactly(3, 2, 0, 1);
        EtlReport.FileCounts two = counts(second, "payments-2.csv");
        assertThat(List.of(two.rows(), two.loaded(), two.rejected(), two.duplicates())).containsExactly(2, 1, 0, 1);
        assertThat(jdbc.queryForObject("select sum(amount) from payment", Double.class)).isEqualTo(25.0);
        assertThat(jdbc.queryForObject("select kind from payment where payment_id = 'P3'", String.class))
                .isEqualTo("payment");
    }

    @Test
    void aPaymentIdRepeatedInOneRunLoadsItsFirstRowAndTheOthersAreDuplicatesOrConflicts() throws Exception {
        inbox.roster()
                .file("appointments-1.csv", Inbox.APPOINTMENT_HEADER,
                        "A1,C1,K1,2026-03-09T10:00:00-04:00,53,90837,completed,,,")
                .file("payments-1.csv", Inbox.PAYMENT_HEADER,
                        "P1,A404,2026-03-20,80.00,insurance,payment",
                        "P1,A1,2026-03-20,100.00,insurance,payment",
                        "P1,A1,2026-03-20,99.00,insurance,payment",
                        "P1,A1,2026-03-20,100.00,insurance,payment")
                .file("payments-2.csv", Inbox.PAYMENT_HEADER, "P1,A1,2026-03-21,100.00,insurance,payment");

        EtlReport report = run();

        assertThat(jdbc.queryForList("select amount || ' ' || source_line from payment", String.class))
                .containsExactly("100.00 3");
        assertThat(jdbc.queryForList("select f.file_name || ':' || line_no || ' ' || reason from reject r "
                + "join inbox_file f on f.file_id = r.file_id order by 1", String.class))
                .containsExactly("payments-1.csv:2 UNKNOWN_APPOINTMENT", "payments-1.csv:4 CONFLICTING_PAYMENT",
                        "payments-2.csv:2 CONFLICTING_PAYMENT");
        EtlReport.FileCounts one = counts(report, "payments-1.csv");
        assertThat(List.of(one.rows(), one.loaded(), one.rejected(), one.duplicates())).containsExactly(4, 1, 2, 1);
    }

    @Test
    void aPaymentIdWaitingTwiceLoadsItsFirstRowWhenTheAppointmentArrivesAndTheOthersAreJudgedAgainstIt()
            throws Exception {
        inbox.roster()
                .file("payments-1.csv", Inbox.PAYMENT_HEADER,
                        "P1,A1,2026-03-20,100.00,insurance,payment",
                        "P1,A1,2026-03-20,100.00,insurance,payment",
                        "P1,A1,2026-03-20,90.00,insurance,payment");
        run();
        assertThat(jdbc.queryForList("select reason from reject order by line_no", String.class))
                .containsExactly("UNKNOWN_APPOINTMENT", "UNKNOWN_APPOINTMENT", "UNKNOWN_APPOINTMENT");

        inbox.file("appointments-1.csv", Inbox.APPOINTMENT_HEADER,
                        "A1,C1,K1,2026-03-09T10:00:00-04:00,53,90837,completed,,,")
                .file("payments-2.csv", Inbox.PAYMENT_HEADER, "P1,A1,2026-03-20,100.00,insurance,payment");
        run();

        assertThat(jdbc.queryForList("select amount || ' ' || source_line from payment", String.class))
                .containsExactly("100.00 2");
        assertThat(jdbc.queryForList("select f.file_name || ':' || line_no || ' ' || reason "
                + "|| case when resolved_at is null then '' else ' resolved' end from reject r "
                + "join inbox_file f on f.file_id = r.file_id order by 1", String.class))
                .containsExactly("payments-1.csv:2 UNKNOWN_APPOINTMENT resolved",
                        "payments-1.csv:3 UNKNOWN_APPOINTMENT resolved",
                        "payments-1.csv:4 CONFLICTING_PAYMENT");
        assertThat(jdbc.queryForList("select file_name || ' ' || rows_total || '=' || rows_loaded || '+' || rows_rejected "
                + "|| '+' || rows_duplicate from inbox_file where file_name like 'payments%' and status = 'loaded' order by file_id", String.class))
                .containsExactly("payments-1.csv 3=1+1+1", "payments-2.csv 1=0+0+1");
        assertThat(count("select count(*) from stage_payment")).isZero();
    }

    @Test
    void aMissingInboxFailsTheRunWithItsName() throws Exception {
        EtlReport report = etl.run(tmp.resolve("nowhere"), AS_OF, false).run();

        assertThat(report.succeeded()).isFalse();
        assertThat(report.failures()).anySatisfy(f -> assertThat(f).contains("nowhere").contains("does not exist"));
    }

    @Test
    void aRunThatFailedInItsFirstStepIsFinishedByTheNextRunInTheSameProcess() throws Exception {
        assertThat(etl.run(inbox.dir, AS_OF, false).run().succeeded()).isFalse();   // no inbox yet
        inbox.roster();

        EtlRunner.Outcome next = etl.run(inbox.dir, AS_OF, false);

        assertThat(next.restarted().succeeded()).isTrue();
        assertThat(next.run()).isNull();
        assertThat(count("select count(*) from batch_job_instance")).isEqualTo(1);
        assertThat(count("select count(*) from clinician")).isEqualTo(1);
    }

    private String status(String appointment) {
        return jdbc.queryForObject("select status from appointment where appointment_id = ?", String.class, appointment);
    }
}
