package org.caseload.ingest;

import javax.sql.DataSource;

import org.caseload.PracticeConfig;
import org.caseload.StepLog;
import org.caseload.schedule.RunningJobs;
import org.caseload.facts.BuildWeeklyFacts;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.batch.core.listener.ItemWriteListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The nightly {@code etl} job, whole: register the inbox files, stage their rows in bulk,
 * merge them into the ingested tables, then rebuild the weekly facts, trailing metrics and
 * flags of the weeks the new data touched.
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

    @Bean
    Job etlJob(JobRepository jobs, Step registerInboxFiles, Step stageInboxRows, Step mergeStagedRows,
            Step buildWeeklyFacts, RunningJobs running) {
        return new JobBuilder(JOB_NAME, jobs)
                .listener(running)
                .start(registerInboxFiles)
                .next(stageInboxRows)
                .next(mergeStagedRows)
                .next(buildWeeklyFacts)
                .build();
    }

    @Bean
    Step registerInboxFiles(JobRepository jobs, PlatformTransactionManager tx, JdbcTemplate jdbc) {
        return new StepBuilder("registerInboxFiles", jobs).tasklet(new RegisterInboxFiles(jdbc), tx)
                .listener(new StepLog()).build();
    }

    @Bean
    Step stageInboxRows(JobRepository jobs, PlatformTransactionManager tx, JdbcTemplate jdbc, DataSource dataSource,
            PracticeConfig config, ObjectProvider<ItemWriteListener<ParsedRow>> writeListeners) {
        InboxRowReader reader = new InboxRowReader(jdbc);
        var step = new StepBuilder("stageInboxRows", jobs)
                .<InboxRow, ParsedRow>chunk(CHUNK_ROWS)
                .transactionManager(tx)
                .reader(reader)
                .processor(new RowParser(config))
                .writer(new StagingWriter(dataSource))
                .listener(reader)
                .listener((org.springframework.batch.core.listener.StepListener) new Progress(reader))
                .listener(new StepLog());
        writeListeners.orderedStream().forEach(step::listener);
        return step.build();
    }

    @Bean
    Step buildWeeklyFacts(JobRepository jobs, PlatformTransactionManager tx, NamedParameterJdbcTemplate jdbc,
            PracticeConfig config) {
        return new StepBuilder("buildWeeklyFacts", jobs).tasklet(new BuildWeeklyFacts(jdbc, config, AS_OF), tx)
                .listener(new StepLog()).build();
    }

    @Bean
    Step mergeStagedRows(JobRepository jobs, PlatformTransactionManager tx, NamedParameterJdbcTemplate jdbc,
            PracticeConfig config) {
        return new StepBuilder("mergeStagedRows", jobs).tasklet(new MergeStagedRows(jdbc, config), tx)
                .listener(new StepLog()).build();
    }
}
