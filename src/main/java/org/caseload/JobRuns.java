package org.caseload;

import java.sql.SQLException;
import java.util.function.BiPredicate;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.stereotype.Component;

/**
 * Runs a job as the command line and the scheduler want it: one run of a job at a time per
 * database (an advisory lock); a run of it that failed or was killed is finished first (a Spring
 * Batch restart that goes on from its last commit), then the run asked for starts, unless the
 * finished run was that same run.
 */
@Component
public class JobRuns {

    private static final Logger log = LoggerFactory.getLogger(JobRuns.class);

    private final JobOperator operator;
    private final JobRepository repository;
    private final DataSource dataSource;

    JobRuns(JobOperator operator, JobRepository repository, DataSource dataSource) {
        this.operator = operator;
        this.repository = repository;
        this.dataSource = dataSource;
    }

    /** Another process runs this job on the same database right now. */
    public static class RunInProgressException extends IllegalStateException {
        public RunInProgressException(String message) {
            super(message);
        }
    }

    /** The run it finished first, if any, and the run it started, if any. */
    public record Outcome(JobExecution restarted, JobExecution run) {
    }

    /**
     * @param fresh give up an unfinished earlier run instead of finishing it
     * @param sameRun whether an unfinished run's parameters already ask for what {@code wanted} asks
     */
    public Outcome run(Job job, JobParameters wanted, boolean fresh, BiPredicate<JobParameters, JobParameters> sameRun)
            throws Exception {
        try (RunLock lock = RunLock.tryAcquire(dataSource, job.getName())) {
            if (lock == null) {
                throw new RunInProgressException("Another " + job.getName()
                        + " run is in progress on this database; try again when it has finished");
            }
            JobExecution restarted = null;
            JobExecution unfinished = unfinishedExecution(job.getName());
            if (unfinished != null && fresh) {
                log.warn("Giving up unfinished {} run {} (--fresh)", job.getName(), unfinished.getId());
                operator.abandon(unfinished);
            } else if (unfinished != null) {
                log.info("Finishing {} run {} that ended {} first", job.getName(), unfinished.getId(),
                        unfinished.getStatus());
                restarted = operator.restart(unfinished);
                if (restarted.getStatus() != BatchStatus.COMPLETED
                        || sameRun.test(unfinished.getJobParameters(), wanted)) {
                    return new Outcome(restarted, null);
                }
            }
            return new Outcome(restarted, operator.start(job, wanted));
        }
    }

    /**
     * The latest execution of the job if it did not complete. One left running while we hold
     * the lock was killed: it is marked failed so that it can be restarted.
     */
    private JobExecution unfinishedExecution(String jobName) throws SQLException {
        JobInstance instance = repository.getLastJobInstance(jobName);
        JobExecution last = instance == null ? null : repository.getLastJobExecution(instance);
        if (last == null) {
            return null;
        }
        if (last.getStatus().isRunning()) {
            log.warn("{} run {} was interrupted ({}); marking it failed so it can go on", jobName, last.getId(),
                    last.getStatus());
            last = operator.recover(last);
        }
        BatchStatus status = last.getStatus();
        return status == BatchStatus.FAILED || status == BatchStatus.STOPPED ? last : null;
    }
}
