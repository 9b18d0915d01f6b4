package org.caseload.ingest;

import static org.caseload.ingest.MergeStagedRows.Part.script;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

import org.caseload.PracticeConfig;
import org.caseload.SqlScript;
import org.caseload.StepLog;
import org.caseload.schedule.RunningJobs;
import org.caseload.facts.BuildWeeklyFacts;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The nightly {@code etl} job, whole: register the inbox files; stage and merge the roster;
 * stage the appointments and payments in bulk and merge them (both halves at once; a first load
 * writes its appointments and payments straight into their tables while staging, without their
 * indexes, which the merge builds); count each file's rows; then rebuild the weekly facts,
 * trailing metrics and flags of the weeks the new data touched.
 */
@Configuration(proxyBeanMethods = false)
public class EtlJobConfiguration {

    public static final String JOB_NAME = "etl";
    /** Job parameter: the inbox directory. */
    public static final String INBOX = "inbox";
    /** Job parameter: the as-of date (practice time zone). */
    public static final String AS_OF = "asOf";
    /** Job parameter: when the run was asked for; makes every run its own job instance. */
    public static final String REQUESTED_AT = "requestedAt";

    static final int CHUNK_ROWS = 10_000;
    static final int STAGING_THREADS = 2;
    static final int FACTS_THREADS = 2;

    @Bean
    Job etlJob(JobRepository jobs, Step registerInboxFiles, Step stageRosterRows, Step mergeClinicians,
            Step dropIndexesForFirstLoad, Step stageInboxRows,
            Step mergeAppointmentsAndPayments, Step countFileRows, Step findFirstVisitsAndCollections,
            Step buildClinicianWeeks, Step buildMetricsAndFlags, RunningJobs running, Progress stagingProgress) {
        return new JobBuilder(JOB_NAME, jobs)
                .listener(running)
                .listener(stagingProgress)
                .start(registerInboxFiles)
                .next(stageRosterRows)
                .next(mergeClinicians)
                .next(dropIndexesForFirstLoad)
                .next(stageInboxRows)
                .next(mergeAppointmentsAndPayments)
                .next(countFileRows)
                .next(findFirstVisitsAndCollections)
                .next(buildClinicianWeeks)
                .next(buildMetricsAndFlags)
                .build();
    }

    @Bean
    Step registerInboxFiles(JobRepository jobs, PlatformTransactionManager tx, JdbcTemplate jdbc) {
        return new StepBuilder("registerInboxFiles", jobs).tasklet(new RegisterInboxFiles(jdbc), tx)
                .listener(new StepLog()).build();
    }

    /**
     * The roster (clinicians, time off) is staged and merged before the appointments are staged:
     * a first load of appointments checks each against it while staging ({@link FirstLoadRoster}).
     */
    @Bean
    Step stageRosterRows(JobRepository jobs, Step stageInboxFile, JdbcTemplate jdbc, Progress stagingProgress) {
        return stagingStep("stageRosterRows", EnumSet.of(InboxKind.CLINICIANS, InboxKind.TIME_OFF), jobs,
                stageInboxFile, jdbc, stagingProgress);
    }

    /**
     * Appointments and payments. Files are staged two at a time, each by its own worker step:
     * while one thread parses and checks rows, the database takes the other's COPY, and both
     * cores work.
     */
    @Bean
    Step stageInboxRows(JobRepository jobs, Step stageInboxFile, JdbcTemplate jdbc, Progress stagingProgress) {
        return stagingStep("stageInboxRows", EnumSet.of(InboxKind.APPOINTMENTS, InboxKind.PAYMENTS), jobs,
                stageInboxFile, jdbc, stagingProgress);
    }

    private static Step stagingStep(String name, Set<InboxKind> kinds, JobRepository jobs, Step stageInboxFile,
            JdbcTemplate jdbc, Progress stagingProgress) {
        InboxFilePartitioner files = new InboxFilePartitioner(jdbc, kinds);
        SimpleAsyncTaskExecutor threads = new SimpleAsyncTaskExecutor("stage-");
        threads.setConcurrencyLimit(STAGING_THREADS);
        return new StepBuilder(name, jobs)
                .partitioner("stageInboxFile", files)
                .splitter(files.splitter(jobs, "stageInboxFile"))
                .step(stageInboxFile)
                .taskExecutor(threads)
                .gridSize(STAGING_THREADS)
                .listener(files)
                .listener(stagingProgress.ofStep(kinds))
                .listener(new StepLog())
                .build();
    }

    /**
     * A first load of appointments, or of payments, writes them once, straight into the table,
     * without its indexes; the merge builds them.
     */
    @Bean
    Step dropIndexesForFirstLoad(JobRepository jobs, PlatformTransactionManager tx, NamedParameterJdbcTemplate jdbc,
            PracticeConfig config) {
        return mergeStep("dropIndexesForFirstLoad", List.of(script("sql/ingest/drop_indexes_for_first_load.sql")), jobs,
                tx, jdbc, config);
    }

    @Bean
    Step stageInboxFile(JobRepository jobs, PlatformTransactionManager tx, StageFileRows stageFileRows) {
        return new StepBuilder("stageInboxFile", jobs).tasklet(stageFileRows, tx).stream(stageFileRows).build();
    }

