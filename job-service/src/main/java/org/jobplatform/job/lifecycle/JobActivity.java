package org.jobplatform.job.lifecycle;

import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.stereotype.Component;

/**
 * Hints from committed job changes to the background workers of this instance: a job waits for a robot or a
 * robot has room (dispatch), a job started while its tenant is in maintenance (drain). A hint only makes a worker
 * run sooner; each worker also runs on a timer, so a hint lost with a crashed instance costs time, not work.
 */
@Component
public class JobActivity {

    private final AtomicBoolean dispatch = new AtomicBoolean(true);
    private final AtomicBoolean drain = new AtomicBoolean(true);

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
}
