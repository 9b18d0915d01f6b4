package org.caseload.schedule;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The job executions running in this process. When the process is asked to stop (SIGTERM), it
 * asks them to stop: Spring Batch stops a step at its next chunk boundary, the execution ends
 * STOPPED, and the next run (or firing) restarts it from there. It stops before the scheduler,
 * which then waits for the jobs to return.
 */
@Component
public class RunningJobs implements JobExecutionListener, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RunningJobs.class);

    private static final java.time.Duration STOP_WAIT = java.time.Duration.ofMinutes(4);

    private final Set<JobExecution> running = ConcurrentHashMap.newKeySet();
    // looked up when needed: the jobs depend on this listener, and the operator on the jobs
    private final ObjectProvider<JobOperator> operator;
    private volatile boolean started;

    RunningJobs(ObjectProvider<JobOperator> operator) {
        this.operator = operator;
    }

    @Override
    public void beforeJob(JobExecution execution) {
        running.add(execution);
    }

    @Override
    public void afterJob(JobExecution execution) {
        running.remove(execution);
    }

    @Override
    public void start() {
        started = true;
    }

    @Override
    public void stop() {
        for (JobExecution execution : running) {
            try {
                log.warn("Stopping {} run {} at its next chunk boundary; the next run goes on from there",
                        execution.getJobInstance().getJobName(), execution.getId());
                operator.getObject().stop(execution);
            } catch (Exception e) {
                log.warn("Could not stop run {}: {}", execution.getId(), e.getMessage());
            }
        }
        // the database must outlive them: wait (bounded) until they have reached their chunk boundary
        long deadline = System.nanoTime() + STOP_WAIT.toNanos();
        while (!running.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        started = false;
    }

    @Override
    public boolean isRunning() {
        return started;
    }

    /** Later than the Quartz scheduler's phase: stops first. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
