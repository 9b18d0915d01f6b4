package org.caseload.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;

import org.caseload.EtlTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The staging workers take a run's files in turn by kind, each kind's smallest first, and only
 * the files of their kinds that this run stages.
 */
class InboxFilePartitionerTest extends EtlTestSupport {

    @Autowired
    JobRepository jobs;

    @Test
    void workersTakeTheKindsInTurnSmallestFirst() throws Exception {
        JobParameters parameters = new JobParametersBuilder().addString("test", "partition order").toJobParameters();
        JobInstance instance = jobs.createJobInstance("partitionOrderTest", parameters);
        JobExecution execution = jobs.createJobExecution(instance, parameters, new ExecutionContext());
        StepExecution manager = jobs.createStepExecution("stageInboxRows", execution);
        register(instance, "appointments-2026-02.csv", "appointments", 500, "staging");
        register(instance, "appointments-2026-01.csv", "appointments", 100, "staging");
        register(instance, "payments-2026-01.csv", "payments", 200, "staging");
        register(instance, "appointments-zz-bad.csv", "appointments", 300, "staging");
        register(instance, "payments-2026-02.csv", "payments", 50, "staging");
        register(instance, "clinicians-2026-01-01.csv", "clinicians", 10, "staging");
        register(instance, "payments-2025-12.csv", "payments", 20, "skipped");

        InboxFilePartitioner files = new InboxFilePartitioner(jdbc, EnumSet.of(InboxKind.APPOINTMENTS, InboxKind.PAYMENTS));
        files.beforeStep(manager);
        List<String> expected = List.of("appointments-2026-01.csv", "payments-2026-02.csv", "appointments-zz-bad.csv",
                "payments-2026-01.csv", "appointments-2026-02.csv");

        assertThat(files.partition(2).values().stream().map(this::fileName).toList()).isEqualTo(expected);
        // in that order to the workers, not in the order of Spring Batch's hash set
        assertThat(files.splitter(jobs, "stageInboxFile").split(manager, 2).stream()
                .map(worker -> fileName(worker.getExecutionContext())).toList()).isEqualTo(expected);
    }

    private void register(JobInstance instance, String name, String kind, long size, String status) {
        jdbc.update("insert into inbox_file (file_name, kind, sha256, size_bytes, job_instance_id, status) "
                + "values (?, ?, md5(?), ?, ?, ?)", name, kind, name, size, instance.getInstanceId(), status);
    }

    private String fileName(ExecutionContext partition) {
        return jdbc.queryForObject("select file_name from inbox_file where file_id = ?", String.class,
                partition.getLong(InboxFilePartitioner.FILE_ID));
    }
}
