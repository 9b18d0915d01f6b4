package org.caseload.ingest;

import org.caseload.EtlTestSupport;
import org.caseload.Inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.caseload.TestDatabase;
import org.caseload.generate.PracticeGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A run that dies half-way through (here: the database refuses the third chunk; then the process
 * "is killed", leaving the execution STARTED) is finished by the next etl, from its last
 * committed chunk, and the tables end exactly as after an uninterrupted run.
 */
class RestartTest extends EtlTestSupport {

    static final LocalDate END = LocalDate.of(2026, 3, 27);

    @TempDir
    static Path practice;

    @TestConfiguration
    static class FailingChunk {
        @Bean
        ChunkFailure chunkFailure() {
            return new ChunkFailure();
        }
    }

    /**
     * Fails the write of chunk number {@code failAt} (1-based) of the appointment and payment
     * files while armed (the roster, staged before them, is a few small chunks).
     */
    static class ChunkFailure implements StagedChunkListener {
        final AtomicInteger chunks = new AtomicInteger();
        volatile int failAt;

        void failAt(int chunk) {
            chunks.set(0);
            failAt = chunk;
        }

        @Override
        public void staged(InboxFile file, int rows) {
            InboxKind kind = file.kind();
            if (kind != InboxKind.APPOINTMENTS && kind != InboxKind.PAYMENTS) {
                return;
            }
            if (failAt > 0 && chunks.incrementAndGet() == failAt) {
                throw new IllegalStateException("injected failure: connection lost at chunk " + failAt);
            }
        }
    }

    @Autowired
    ChunkFailure failure;

    @BeforeAll
    static void generatePractice() throws Exception {
        PracticeGenerator.generate(new PracticeGenerator.Settings(100, 13, 7, END, ZoneId.of("America/New_York"),
                List.of("salaried", "split-60", "base-plus", "tiered", "fee-for-service")), practice);
    }

    @Test
    void aKilledRunIsFinishedByTheNextRunAndEndsAsAnUninterruptedRun() throws Exception {
        Map<String, Object> uninterrupted = runUninterrupted();
        TestDatabase.reset(jdbc);

        failure.failAt(3);
        EtlRunner.Outcome failed = etl.run(practice, END, false);
        assertThat(failed.run().succeeded()).isFalse();
        assertThat(failed.run().failures()).anySatisfy(f -> assertThat(f).contains("injected failure"));
        // the roster is staged and merged first; a first load stages the appointments that load
        // straight into appointment, and the payments into payment
        int staged = count("select sum(rows_total) from inbox_file where kind in ('clinicians', 'time_off')")
                + count("select count(*) from stage_appointment") + count("select count(*) from stage_payment")
                + count("select count(*) from appointment") + count("select count(*) from payment")
                + count("select count(*) from reject r join inbox_file f "
                        + "using (file_id) where f.kind in ('appointments', 'payments')");
        // files are staged two at a time, each its own partition: the others went on
        assertThat(staged).isGreaterThanOrEqualTo(2 * EtlJobConfiguration.CHUNK_ROWS);
        assertThat(count("select count(*) from inbox_file where kind in ('appointments', 'payments') "
                + "and status = 'loaded'")).isZero();
        // as a kill -9 leaves it: the execution and its step still marked as running
        jdbc.update("update batch_job_execution set status = 'STARTED', exit_code = 'UNKNOWN', end_time = null");
        jdbc.update("update batch_step_execution set status = 'STARTED', end_time = null where status = 'FAILED'");
        failure.failAt(0);

        EtlRunner.Outcome finished = etl.run(practice, END, false);

        assertThat(finished.restarted()).isNotNull();
        assertThat(finished.restarted().succeeded()).isTrue();
        assertThat(finished.run()).isNull(); // same inbox and date: nothing left to start
        long rowsRead = jdbc.queryForObject("select sum(read_count) from batch_step_execution "
                + "where step_name in ('stageRosterRows', 'stageInboxRows') and job_execution_id = ?", Long.class,
                finished.restarted().executionId());
        long allRows = jdbc.queryForObject("select sum(rows_total) from inbox_file", Long.class);
        assertThat(staged).isLessThan((int) allRows);
        assertThat(rowsRead).isEqualTo(allRows - staged); // no row twice, none missing
        assertThat(tables()).isEqualTo(uninterrupted);
    }

    /**
     * Given up while staging appointments and payments: the roster, staged and merged before
     * them, stays loaded; the appointments and payments load again from the start (a first
     * load's appointments and payments, already in their tables, are taken out first).
     */
    @Test
    void aRunGivenUpWhileStagingLoadsAgainWhatItHadNotMerged() throws Exception {
        Map<String, Object> uninterrupted = runUninterrupted();
        TestDatabase.reset(jdbc);

        failure.failAt(2);
        assertThat(etl.run(practice, END, false).run().succeeded()).isFalse();
        assertThat(count("select count(*) from appointment")).isPositive();
        failure.failAt(0);
        EtlRunner.Outcome fresh = etl.run(practice, END, true);

        assertThat(fresh.restarted()).isNull();
        assertThat(fresh.run().succeeded()).isTrue();
        assertLoadedAgainBut(uninterrupted, List.of("clinicians", "time_off"));
    }

