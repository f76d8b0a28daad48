package org.jobplatform.contracts;

import java.util.Map;
import java.util.Optional;

/**
 * CloudEvents types of the platform's events, versioned. The wire type is this string, never a class name;
 * {@link #of(Class)} and {@link #recordFor(String)} map between the two.
 */
public final class EventTypes {

    private static final String PREFIX = "org.jobplatform.";

    public static final String PHASE_CHANGED = PREFIX + "maintenance.phase-changed.v1";
    public static final String PHASE_APPLIED = PREFIX + "maintenance.phase-applied.v1";
    public static final String INSTANCE_HEARTBEAT = PREFIX + "maintenance.instance-heartbeat.v1";
    public static final String DRAIN_PROGRESS_REPORTED = PREFIX + "jobs.drain-progress-reported.v1";
    public static final String JOB_STATE_CHANGED = PREFIX + "jobs.job-state-changed.v1";
    public static final String ROBOT_LOG_WRITTEN = PREFIX + "robots.log-written.v1";
    public static final String JOB_STATE_REPORTED = PREFIX + "robots.job-state-reported.v1";
    public static final String QUEUE_ITEM_ADDED = PREFIX + "queues.item-added.v1";
    public static final String ROBOT_COMMAND_ISSUED = PREFIX + "robots.command-issued.v1";
    public static final String ROBOT_HEARTBEAT_RECEIVED = PREFIX + "robots.heartbeat-received.v1";
    public static final String JOB_REQUESTED = PREFIX + "scheduler.job-requested.v1";
    public static final String JOBS_REQUESTED = PREFIX + "scheduler.jobs-requested.v1";
    public static final String JOB_REQUEST_ACCEPTED = PREFIX + "jobs.job-request-accepted.v1";
    public static final String JOB_REQUEST_REFUSED = PREFIX + "jobs.job-request-refused.v1";
    public static final String TRIGGER_EXECUTION_RECORDED = PREFIX + "scheduler.trigger-execution-recorded.v1";

    private static final Map<Class<?>, String> TYPES = Map.ofEntries(
            Map.entry(MaintenancePhaseChanged.class, PHASE_CHANGED),
            Map.entry(PhaseApplied.class, PHASE_APPLIED),
            Map.entry(InstanceHeartbeat.class, INSTANCE_HEARTBEAT),
            Map.entry(DrainProgressReported.class, DRAIN_PROGRESS_REPORTED),
            Map.entry(JobStateChanged.class, JOB_STATE_CHANGED),
            Map.entry(RobotLogWritten.class, ROBOT_LOG_WRITTEN),
            Map.entry(JobStateReported.class, JOB_STATE_REPORTED),
            Map.entry(QueueItemAdded.class, QUEUE_ITEM_ADDED),
            Map.entry(RobotCommandIssued.class, ROBOT_COMMAND_ISSUED),
            Map.entry(RobotHeartbeatReceived.class, ROBOT_HEARTBEAT_RECEIVED),
            Map.entry(JobRequested.class, JOB_REQUESTED),
            Map.entry(JobsRequested.class, JOBS_REQUESTED),
            Map.entry(JobRequestAccepted.class, JOB_REQUEST_ACCEPTED),
            Map.entry(JobRequestRefused.class, JOB_REQUEST_REFUSED),
            Map.entry(TriggerExecutionRecorded.class, TRIGGER_EXECUTION_RECORDED));

    /** The type of an event record; throws for a class that is not an event of the contract. */
    public static String of(Class<?> eventClass) {
        String type = TYPES.get(eventClass);
        if (type == null) {
            throw new IllegalArgumentException(eventClass.getName() + " is not an event of the contract");
        }
        return type;
    }

    /** The record of a type, if the contract knows it. */
    public static Optional<Class<?>> recordFor(String type) {
        return TYPES.entrySet().stream().filter(e -> e.getValue().equals(type)).<Class<?>>map(Map.Entry::getKey)
                .findFirst();
    }

    private EventTypes() {
    }
}
