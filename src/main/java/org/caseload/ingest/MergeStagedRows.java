package org.caseload.ingest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.caseload.PracticeConfig;
import org.caseload.SqlScript;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A part of the merge of every staged row (this run's and those still waiting for a reference)
 * into the ingested tables: scripts of set-based SQL from {@code sql/ingest/}. One script runs in
 * the step's transaction; two or more run at once, each on its own thread in its own
 * transaction (on its own database connection), and the step ends when all have: it fails if
 * any failed, after the others committed. Each script is written to be run again on what is
 * left staged, so a restarted step runs them all again. The payment half
 * ({@code merge_payments.sql}) is preceded, in its transaction, by what a first load of payments
 * needs ({@link FirstLoadPayments}).
 *
 * <p>Two scripts at once are one step, not a split flow of two steps: Spring Batch 6 updates the
 * job execution when each step starts, and two steps starting at once on two threads can make
 * one of them fail on the job execution's version (seen here once in about ten runs).
 */
class MergeStagedRows implements Tasklet {

    private static final Logger log = LoggerFactory.getLogger(MergeStagedRows.class);

    private static final String PAYMENTS = "sql/ingest/merge_payments.sql";

    private final List<SqlScript> scripts;
    private final NamedParameterJdbcTemplate jdbc;
    private final PracticeConfig config;
    private final TransactionTemplate ownTransaction;

    MergeStagedRows(List<String> scripts, NamedParameterJdbcTemplate jdbc, PracticeConfig config,
            PlatformTransactionManager tx) {
        this.scripts = scripts.stream().map(SqlScript::load).toList();
        this.jdbc = jdbc;
        this.config = config;
        this.ownTransaction = new TransactionTemplate(tx);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        JobExecution job = contribution.getStepExecution().getJobExecution();
        long instance = job.getJobInstance().getInstanceId();
        Map<String, Object> params = Map.of(
                "instance", instance,
                "tz", config.zone().getId(),
                "asOf", job.getJobParameters().getLocalDate(EtlJobConfiguration.AS_OF));
        Path inbox = Path.of(job.getJobParameters().getString(EtlJobConfiguration.INBOX));
        if (scripts.size() == 1) {
            run(scripts.get(0), params, instance, inbox);
            return RepeatStatus.FINISHED;
        }
        ExecutorService threads = Executors.newFixedThreadPool(scripts.size());
        try {
            List<CompletableFuture<Void>> runs = new ArrayList<>();
            for (SqlScript script : scripts) {
                runs.add(CompletableFuture.runAsync(() -> {
                    long start = System.nanoTime();
                    ownTransaction.executeWithoutResult(status -> run(script, params, instance, inbox));
                    log.info("{} done in {} s", script, String.format("%.1f", (System.nanoTime() - start) / 1e9));
                }, threads));
            }
            RuntimeException failure = null;
            for (CompletableFuture<Void> run : runs) {
                try {
                    run.join();
                } catch (CompletionException e) {
                    RuntimeException cause = e.getCause() instanceof RuntimeException r ? r : e;
                    if (failure == null) {
                        failure = cause;
                    } else {
                        failure.addSuppressed(cause);
                    }
                }
            }
            if (failure != null) {
                throw failure;
            }
            return RepeatStatus.FINISHED;
        } finally {
            threads.shutdown();
        }
    }

    private void run(SqlScript script, Map<String, Object> params, long instance, Path inbox) {
        if (script.toString().equals(PAYMENTS)) {
            FirstLoadPayments.setAside(jdbc, params, instance, inbox);
        }
        script.run(jdbc, params);
    }
}
