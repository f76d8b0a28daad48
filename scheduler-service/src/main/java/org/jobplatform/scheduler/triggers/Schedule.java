package org.jobplatform.scheduler.triggers;

import java.time.Instant;

/** The scheduled times of a trigger. */
public interface Schedule {

    /** The first scheduled time strictly after {@code after}, or {@code null} when there is none. */
    Instant next(Instant after);
}
