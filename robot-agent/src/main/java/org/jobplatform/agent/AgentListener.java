package org.jobplatform.agent;

import java.time.Duration;

/**
 * Hears what robots receive and do, for example to time command delivery in a benchmark. Called on the agent's
 * shared threads: an implementation must be quick and thread-safe, and must not block.
 */
public interface AgentListener {

    /** A listener that hears nothing. */
    AgentListener NONE = new AgentListener() {
    };

    /**
     * A robot received a command it had not seen before (duplicates are not reported).
     *
     * @param receivedAtNanos {@link System#nanoTime()} when its bytes were read
     */
    default void onCommand(String robotId, Command command, long receivedAtNanos) {
    }

    /**
     * A robot's job ended; its final state report is in the robot's outbox (not necessarily delivered yet).
     *
     * @param endedAtNanos {@link System#nanoTime()} when it ended
     */
    default void onJobEnded(String robotId, String jobId, ReportedState state, long endedAtNanos) {
    }

    /** The gateway refused a robot's call with 503 (or 429); the robot waits {@code wait} before its next call. */
    default void onServiceUnavailable(String robotId, Duration wait) {
    }
}
