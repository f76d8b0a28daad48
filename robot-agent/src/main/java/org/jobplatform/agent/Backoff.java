package org.jobplatform.agent;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter after failures, from 100 ms up to a cap. Jitter spreads a fleet's retries, so a
 * gateway that comes back is not hit by every robot in the same millisecond. Not thread-safe: one per caller.
 */
final class Backoff {

    private static final long FIRST_MS = 100;

    private final long capMs;
    private int failures;

    Backoff(Duration cap) {
        this.capMs = cap.toMillis();
    }

    /** The wait before the next attempt after one more failure. */
    Duration next() {
        long base = Math.min(capMs, FIRST_MS << Math.min(failures, 20));
        failures++;
        long jitter = ThreadLocalRandom.current().nextLong(base / 4 + 1);
        return Duration.ofMillis(Math.min(capMs, base - base / 8 + jitter));
    }

    void reset() {
        failures = 0;
    }

    int failures() {
        return failures;
    }

    /** How long to honour a {@code Retry-After}: as sent, or capped, plus up to 10 % jitter. */
    static Duration retryAfter(Duration sent, Duration cap) {
        Duration wait = cap != null && sent.compareTo(cap) > 0 ? cap : sent;
        long ms = Math.max(50, wait.toMillis());
        return Duration.ofMillis(ms + ThreadLocalRandom.current().nextLong(ms / 10 + 1));
    }
}
