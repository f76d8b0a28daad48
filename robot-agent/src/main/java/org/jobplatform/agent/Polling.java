package org.jobplatform.agent;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Waits for a condition with scheduled checks, so the wait holds no thread. */
final class Polling {

    private static final long EVERY_MS = 20;

    private Polling() {
    }

    /** Completes with {@code true} once the condition holds, or {@code false} when the timeout passes first. */
    static CompletableFuture<Boolean> until(BooleanSupplier condition, Duration timeout,
            ScheduledExecutorService scheduler) {
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        Runnable check = new Runnable() {
            @Override
            public void run() {
                if (condition.getAsBoolean()) {
                    result.complete(true);
                } else if (System.nanoTime() - deadline >= 0) {
                    result.complete(false);
                } else {
                    try {
                        scheduler.schedule(this, EVERY_MS, TimeUnit.MILLISECONDS);
                    } catch (RejectedExecutionException e) {
                        result.complete(condition.getAsBoolean());
                    }
                }
            }
        };
        try {
            scheduler.execute(check);
        } catch (RejectedExecutionException e) {
            result.complete(condition.getAsBoolean());
        }
        return result;
    }
}
