package org.jobplatform.job.lifecycle;

import org.jobplatform.contracts.JobState;

/** What a user asks of an existing job, and the state it leads to from each state. */
public enum JobCommand {
    STOP, KILL;

    /**
     * The state a job moves to, or {@code null} when it is already on its way there (nothing to do).
     *
     * @throws JobConflictException when the job has ended
     */
    public JobState target(Job job) {
        JobState state = job.state();
        if (state.isFinal()) {
            throw new JobConflictException("Job " + job.id() + " has already ended (" + state + ").");
        }
        if (this == STOP) {
            return switch (state) {
                case PENDING -> JobState.STOPPED;
                case RUNNING -> JobState.STOPPING;
                default -> null;
            };
        }
        return switch (state) {
            case PENDING -> JobState.KILLED;
            case RUNNING, STOPPING -> JobState.TERMINATING;
            default -> null;
        };
    }
}
