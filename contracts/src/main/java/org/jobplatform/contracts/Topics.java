package org.jobplatform.contracts;

import java.util.List;

/** Every Kafka topic of the platform, defined once. */
public final class Topics {

    /** Phase changes, keyed by scope ({@code host}, {@code tenant:<id>}); read in full by every instance. */
    public static final String PHASE_CHANGES = "maintenance.phase-changes.v1";
    /** Phase acknowledgements and heartbeats, keyed by instance id. */
    public static final String ACKS = "maintenance.acks.v1";
    /** Job lifecycle and drain progress, keyed by tenant. */
    public static final String JOB_EVENTS = "jobs.events.v1";
    /** Commands for robots, keyed by robot id. */
    public static final String ROBOT_COMMANDS = "robots.commands.v1";
    /** Robot state reports and heartbeats, keyed by job id. */
    public static final String ROBOT_REPORTS = "robots.reports.v1";
    /** Robot log lines, keyed by job id. */
    public static final String ROBOT_LOGS = "robots.logs.v1";
    /** Queue items added by robots, keyed by queue. */
    public static final String QUEUE_ITEMS = "queues.items.v1";
    /** Job requests from triggers, keyed by tenant. */
    public static final String SCHEDULER_JOB_REQUESTS = "scheduler.job-requests.v1";
    /** Trigger executions (fired, skipped, ...), keyed by tenant. */
    public static final String SCHEDULER_EXECUTIONS = "scheduler.executions.v1";

    /** Suffix of a dead-letter topic: {@code <topic>.<group>.dlt}. */
    public static final String DEAD_LETTER_SUFFIX = ".dlt";

    /** Topics whose events the audit replays: they keep their events forever unless configured otherwise. */
    public static final List<String> REPLAYED_BY_AUDIT = List.of(PHASE_CHANGES, JOB_EVENTS, SCHEDULER_EXECUTIONS);

    /** Every topic above. */
    public static final List<String> ALL = List.of(PHASE_CHANGES, ACKS, JOB_EVENTS, ROBOT_COMMANDS, ROBOT_REPORTS,
            ROBOT_LOGS, QUEUE_ITEMS, SCHEDULER_JOB_REQUESTS, SCHEDULER_EXECUTIONS);

    /** The dead-letter topic of a consumer group on a topic. */
    public static String deadLetter(String topic, String group) {
        return topic + "." + group + DEAD_LETTER_SUFFIX;
    }

    private Topics() {
    }
}
