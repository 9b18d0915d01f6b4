package org.caseload.ingest;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One partition per file of the given kinds the run registered: each file is staged by its own
 * worker step, with its own position saved at every chunk, so a restarted run finishes only the
 * files that were not finished.
 */
class InboxFilePartitioner implements Partitioner, StepExecutionListener {

    /** Execution-context key of a partition: the file it stages. */
    static final String FILE_ID = "inbox.file.id";

    private final JdbcTemplate jdbc;
    private final Set<InboxKind> kinds;
    private long jobInstanceId;
    private Path inbox;

    InboxFilePartitioner(JdbcTemplate jdbc, Set<InboxKind> kinds) {
        this.jdbc = jdbc;
        this.kinds = kinds;
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        jobInstanceId = stepExecution.getJobExecution().getJobInstance().getInstanceId();
        inbox = Path.of(stepExecution.getJobExecution().getJobParameters().getString(EtlJobConfiguration.INBOX));
    }

    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
        for (InboxFile file : RegisterInboxFiles.filesToLoad(jdbc, jobInstanceId, inbox)) {
            if (!kinds.contains(file.kind())) {
                continue;
            }
            ExecutionContext context = new ExecutionContext();
            context.putLong(FILE_ID, file.fileId());
            partitions.put("file" + file.fileId(), context);
        }
        return partitions;
    }
}
