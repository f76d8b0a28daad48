package org.jobplatform.agent;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** Tasks on the agent's shared scheduler, which refuses new ones once the runtime closes. */
final class Scheduling {

    /** Runs the task after the delay; {@code null} when the scheduler has shut down (the agent is stopping). */
    static ScheduledFuture<?> schedule(ScheduledExecutorService scheduler, Runnable task, long nanos) {
        try {
            return scheduler.schedule(task, nanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            return null;
        }
    }

    /** Cancels a scheduled task, if any, without interrupting it. */
    static void cancel(ScheduledFuture<?> future) {
        if (future != null) {
            future.cancel(false);
        }
    }

    private Scheduling() {
    }
}
