package org.jobplatform.job.lifecycle;

import java.time.Instant;
import java.util.UUID;

import org.jobplatform.contracts.JobState;
import org.jobplatform.contracts.JobStateChanged;
import org.jobplatform.contracts.RobotCommandIssued;
import org.jobplatform.contracts.RobotCommandType;
import org.jobplatform.contracts.Topics;
import org.jobplatform.starter.outbox.Outbox;

/** What job-service says about a job: its state changes (through the outbox) and the commands for its robot. */
public final class JobEvents {

    /**
     * A {@code JobStateChanged} on {@code jobs.events.v1}, keyed by tenant; a maintenance sweep's statement writes
     * the same event itself ({@code JobRepository.moveInStates}).
     */
    public static Outbox.Entry changed(Job job, JobState previous) {
        JobStateChanged event = new JobStateChanged(job.id(), job.tenantId(), job.processName(), job.robotId(),
                job.state(), previous, job.reason(), job.windowId(), job.updatedAt());
        return new Outbox.Entry(Topics.JOB_EVENTS, job.tenantId(), event, job.id());
    }

    /** A command for the job's robot, sent by {@link RobotCommands} once the change commits; a START carries the work. */
    public static RobotCommandIssued command(Job job, RobotCommandType type, String reason, String windowId,
            Instant at) {
        boolean start = type == RobotCommandType.START;
        return issued(job.id(), job.tenantId(), job.robotId(), type, start ? job.processName() : null,
                start ? job.inputArguments() : null, reason, windowId, at);
    }

    /** A STOP or KILL for a job's robot, from the job's fields; a START needs the whole job. */
    public static RobotCommandIssued command(String jobId, String tenantId, String robotId, RobotCommandType type,
            String reason, String windowId, Instant at) {
        if (type == RobotCommandType.START) {
            throw new IllegalArgumentException("a START carries the job's work: build it from the job");
        }
        return issued(jobId, tenantId, robotId, type, null, null, reason, windowId, at);
    }

    private static RobotCommandIssued issued(String jobId, String tenantId, String robotId, RobotCommandType type,
            String processName, String inputArguments, String reason, String windowId, Instant at) {
        return new RobotCommandIssued(UUID.randomUUID().toString(), robotId, tenantId, type, jobId, processName,
                inputArguments, reason, windowId, at);
    }

    private JobEvents() {
    }
}
