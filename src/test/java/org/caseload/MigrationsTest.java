package org.caseload;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the migrations leave in the schema, beyond what the jobs' tests show. */
class MigrationsTest extends EtlTestSupport {

    /**
     * A function PostgreSQL takes for parallel unsafe (the default when a migration does not say)
     * keeps every statement that calls it on one core: the planner decides before it inlines the
     * function. Ours that compute from their arguments alone are declared parallel safe.
     */
    @Test
    void everyImmutableFunctionOfOursIsParallelSafe() {
        assertThat(jdbc.queryForList("select proname from pg_proc where pronamespace = 'public'::regnamespace "
                + "and provolatile = 'i'", String.class)).contains("week_of", "appointment_reject_reason");
        assertThat(jdbc.queryForList("select proname from pg_proc where pronamespace = 'public'::regnamespace "
                + "and provolatile = 'i' and proparallel <> 's'", String.class)).isEmpty();
    }
}
