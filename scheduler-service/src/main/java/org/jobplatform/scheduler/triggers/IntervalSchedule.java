package org.jobplatform.scheduler.triggers;

import java.time.Duration;
import java.time.Instant;

/**
 * Every {@code interval} counted from {@code anchor} (the trigger's creation): the times are
 * {@code anchor + k * interval}, k &ge; 1, so they never drift, however late each one is handled.
 */
public record IntervalSchedule(Instant anchor, Duration interval) implements Schedule {

    public IntervalSchedule {
        if (interval.toMillis() < 1) {
            throw new IllegalArgumentException("interval must be positive");
        }
    }

    @Override
    public Instant next(Instant after) {
        long step = interval.toMillis();
        long elapsed = after.toEpochMilli() - anchor.toEpochMilli();
        long k = elapsed < 0 ? 1 : elapsed / step + 1;
        return anchor.plusMillis(k * step);
    }
}
