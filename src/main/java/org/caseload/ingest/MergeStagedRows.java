package org.caseload.ingest;

import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import org.caseload.AtOnce;
import org.caseload.PracticeConfig;
import org.caseload.SqlScript;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * A part of the merge of every staged row (this run's and those still waiting for a reference)
 * into the ingested tables: scripts of set-based SQL from {@code sql/ingest/}. One script runs in
 * the step's transaction; two or more run at once, each in its own transaction on its own
 * database connection ({@link AtOnce}), and the step ends when all have: it fails if any
 * failed, after the others committed. Each script is written to be run again on what is
 * left staged, so a restarted step runs them all again. A part may run Java beside its script,
 * in its transaction (the payment half: {@link FirstLoadPayments} first).
 *
 * <p>Two scripts at once are one step, not a split flow of two steps: Spring Batch 6 updates the
 * job execution when each step starts, and two steps starting at once on two threads can make
 * one of them fail on the job execution's version (seen here once in about ten runs).
 */
class MergeStagedRows implements Tasklet {

    /**
     * One part of the merge, named for the log, run in one transaction with the merge's
     * parameters: {@code instance} (the run's job instance), {@code execution} (its job
     * execution), {@code tz} (practice time zone), {@code asOf} and {@code inbox} (the run's inbox
     * directory).
     */
    record Part(String name, BiConsumer<NamedParameterJdbcTemplate, Map<String, Object>> work) {

        /** A script of {@code sql/ingest/} alone. */
        static Part script(String path) {
            SqlScript script = SqlScript.load(path);
            return new Part(path, script::run);
        }
    }

    private final List<Part> parts;
    private final NamedParameterJdbcTemplate jdbc;
    private final PracticeConfig config;
    private final PlatformTransactionManager tx;

    MergeStagedRows(List<Part> parts, NamedParameterJdbcTemplate jdbc, PracticeConfig config,
            PlatformTransactionManager tx) {
        this.parts = parts;
        this.jdbc = jdbc;
        this.config = config;
        this.tx = tx;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        JobExecution job = contribution.getStepExecution().getJobExecution();
        Map<String, Object> params = Map.of(
                "instance", job.getJobInstance().getInstanceId(),
                "execution", job.getId(),
                "tz", config.zone().getId(),
                "asOf", job.getJobParameters().getLocalDate(EtlJobConfiguration.AS_OF),
                "inbox", job.getJobParameters().getString(EtlJobConfiguration.INBOX));
        if (parts.size() == 1) {
            parts.get(0).work().accept(jdbc, params);
            return RepeatStatus.FINISHED;
        }
        AtOnce.run(tx, parts.stream()
                .map(part -> new AtOnce.Part(part.name(), () -> part.work().accept(jdbc, params)))
                .toList());
        return RepeatStatus.FINISHED;
    }
}
