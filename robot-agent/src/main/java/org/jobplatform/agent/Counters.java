package org.jobplatform.agent;

import java.util.concurrent.atomic.LongAdder;

/** One robot's counters, written from any thread; {@link AgentStats} is their snapshot. */
final class Counters {

    final LongAdder logLinesWritten = new LongAdder();
    final LongAdder logLinesDelivered = new LongAdder();
    final LongAdder logLinesDropped = new LongAdder();
    final LongAdder stateReportsDelivered = new LongAdder();
    final LongAdder queueItemsDelivered = new LongAdder();
    final LongAdder itemsRejected = new LongAdder();
    final LongAdder startCommands = new LongAdder();
    final LongAdder stopCommands = new LongAdder();
    final LongAdder killCommands = new LongAdder();
    final LongAdder duplicateCommands = new LongAdder();
    final LongAdder ignoredCommands = new LongAdder();
    final LongAdder startsRefused = new LongAdder();
    final LongAdder jobsSucceeded = new LongAdder();
    final LongAdder jobsFaulted = new LongAdder();
    final LongAdder jobsStopped = new LongAdder();
    final LongAdder jobsKilled = new LongAdder();
    final LongAdder heartbeats = new LongAdder();
    final LongAdder serviceUnavailable = new LongAdder();
    final LongAdder connectionErrors = new LongAdder();

    void commandReceived(CommandType type) {
        switch (type) {
            case START:
                startCommands.increment();
                break;
            case STOP:
                stopCommands.increment();
                break;
            default:
                killCommands.increment();
        }
    }

    void jobEnded(ReportedState state) {
        switch (state) {
            case SUCCESSFUL:
                jobsSucceeded.increment();
                break;
            case FAULTED:
                jobsFaulted.increment();
                break;
            case STOPPED:
                jobsStopped.increment();
                break;
            case KILLED:
                jobsKilled.increment();
                break;
            default:
                throw new IllegalArgumentException(state + " is not a final state");
        }
    }

    AgentStats snapshot(long runningJobs, long pendingItems) {
        return new AgentStats(logLinesWritten.sum(), logLinesDelivered.sum(), logLinesDropped.sum(),
                stateReportsDelivered.sum(), queueItemsDelivered.sum(), itemsRejected.sum(), startCommands.sum(),
                stopCommands.sum(), killCommands.sum(), duplicateCommands.sum(), ignoredCommands.sum(),
                startsRefused.sum(), jobsSucceeded.sum(), jobsFaulted.sum(), jobsStopped.sum(), jobsKilled.sum(),
                heartbeats.sum(), serviceUnavailable.sum(), connectionErrors.sum(), runningJobs, pendingItems);
    }
}