    /** One a worker step: it holds the file's open stream and position. */
    @Bean
    @StepScope
    StageFileRows stageFileRows(JdbcTemplate jdbc, DataSource dataSource, PracticeConfig config,
            Progress stagingProgress, OfRun<FirstLoadRoster> rosters, OfRun<FirstLoadPaymentIds> paymentIds,
            ObjectProvider<StagedChunkListener> chunkListeners) {
        return new StageFileRows(new InboxRowReader(jdbc, stagingProgress), new RowParser(config),
                new StagingWriter(dataSource, jdbc, rosters, paymentIds), stagingProgress,
                chunkListeners.orderedStream().toList(), CHUNK_ROWS);
    }

    @Bean
    OfRun<FirstLoadRoster> firstLoadRosters() {
        return new OfRun<>(FirstLoadRoster::ifFirstLoad);
    }

    @Bean
    OfRun<FirstLoadPaymentIds> firstLoadPaymentIds() {
        return new OfRun<>(FirstLoadPaymentIds::ifPaymentsEmpty);
    }

    @Bean
    Progress stagingProgress(JdbcTemplate jdbc) {
        return new Progress(jdbc);
    }

    @Bean
    BuildWeeklyFacts weeklyFacts(NamedParameterJdbcTemplate jdbc, PracticeConfig config, PlatformTransactionManager tx) {
        return new BuildWeeklyFacts(jdbc, config, AS_OF, tx);
    }

    /**
     * The first week to rebuild (nothing, if no data changed); from there, each client's first
     * visit and each clinician's collections of each week, for every clinician at once (the
     * ranges of the next step read both): two statements at once, each on its own connection.
     */
    @Bean
    Step findFirstVisitsAndCollections(JobRepository jobs, PlatformTransactionManager tx, BuildWeeklyFacts facts) {
        return new StepBuilder("findFirstVisitsAndCollections", jobs).tasklet(facts.firstVisitsAndCollections(), tx)
                .listener(new StepLog()).build();
    }

    /**
     * Weekly facts, two ranges of clinicians at once: one statement a range, each on its own
     * database backend, so both cores work (the JVM is idle here).
     */
    @Bean
    Step buildClinicianWeeks(JobRepository jobs, PlatformTransactionManager tx, BuildWeeklyFacts facts) {
        SimpleAsyncTaskExecutor threads = new SimpleAsyncTaskExecutor("facts-");
        threads.setConcurrencyLimit(FACTS_THREADS);
        Step range = new StepBuilder("buildClinicianWeeksOfRange", jobs).tasklet(facts.clinicianWeeks(), tx).build();
        return new StepBuilder("buildClinicianWeeks", jobs)
                .partitioner("buildClinicianWeeksOfRange", facts.clinicianRanges())
                .step(range)
                .taskExecutor(threads)
                .gridSize(FACTS_THREADS)
                .listener(new StepLog())
                .build();
    }

    @Bean
    Step buildMetricsAndFlags(JobRepository jobs, PlatformTransactionManager tx, BuildWeeklyFacts facts) {
        return new StepBuilder("buildMetricsAndFlags", jobs).tasklet(facts.metricsAndFlags(), tx)
                .listener(new StepLog()).build();
    }

    /** The roster (clinicians, their terms) and time off, which the two halves after it read. */
    @Bean
    Step mergeClinicians(JobRepository jobs, PlatformTransactionManager tx, NamedParameterJdbcTemplate jdbc,
            PracticeConfig config) {
        return mergeStep("mergeClinicians", List.of(script("sql/ingest/merge_clinicians.sql")), jobs, tx, jdbc, config);
    }

    /**
     * The merge's appointment and payment halves at once, each in its own transaction on its own
     * database connection, so both cores work (the JVM is idle here); how they keep out of each
     * other's way is written at the top of {@code sql/ingest/merge_payments.sql}. In a first load
     * of payments the payment half starts by judging the payments staging wrote straight into
     * their table ({@link FirstLoadPayments}).
     */
    @Bean
    Step mergeAppointmentsAndPayments(JobRepository jobs, PlatformTransactionManager tx,
            NamedParameterJdbcTemplate jdbc, PracticeConfig config, OfRun<FirstLoadPaymentIds> paymentIds) {
        SqlScript payments = SqlScript.load("sql/ingest/merge_payments.sql");
        MergeStagedRows.Part paymentHalf = new MergeStagedRows.Part(payments.toString(), (db, params) -> {
            FirstLoadPaymentIds ids = paymentIds.take((Long) params.get("execution"));
            FirstLoadPayments.setAside(db, params, ids == null ? null : ids.candidates());
            payments.run(db, params);
        });
        return mergeStep("mergeAppointmentsAndPayments",
                List.of(script("sql/ingest/merge_appointments.sql"), paymentHalf), jobs, tx, jdbc, config);
    }

    /** Rows = loaded + rejected + duplicates for every file the merge touched. */
    @Bean
    Step countFileRows(JobRepository jobs, PlatformTransactionManager tx, NamedParameterJdbcTemplate jdbc,
            PracticeConfig config) {
        return mergeStep("countFileRows", List.of(script("sql/ingest/merge_counts.sql")), jobs, tx, jdbc, config);
    }

    private static Step mergeStep(String name, List<MergeStagedRows.Part> parts, JobRepository jobs,
            PlatformTransactionManager tx, NamedParameterJdbcTemplate jdbc, PracticeConfig config) {
        return new StepBuilder(name, jobs).tasklet(new MergeStagedRows(parts, jdbc, config, tx), tx)
                .listener(new StepLog()).build();
    }
}
