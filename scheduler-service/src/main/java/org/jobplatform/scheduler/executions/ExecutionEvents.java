package org.jobplatform.scheduler.executions;

import java.time.Instant;

import org.jobplatform.contracts.JobRequested;
import org.jobplatform.contracts.Topics;
import org.jobplatform.contracts.TriggerExecutionRecorded;
import org.jobplatform.scheduler.triggers.Trigger;
import org.jobplatform.starter.outbox.Outbox;

/** The outbox entries scheduler-service writes for an execution: its job request and its recorded outcome. */
public final class ExecutionEvents {

    /** A {@code JobRequested} on {@code scheduler.job-requests.v1}, keyed by tenant, subject = request id. */
    public static Outbox.Entry requested(Trigger trigger, Execution execution, Instant at) {
        JobRequested request = new JobRequested(execution.requestId(), trigger.id(), trigger.tenantId(),
                trigger.processName(), trigger.robotId(), trigger.inputArguments(), execution.scheduledAt(), at,
                trigger.exempt());
        return new Outbox.Entry(Topics.SCHEDULER_JOB_REQUESTS, trigger.tenantId(), request, execution.requestId());
    }

    /** A {@code TriggerExecutionRecorded} on {@code scheduler.executions.v1}, keyed by tenant, subject = execution. */
    public static Outbox.Entry recorded(String triggerName, String processName, Execution execution) {
        TriggerExecutionRecorded event = new TriggerExecutionRecorded(execution.id(), execution.triggerId(),
                triggerName, execution.tenantId(), processName, execution.scheduledAt(), execution.outcome(),
                execution.jobId(), execution.windowId(), execution.recordedAt());
        return new Outbox.Entry(Topics.SCHEDULER_EXECUTIONS, execution.tenantId(), event, execution.id());
    }

    private ExecutionEvents() {
    }
}
