package org.caseload.ingest;

import java.util.List;

import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStream;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * The work of a staging worker step: the rows of one inbox file (the file of its partition),
 * a chunk of rows a transaction, each read ({@link InboxRowReader}), checked ({@link RowParser})
 * and put in its COPY buffer at once, the chunk then written with COPY ({@link StagingWriter}).
 *
 * <p>A plain loop a chunk, not a chunk-oriented step: that step's machinery for every row (a
 * call through the step-scope proxy, observations, listener calls) cost about a sixth of the
 * JVM's staging time. Restarts work the same: TaskletStep saves its streams' state (here the
 * reader's position) in each chunk's transaction, so a restarted run goes on after the last
 * committed chunk. One instance a worker step (step scope).
 */
class StageFileRows implements Tasklet, ItemStream, StepExecutionListener {

    private final InboxRowReader reader;
    private final RowParser parser;
    private final StagingWriter writer;
    private final Progress progress;
    private final List<StagedChunkListener> chunkListeners;
    private final int chunkRows;

    StageFileRows(InboxRowReader reader, RowParser parser, StagingWriter writer, Progress progress,
            List<StagedChunkListener> chunkListeners, int chunkRows) {
        this.reader = reader;
        this.parser = parser;
        this.writer = writer;
        this.progress = progress;
        this.chunkListeners = chunkListeners;
        this.chunkRows = chunkRows;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext context) throws Exception {
        writer.startChunk();
        int rows = 0;
        InboxRow row;
        while (rows < chunkRows && (row = reader.read()) != null) {
            contribution.incrementReadCount();
            writer.add(parser.process(row));
            rows++;
        }
        if (rows > 0) {
            InboxFile file = writer.writeChunk(rows);
            contribution.incrementWriteCount(rows);
            progress.written(rows);
            for (StagedChunkListener listener : chunkListeners) {
                listener.staged(file, rows);
            }
        }
        return rows < chunkRows ? RepeatStatus.FINISHED : RepeatStatus.CONTINUABLE;
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        reader.beforeStep(stepExecution);
        writer.beforeStep(stepExecution.getJobExecutionId());
    }

    @Override
    public void open(ExecutionContext context) {
        reader.open(context);
    }

    @Override
    public void update(ExecutionContext context) {
        reader.update(context);
    }

    @Override
    public void close() {
        reader.close();
    }
}
