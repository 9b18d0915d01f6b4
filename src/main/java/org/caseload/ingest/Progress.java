package org.caseload.ingest;

import java.io.PrintStream;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Progress of a staging step, over all the files it stages at once: in a terminal, a line
 * rewritten every second (rows, rate, share of the bytes read, time left); otherwise a log line
 * every 30 seconds. Listens to the job (start) and, through {@link #ofStep}, to each
 * partitioned staging step (start, end); their workers report rows written through
 * {@link #written(int)}.
 */
final class Progress implements JobExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(Progress.class);

    private final JdbcTemplate jdbc;
    private final boolean terminal = System.console() != null;
    private final PrintStream out = System.err;
    private final AtomicLong rows = new AtomicLong();
    private final Map<Long, Long> bytesRead = new ConcurrentHashMap<>();
    private volatile long rowsBefore;
    private volatile long started;
    private volatile long lastShown;
    private volatile long totalBytes;

    Progress(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void beforeJob(JobExecution jobExecution) {
        rows.set(0);
    }

    /** The listener of a staging step that stages the files of these kinds. */
    StepExecutionListener ofStep(Set<InboxKind> kinds) {
        String[] names = kinds.stream().map(InboxKind::dbName).toArray(String[]::new);
        return new StepExecutionListener() {
            @Override
            public void beforeStep(StepExecution stepExecution) {
                start(stepExecution.getJobExecution().getJobInstance().getInstanceId(), names);
            }

            @Override
            public ExitStatus afterStep(StepExecution stepExecution) {
                end();
                return stepExecution.getExitStatus();
            }
        };
    }

    /** A staging step starts: every file it stages is still to be read. */
    private void start(long instance, String[] kinds) {
        started = System.nanoTime();
        lastShown = started;
        rowsBefore = rows.get();
        bytesRead.clear();
        Long total = jdbc.queryForObject("select coalesce(sum(size_bytes), 0) from inbox_file "
                + "where job_instance_id = ? and status = 'staging' and kind = any(?)", Long.class, instance, kinds);
        totalBytes = total == null ? 0 : total;
    }

    /** A reader has read a file up to this byte (characters: close enough for UTF-8 text). */
    void read(long fileId, long position) {
        bytesRead.put(fileId, position);
    }

    /** Rows staged since the job started. */
    long rows() {
        return rows.get();
    }

    /** A worker's chunk of {@code count} rows is written (no step events: those are the partitioned step's). */
    void written(int count) {
        long staged = rows.addAndGet(count);
        long now = System.nanoTime();
        long shown = lastShown;
        if (now - shown < (terminal ? 1_000_000_000L : 30_000_000_000L)) {
            return;
        }
        synchronized (this) {
            if (lastShown != shown) {
                return; // another worker showed it
            }
            lastShown = now;
            double seconds = (now - started) / 1e9;
            long stepRows = staged - rowsBefore;
            long read = bytesRead.values().stream().mapToLong(Long::longValue).sum();
            double share = totalBytes == 0 ? 1 : Math.min(1, (double) read / totalBytes);
            long left = share <= 0 ? 0 : Math.round(seconds / share - seconds);
            String line = String.format("staging rows: %,d (%,d/s), %.0f%% of %,d MB read, about %d s left", staged,
                    Math.round(stepRows / seconds), share * 100, totalBytes >> 20, left);
            if (terminal) {
                out.print("\r  " + line + "   ");
                out.flush();
            } else {
                log.info(line);
            }
        }
    }

    private void end() {
        if (terminal && lastShown != started) {
            out.println();
        }
    }
}
