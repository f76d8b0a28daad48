package org.jobplatform.agent;

/** A job's state as a robot reports it: running, or one of the final states. */
public enum ReportedState {
    /** The robot started the job. */
    RUNNING,
    /** The job ended by itself without error. */
    SUCCESSFUL,
    /** The job ended by itself with an error. */
    FAULTED,
    /** The job ended gracefully because it was asked to stop. */
    STOPPED,
    /** The job was ended at once. */
    KILLED;

    /** Whether the job ended with this state. */
    public boolean isFinal() {
        return this != RUNNING;
    }
}
