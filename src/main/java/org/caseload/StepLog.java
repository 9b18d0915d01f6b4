package org.caseload;

import java.time.Duration;
import java.time.LocalDateTime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;

/** One log line per step: its name, status, counts and duration (never row contents). */
public final class StepLog implements StepExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(StepLog.class);

    @Override
    public ExitStatus afterStep(StepExecution step) {
        Duration took = step.getStartTime() == null ? Duration.ZERO
                : Duration.between(step.getStartTime(), LocalDateTime.now());
        log.info("{} {}: {} in {} s (read {}, written {}, filtered {}, commits {})",
                step.getJobExecution().getJobInstance().getJobName(), step.getStepName(), step.getStatus(),
                String.format("%.1f", took.toMillis() / 1000.0), step.getReadCount(), step.getWriteCount(),
                step.getFilterCount(), step.getCommitCount());
        return step.getExitStatus();
    }
}
