package org.caseload;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Parts of one step's work run at once, each on its own thread in its own transaction, so on its
 * own database connection: PostgreSQL runs a connection's statement on one core (an INSERT ...
 * SELECT never gets parallel workers), and two parts keep both cores busy. Waits for all of them;
 * when any failed, throws its failure (the others' added as suppressed) after the others
 * committed, so each part must be safe to run again, as a restarted step runs it.
 */
public final class AtOnce {

    private static final Logger log = LoggerFactory.getLogger(AtOnce.class);

    /** A part, named for the log. */
    public record Part(String name, Runnable work) {
    }

    private AtOnce() {
    }

    public static void run(PlatformTransactionManager tx, List<Part> parts) {
        TransactionTemplate ownTransaction = new TransactionTemplate(tx);
        ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        ExecutorService threads = Executors.newFixedThreadPool(parts.size());
        try {
            List<CompletableFuture<Void>> runs = new ArrayList<>();
            for (Part part : parts) {
                runs.add(CompletableFuture.runAsync(() -> {
                    long start = System.nanoTime();
                    ownTransaction.executeWithoutResult(status -> part.work().run());
                    log.info("{} done in {} s", part.name(), String.format("%.1f", (System.nanoTime() - start) / 1e9));
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
        } finally {
            threads.shutdown();
        }
    }
}
