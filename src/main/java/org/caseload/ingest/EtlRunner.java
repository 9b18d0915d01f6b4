package org.caseload.ingest;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

import javax.sql.DataSource;

import org.caseload.RunLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Runs the etl job as the command line and the scheduler want it: one run at a time per
 * database; a run that failed or was killed is finished first (a Spring Batch restart that goes
 * on from its last committed chunk), then the run asked for starts.
 */
@Service
public class EtlRunner {

    private static final Logger log = LoggerFactory.getLogger(EtlRunner.class);

    private final JobOperator operator;
    private final JobRepository repository;
    private final Job etlJob;
    private final DataSource dataSource;
    private final JdbcTemplate jdbc;

    EtlRunner(JobOperator operator, JobRepository repository, Job etlJob, DataSource dataSource, JdbcTemplate jdbc) {
        this.operator = operator;
        this.repository = repository;
        this.etlJob = etlJob;
        this.dataSource = dataSource;
        this.jdbc = jdbc;
    }

    /** What a call did: the run it restarted, if any, and the run it started. */
    public record Outcome(EtlReport restarted, EtlReport run) {
        public boolean succeeded() {
            return (restarted == null || restarted.succeeded()) && (run == null || run.succeeded());
        }
    }

    /**
     * @param fresh give up an unfinished earlier run instead of finishing it (its files are then
     *              loaded again from the start by this run)
     */
    public Outcome run(Path inbox, LocalDate asOf, boolean fresh) throws Exception {
        try (RunLock lock = RunLock.tryAcquire(dataSource, EtlJobConfiguration.JOB_NAME)) {
            if (lock == null) {
                throw new IllegalStateException("Another etl run is in progress on this database; try again when it has finished");
            }
            JobParameters wanted = new JobParametersBuilder()
                    .addString(EtlJobConfiguration.INBOX, inbox.toAbsolutePath().normalize().toString())
                    .addLocalDate(EtlJobConfiguration.AS_OF, asOf)
                    .addString(EtlJobConfiguration.REQUESTED_AT, Instant.now().toString())
                    .toJobParameters();
            EtlReport restarted = null;
            JobExecution unfinished = unfinishedExecution();
            if (unfinished != null && fresh) {
                log.warn("Giving up unfinished etl run {} (--fresh)", unfinished.getId());
                operator.abandon(unfinished);
            } else if (unfinished != null) {
                log.info("Finishing etl run {} that ended {} first", unfinished.getId(), unfinished.getStatus());
                JobExecution again = operator.restart(unfinished);
                restarted = report(again);
                if (!restarted.succeeded() || sameRun(unfinished.getJobParameters(), wanted)) {
                    return new Outcome(restarted, null);
                }
            }
            return new Outcome(restarted, report(operator.start(etlJob, wanted)));
        }
    }

    /**
     * The latest etl execution if it did not complete. One left STARTED while we hold the lock
     * was killed: it is marked failed so that it can be restarted.
     */
    private JobExecution unfinishedExecution() throws SQLException {
        JobInstance instance = repository.getLastJobInstance(EtlJobConfiguration.JOB_NAME);
        if (instance == null) {
            return null;
        }
        JobExecution last = repository.getLastJobExecution(instance);
        if (last == null) {
            return null;
        }
        BatchStatus status = last.getStatus();
        if (status.isRunning()) {
            log.warn("etl run {} was interrupted ({}); marking it failed so it can go on", last.getId(), status);
            last = operator.recover(last);
            status = last.getStatus();
        }
        return status == BatchStatus.FAILED || status == BatchStatus.STOPPED ? last : null;
    }

    private static boolean sameRun(JobParameters done, JobParameters wanted) {
        return Objects.equals(done.getString(EtlJobConfiguration.INBOX), wanted.getString(EtlJobConfiguration.INBOX))
                && Objects.equals(done.getLocalDate(EtlJobConfiguration.AS_OF),
                        wanted.getLocalDate(EtlJobConfiguration.AS_OF));
    }

    private EtlReport report(JobExecution execution) {
        return EtlReport.of(jdbc, execution);
    }

    /** The per-file counts of an execution (for tests and the command line). */
    public List<EtlReport.FileCounts> files(JobExecution execution) {
        return EtlReport.of(jdbc, execution).files();
    }
}
