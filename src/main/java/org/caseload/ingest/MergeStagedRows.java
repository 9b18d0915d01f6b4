package org.caseload.ingest;

import java.util.Map;

import org.caseload.PracticeConfig;
import org.caseload.SqlScript;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Last ingest step: merges every staged row (this run's and those still waiting for a reference)
 * into the ingested tables with the set-based SQL of {@code sql/ingest/merge.sql}, in one
 * transaction, and brings each file's counts up to date.
 */
class MergeStagedRows implements Tasklet {

    private static final SqlScript MERGE = SqlScript.load("sql/ingest/merge.sql");

    private final NamedParameterJdbcTemplate jdbc;
    private final PracticeConfig config;

    MergeStagedRows(NamedParameterJdbcTemplate jdbc, PracticeConfig config) {
        this.jdbc = jdbc;
        this.config = config;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        JobExecution job = contribution.getStepExecution().getJobExecution();
        MERGE.run(jdbc, Map.of(
                "instance", job.getJobInstance().getInstanceId(),
                "tz", config.zone().getId(),
                "asOf", job.getJobParameters().getLocalDate(EtlJobConfiguration.AS_OF)));
        return RepeatStatus.FINISHED;
    }
}
