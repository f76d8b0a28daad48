package org.jobplatform.contracts;

import java.util.EnumSet;
import java.util.Set;

/** The lifecycle of a job, with the transitions that are legal from each state. */
public enum JobState {
    PENDING, RUNNING, STOPPING, TERMINATING, SUCCESSFUL, FAULTED, STOPPED, KILLED;

    /** Whether the job has ended; an ended job never changes again. */
    public boolean isFinal() {
        return this == SUCCESSFUL || this == FAULTED || this == STOPPED || this == KILLED;
    }

    /** The states this one may move to. */
    public Set<JobState> next() {
        return switch (this) {
            case PENDING -> EnumSet.of(RUNNING, STOPPED, KILLED, FAULTED);
            case RUNNING -> EnumSet.of(STOPPING, TERMINATING, SUCCESSFUL, FAULTED, STOPPED, KILLED);
            case STOPPING -> EnumSet.of(TERMINATING, SUCCESSFUL, FAULTED, STOPPED, KILLED);
            case TERMINATING -> EnumSet.of(SUCCESSFUL, FAULTED, STOPPED, KILLED);
            case SUCCESSFUL, FAULTED, STOPPED, KILLED -> EnumSet.noneOf(JobState.class);
        };
    }

    /** Whether moving from this state to {@code to} is legal. */
    public boolean canMoveTo(JobState to) {
        return next().contains(to);
    }

    /** Parses case-insensitively; throws {@link IllegalArgumentException} naming the accepted values. */
    public static JobState parse(String value) {
        return Enums.parse(JobState.class, value, "job state");
    }
}
