package org.jobplatform.job.lifecycle;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.stereotype.Component;

/**
 * Hints from committed job changes to the background workers of this instance: a job waits for a robot or a
 * robot has room (dispatch), a job started while its tenant is in maintenance (drain). A hint only makes a worker
 * run sooner; each worker also runs on a timer, so a hint lost with a crashed instance costs time, not work. It also
 * tells whether a drain sweep runs, so that the robots' reports can wait for its end (see
 * {@code RobotReportsConsumer}).
 */
@Component
public class JobActivity {

    private final AtomicBoolean dispatch = new AtomicBoolean(true);
    private final AtomicBoolean drain = new AtomicBoolean(true);
    /** Drain sweeps running on this instance; also the monitor their end is signalled on. */
    private final AtomicInteger sweeps = new AtomicInteger();
    private final AtomicInteger waiting = new AtomicInteger();

    /** Jobs may be dispatched now. */
    public void dispatchWanted() {
        dispatch.set(true);
    }

    /** Running jobs may need a Stop or Kill now. */
    public void drainWanted() {
        drain.set(true);
    }

    /** Whether dispatch was wanted since the last call. */
    public boolean takeDispatchWanted() {
        return dispatch.getAndSet(false);
    }

    /** Whether a drain sweep was wanted since the last call. */
    public boolean takeDrainWanted() {
        return drain.getAndSet(false);
    }

    /** A drain sweep of this instance begins; {@link #sweepEnded} must follow. */
    public void sweepStarted() {
        sweeps.incrementAndGet();
    }

    /** A drain sweep of this instance ended, however it ended. */
    public void sweepEnded() {
        if (sweeps.decrementAndGet() == 0) {
            synchronized (sweeps) {
                sweeps.notifyAll();
            }
        }
    }

    /**
     * Waits until no drain sweep of this instance runs, at most {@code max}.
     *
     * @return whether none runs (else the wait ran out, or the thread was interrupted)
     */
    public boolean awaitNoSweep(Duration max) {
        if (sweeps.get() == 0) {
            // the usual case, every batch of reports: no lock taken
            return true;
        }
        long deadline = System.nanoTime() + max.toNanos();
        synchronized (sweeps) {
            if (sweeps.get() == 0) {
                return true;
            }
            waiting.incrementAndGet();
            try {
                while (sweeps.get() > 0) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    TimeUnit.NANOSECONDS.timedWait(sweeps, left);
                }
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } finally {
                waiting.decrementAndGet();
            }
        }
    }

    /** Threads waiting in {@link #awaitNoSweep} now. */
    public int waitingForSweep() {
        return waiting.get();
    }
}
