package org.jobplatform.scheduler.triggers;

import java.time.Instant;

/** One moment. */
public record OnceSchedule(Instant at) implements Schedule {

    @Override
    public Instant next(Instant after) {
        return at.isAfter(after) ? at : null;
    }
}
