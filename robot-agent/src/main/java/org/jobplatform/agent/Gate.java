package org.jobplatform.agent;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * When a robot may call the gateway again. A 503 on any of its calls closes the gate for every call of that robot:
 * in SUSPENDED the gateway refuses them all, so trying the others would only add load.
 */
final class Gate {

    private final AtomicLong openAt = new AtomicLong(System.nanoTime());

    /** Closes the gate for at least {@code wait} from now; a later opening already set is kept. */
    void closeFor(Duration wait) {
        long until = System.nanoTime() + wait.toNanos();
        openAt.accumulateAndGet(until, (current, proposed) -> proposed - current > 0 ? proposed : current);
    }

    /** Nanoseconds until the gate opens; 0 or less when it is open. */
    long remainingNanos() {
        return openAt.get() - System.nanoTime();
    }
}
