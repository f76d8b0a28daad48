package org.jobplatform.agent;

/**
 * A snapshot of what one robot, or a fleet (the sum of its robots), wrote, delivered and received. Counters only
 * grow; {@code runningJobs} and {@code pendingItems} are the values at the time of the snapshot.
 *
 * @param logLinesWritten       log lines the robot's jobs wrote
 * @param logLinesDelivered     log lines the gateway accepted (2xx)
 * @param logLinesDropped       log lines not kept because the memory bound was reached without a data directory
 * @param stateReportsDelivered job state reports the gateway accepted
 * @param queueItemsDelivered   queue items the gateway accepted
 * @param itemsRejected         items the gateway refused as bad input (4xx), logged and dropped
 * @param startCommands         distinct START commands received
 * @param stopCommands          distinct STOP commands received
 * @param killCommands          distinct KILL commands received
 * @param duplicateCommands     commands received again with an id already seen
 * @param ignoredCommands       commands not acted on: START for a job run before, STOP or KILL for a job not run
 * @param startsRefused         START commands refused because the robot was at capacity
 * @param jobsSucceeded         jobs that ended SUCCESSFUL
 * @param jobsFaulted           jobs that ended FAULTED
 * @param jobsStopped           jobs that ended STOPPED
 * @param jobsKilled            jobs that ended KILLED
 * @param heartbeats            heartbeats the gateway answered
 * @param serviceUnavailable    calls answered 503 (or 429)
 * @param connectionErrors      calls that failed without an answer, or with a 5xx other than 503
 * @param runningJobs           jobs running now
 * @param pendingItems          outbox items not delivered yet
 */
public record AgentStats(long logLinesWritten, long logLinesDelivered, long logLinesDropped,
        long stateReportsDelivered, long queueItemsDelivered, long itemsRejected, long startCommands,
        long stopCommands, long killCommands, long duplicateCommands, long ignoredCommands, long startsRefused,
        long jobsSucceeded, long jobsFaulted, long jobsStopped, long jobsKilled, long heartbeats,
        long serviceUnavailable, long connectionErrors, long runningJobs, long pendingItems) {

    /** Nothing yet: the start of a sum. */
    public static final AgentStats ZERO = new AgentStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** The distinct commands of one type received. */
    public long commandsReceived(CommandType type) {
        switch (type) {
            case START:
                return startCommands;
            case STOP:
                return stopCommands;
            case KILL:
                return killCommands;
            default:
                throw new IllegalArgumentException(type.name());
        }
    }

    /** The jobs that ended in one final state. */
    public long jobsEnded(ReportedState state) {
        switch (state) {
            case SUCCESSFUL:
                return jobsSucceeded;
            case FAULTED:
                return jobsFaulted;
            case STOPPED:
                return jobsStopped;
            case KILLED:
                return jobsKilled;
            default:
                throw new IllegalArgumentException(state + " is not a final state");
        }
    }

    /** All jobs that ended, in any final state. */
    public long jobsEnded() {
        return jobsSucceeded + jobsFaulted + jobsStopped + jobsKilled;
    }

    /** This snapshot plus another: how a fleet sums its robots. */
    public AgentStats plus(AgentStats o) {
        return new AgentStats(logLinesWritten + o.logLinesWritten, logLinesDelivered + o.logLinesDelivered,
                logLinesDropped + o.logLinesDropped, stateReportsDelivered + o.stateReportsDelivered,
                queueItemsDelivered + o.queueItemsDelivered, itemsRejected + o.itemsRejected,
                startCommands + o.startCommands, stopCommands + o.stopCommands, killCommands + o.killCommands,
                duplicateCommands + o.duplicateCommands, ignoredCommands + o.ignoredCommands,
                startsRefused + o.startsRefused, jobsSucceeded + o.jobsSucceeded, jobsFaulted + o.jobsFaulted,
                jobsStopped + o.jobsStopped, jobsKilled + o.jobsKilled, heartbeats + o.heartbeats,
                serviceUnavailable + o.serviceUnavailable, connectionErrors + o.connectionErrors,
                runningJobs + o.runningJobs, pendingItems + o.pendingItems);
    }

    /** One line for a status display. */
    public String summary() {
        return "running=" + runningJobs + " pending=" + pendingItems + " lines written/delivered/dropped="
                + logLinesWritten + "/" + logLinesDelivered + "/" + logLinesDropped + " states=" + stateReportsDelivered
                + " commands start/stop/kill=" + startCommands + "/" + stopCommands + "/" + killCommands
                + " jobs ok/faulted/stopped/killed=" + jobsSucceeded + "/" + jobsFaulted + "/" + jobsStopped + "/"
                + jobsKilled + " heartbeats=" + heartbeats + " 503s=" + serviceUnavailable + " errors="
                + connectionErrors + " rejected=" + itemsRejected;
    }
}
