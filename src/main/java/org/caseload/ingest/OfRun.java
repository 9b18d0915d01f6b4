package org.caseload.ingest;

import java.util.function.Function;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the staging worker steps of one job execution share, made from the database at the first
 * that asks ({@link FirstLoadRoster}, {@link FirstLoadPaymentIds}), and what that execution's
 * merge may take once. One bean serves every run; it holds one run's value at a time.
 */
final class OfRun<T> {

    private final Function<JdbcTemplate, T> make;
    private long jobExecutionId = -1;
    private T value;

    OfRun(Function<JdbcTemplate, T> make) {
        this.make = make;
    }

    /** The value of this job execution, made at its first call (null if there is none). */
    synchronized T get(long jobExecutionId, JdbcTemplate jdbc) {
        if (jobExecutionId != this.jobExecutionId) {
            value = make.apply(jdbc);
            this.jobExecutionId = jobExecutionId;
        }
        return value;
    }

    /** The value of this job execution, let go; null if it has none, or it was taken already. */
    synchronized T take(long jobExecutionId) {
        if (jobExecutionId != this.jobExecutionId) {
            return null;
        }
        T taken = value;
        value = null;
        return taken;
    }
}
