package org.jobplatform.job.lifecycle;

/** A request that the job's current state does not allow (answered 409). */
public class JobConflictException extends RuntimeException {

    public JobConflictException(String message) {
        super(message);
    }
}
