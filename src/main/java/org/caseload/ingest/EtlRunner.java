package org.caseload.ingest;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

import org.caseload.JobRuns;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/** Runs the etl job (see {@link JobRuns}) and reports what it did, file by file. */
@Service
public class EtlRunner {

    private final JobRuns runs;
    private final Job etlJob;
    private final JdbcTemplate jdbc;

    EtlRunner(JobRuns runs, Job etlJob, JdbcTemplate jdbc) {
        this.runs = runs;
        this.etlJob = etlJob;
        this.jdbc = jdbc;
    }

    /** What a call did: the run it finished first, if any, and the run it started. */
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
        JobParameters wanted = new JobParametersBuilder()
                .addString(EtlJobConfiguration.INBOX, inbox.toAbsolutePath().normalize().toString())
                .addLocalDate(EtlJobConfiguration.AS_OF, asOf)
                .addString(EtlJobConfiguration.REQUESTED_AT, Instant.now().toString())
                .toJobParameters();
        JobRuns.Outcome outcome = runs.run(etlJob, wanted, fresh, EtlRunner::sameRun);
        return new Outcome(report(outcome.restarted()), report(outcome.run()));
    }

    private static boolean sameRun(JobParameters done, JobParameters wanted) {
        return Objects.equals(done.getString(EtlJobConfiguration.INBOX), wanted.getString(EtlJobConfiguration.INBOX))
                && Objects.equals(done.getLocalDate(EtlJobConfiguration.AS_OF),
                        wanted.getLocalDate(EtlJobConfiguration.AS_OF));
    }

    private EtlReport report(JobExecution execution) {
        return execution == null ? null : EtlReport.of(jdbc, execution);
    }
}