    /**
     * The merge's appointment and payment halves commit apart: one that fails (here the database
     * refuses its insert) leaves the other's rows in, and the next run finishes the failed half.
     */
    @ParameterizedTest
    @ValueSource(strings = {"appointment", "payment"})
    void aRunThatFailsInOneHalfOfTheMergeIsFinishedByTheNextRun(String table) throws Exception {
        Map<String, Object> uninterrupted = runUninterrupted();
        TestDatabase.reset(jdbc);

        failHalf(table);
        String other = table.equals("appointment") ? "payment" : "appointment";
        assertThat(loadedFiles(table + "s")).isZero();
        assertThat(loadedFiles(other + "s")).isPositive();
        assertThat(jdbc.queryForObject("select count(*) from " + other, Long.class)).isPositive();
        EtlRunner.Outcome finished = etl.run(practice, END, false);

        assertThat(finished.restarted().succeeded()).isTrue();
        assertThat(tables()).isEqualTo(uninterrupted);
    }

    /**
     * Given up after part of its merge committed: the payment half (the appointment half failed),
     * or both halves (the file counts failed). The files the merge committed stay loaded, with
     * their counts; the rest load again.
     */
    @ParameterizedTest
    @ValueSource(strings = {"appointment", "counts"})
    void aRunGivenUpAfterPartOfItsMergeCommittedLoadsOnlyTheRestAgain(String failing) throws Exception {
        Map<String, Object> uninterrupted = runUninterrupted();
        TestDatabase.reset(jdbc);

        if (failing.equals("appointment")) {
            failHalf("appointment");
        } else {
            runRefusing("update of rows_rejected", "inbox_file"); // only the counts set rows_rejected
        }
        EtlRunner.Outcome fresh = etl.run(practice, END, true);

        assertThat(fresh.run().succeeded()).isTrue();
        assertLoadedAgainBut(uninterrupted, failing.equals("appointment")
                ? List.of("clinicians", "payments", "time_off")
                : List.of("appointments", "clinicians", "payments", "time_off"));
    }

    /**
     * The tables are as after an uninterrupted run, each file loaded once, and the second run
     * skipped the files of the given kinds as loaded by the first.
     */
    private void assertLoadedAgainBut(Map<String, Object> uninterrupted, List<String> skippedKinds) {
        Map<String, Object> after = new java.util.HashMap<>(tables());
        Map<String, Object> expected = new java.util.HashMap<>(uninterrupted);
        assertThat(after.remove("files")).isNotEqualTo(expected.remove("files")); // the second run skipped some
        assertThat(after).isEqualTo(expected);
        assertThat(jdbc.queryForList("select file_name, kind, status, rows_total, rows_loaded, rows_rejected, "
                + "rows_duplicate from inbox_file where status <> 'skipped' order by file_name"))
                .isEqualTo(uninterrupted.get("files"));
        assertThat(jdbc.queryForList("select distinct kind from inbox_file where status = 'skipped' order by 1",
                String.class)).containsExactlyElementsOf(skippedKinds);
    }

    /**
     * Runs etl once with one half of the merge failing when it empties its staging table (a
     * first load's appointments and payments are in their tables before the merge).
     */
    private void failHalf(String table) throws Exception {
        runRefusing("truncate", "stage_" + table);
    }

    private int loadedFiles(String kind) {
        return count("select count(*) from inbox_file where kind = '" + kind + "' and status = 'loaded'");
    }

    /** Runs etl once with the database refusing {@code event} on {@code table} (a statement trigger): it fails. */
    private void runRefusing(String event, String table) throws Exception {
        jdbc.execute("create or replace function refuse() returns trigger language plpgsql as "
                + "$$ begin raise exception 'injected failure: % on % refused', tg_op, tg_table_name; end $$");
        jdbc.execute("create trigger refuse before " + event + " on " + table
                + " for each statement execute function refuse()");
        try {
            assertThat(etl.run(practice, END, false).run().succeeded()).isFalse();
        } finally {
            jdbc.execute("drop trigger refuse on " + table);
        }
    }

    private Map<String, Object> runUninterrupted() throws Exception {
        failure.failAt(0);
        assertThat(etl.run(practice, END, false).run().succeeded()).isTrue();
        return tables();
    }

    /** The ingested tables, with files named rather than numbered. */
    private Map<String, Object> tables() {
        return Map.of(
                "files", jdbc.queryForList("select file_name, kind, status, rows_total, rows_loaded, rows_rejected, "
                        + "rows_duplicate from inbox_file order by file_name"),
                "clinicians", jdbc.queryForList("select c.clinician_id, full_name, email, hire_date, end_date, specialty, "
                        + "f.file_name, source_line from clinician c join inbox_file f on f.file_id = c.source_file_id order by 1"),
                "terms", jdbc.queryForList("select clinician_id, effective_date, weekly_hours, pay_plan "
                        + "from clinician_terms order by 1, 2"),
                "appointments", jdbc.queryForList("select a.appointment_id, clinician_id, client_id, start_at, start_date, "
                        + "duration_minutes, service_code, a.status, group_id, charge, f.file_name, source_line "
                        + "from appointment a join inbox_file f on f.file_id = a.source_file_id order by 1"),
                "payments", jdbc.queryForList("select payment_id, appointment_id, posted_date, amount, payer, p.kind, "
                        + "f.file_name, source_line from payment p join inbox_file f on f.file_id = p.source_file_id order by 1"),
                "timeOff", jdbc.queryForList("select clinician_id, day, hours, t.kind, f.file_name, source_line "
                        + "from time_off t join inbox_file f on f.file_id = t.source_file_id order by 1, 2, 4"),
                "rejects", jdbc.queryForList("select f.file_name, line_no, raw, reason, detail, retryable, resolved_at is null "
                        + "from reject r join inbox_file f on f.file_id = r.file_id order by 1, 2"));
    }
}
