package org.caseload.ingest;

import java.io.PrintStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.ItemWriteListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;

/**
 * Progress of the staging step: in a terminal, a line rewritten every second (rows, rate, share
 * of the bytes read, time left); otherwise a log line every 30 seconds.
 */
final class Progress implements ItemWriteListener<ParsedRow>, StepExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(Progress.class);

    private final InboxRowReader reader;
    private final boolean terminal = System.console() != null;
    private final PrintStream out = System.err;
    private long started;
    private long lastShown;
    private long rows;

    Progress(InboxRowReader reader) {
        this.reader = reader;
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        started = System.nanoTime();
        lastShown = started;
        rows = 0;
    }

    @Override
    public void afterWrite(Chunk<? extends ParsedRow> items) {
        rows += items.size();
        long now = System.nanoTime();
        if (now - lastShown < (terminal ? 1_000_000_000L : 30_000_000_000L)) {
            return;
        }
        lastShown = now;
        long[] bytes = reader.progress();
        double seconds = (now - started) / 1e9;
        double share = bytes[1] == 0 ? 1 : Math.min(1, (double) bytes[0] / bytes[1]);
        long left = share <= 0 ? 0 : Math.round(seconds / share - seconds);
        String line = String.format("staging rows: %,d (%,d/s), %.0f%% of %,d MB read, about %d s left", rows,
                Math.round(rows / seconds), share * 100, bytes[1] >> 20, left);
        if (terminal) {
            out.print("\r  " + line + "   ");
            out.flush();
        } else {
            log.info(line);
        }
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        if (terminal && lastShown != started) {
            out.println();
        }
        return stepExecution.getExitStatus();
    }
}
