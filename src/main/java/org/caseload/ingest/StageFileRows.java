package org.caseload.ingest;

import java.util.List;

import org.springframework.batch.core.listener.ItemWriteListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStream;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * The work of a staging worker step: the rows of one inbox file (the file of its partition),
 * a chunk of rows a transaction, each read ({@link InboxRowReader}), checked ({@link RowParser})
 * and written with COPY ({@link StagingWriter}).
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
    private final List<ItemWriteListener<ParsedRow>> writeListeners;
    private final int chunkRows;

    StageFileRows(InboxRowReader reader, RowParser parser, StagingWriter writer, Progress progress,
            List<ItemWriteListener<ParsedRow>> writeListeners, int chunkRows) {
        this.reader = reader;
        this.parser = parser;
        this.writer = writer;
        this.progress = progress;
        this.writeListeners = writeListeners;
        this.chunkRows = chunkRows;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext context) throws Exception {
        Chunk<ParsedRow> chunk = new Chunk<>();
        InboxRow row;
        while (chunk.size() < chunkRows && (row = reader.read()) != null) {
            contribution.incrementReadCount();
            chunk.add(parser.process(row));
        }
        if (!chunk.isEmpty()) {
            writer.write(chunk);
            contribution.incrementWriteCount(chunk.size());
            progress.written(chunk.size());
            for (ItemWriteListener<ParsedRow> listener : writeListeners) {
                listener.afterWrite(chunk);
            }
        }
        return chunk.size() < chunkRows ? RepeatStatus.FINISHED : RepeatStatus.CONTINUABLE;
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
