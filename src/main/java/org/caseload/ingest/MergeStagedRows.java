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
 * One part of the merge of every staged row (this run's and those still waiting for a reference)
 * into the ingested tables: a script of set-based SQL from {@code sql/ingest/}, in the step's one
 * transaction. The parts: clinicians and time off; then appointments and payments at once; then
 * each file's counts.
 */
class MergeStagedRows implements Tasklet {

    private final SqlScript script;
    private final NamedParameterJdbcTemplate jdbc;
    private final PracticeConfig config;

    MergeStagedRows(String script, NamedParameterJdbcTemplate jdbc, PracticeConfig config) {
        this.script = SqlScript.load(script);
        this.jdbc = jdbc;
        this.config = config;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        JobExecution job = contribution.getStepExecution().getJobExecution();
        script.run(jdbc, Map.of(
                "instance", job.getJobInstance().getInstanceId(),
                "tz", config.zone().getId(),
                "asOf", job.getJobParameters().getLocalDate(EtlJobConfiguration.AS_OF)));
        return RepeatStatus.FINISHED;
    }
}
