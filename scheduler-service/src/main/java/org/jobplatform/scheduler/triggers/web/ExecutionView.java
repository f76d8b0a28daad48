package org.jobplatform.scheduler.triggers.web;

import java.time.Instant;

import org.jobplatform.scheduler.executions.Execution;

/** An execution as the API shows it. */
public record ExecutionView(String executionId, Instant scheduledAt, String outcome, String jobId, String windowId,
        Instant recordedAt) {

    static ExecutionView of(Execution e) {
        return new ExecutionView(e.id(), e.scheduledAt(), e.outcome().name(), e.jobId(), e.windowId(),
                e.recordedAt());
    }
}
