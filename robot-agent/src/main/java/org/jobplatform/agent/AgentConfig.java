package org.jobplatform.agent;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the robots of an agent reach the gateway, run their jobs and keep what they could not send yet. Immutable:
 * start from {@link #defaults(URI)} and change it with the {@code with...} methods.
 *
 * @param gateway           the robot-gateway's base URI, e.g. {@code http://localhost:8084}
 * @param pollAfter         the heartbeat interval until the gateway's first answer names one ({@code pollAfterMs})
 * @param sse               whether each robot keeps the command stream open, so commands arrive at once
 * @param capacity          how many jobs a robot runs at once; a START beyond it is refused (not remembered)
 * @param retryAfterCap     the longest a robot honours a {@code Retry-After}, or {@code null} to honour it as sent;
 *                          tests use it to keep waits short
 * @param dataDir           where robots keep their outbox and the fleet its {@code robots.json}, or {@code null}
 *                          for memory only (then undelivered items are lost when the process ends)
 * @param batchSize         the most log lines in one call, 1 to 1000 (the gateway's limit)
 * @param memoryBound       the most outbox items a robot keeps in memory; see {@link RobotAgent} for what happens
 *                          when it is reached
 * @param flushDelay        how long a written item waits for others to share its call
 * @param maxBackoff        the longest wait between retries after connection errors and 5xx answers
 * @param requestTimeout    how long a call may take before it counts as a connection error
 * @param shutdownGrace     how long {@link RobotAgent#stop()} lets the outbox drain before it gives up
 * @param streamIdleTimeout a command stream that delivers nothing, not even a keep-alive, for this long is
 *                          reopened, since a silently dead connection would otherwise never end
 * @param rememberedJobs    how many recent job and command ids a robot remembers to ignore repeated commands
 */
public record AgentConfig(URI gateway, Duration pollAfter, boolean sse, int capacity, Duration retryAfterCap,
        Path dataDir, int batchSize, int memoryBound, Duration flushDelay, Duration maxBackoff,
        Duration requestTimeout, Duration shutdownGrace, Duration streamIdleTimeout, int rememberedJobs) {

    /** The gateway's own limit of lines in one log call. */
    public static final int MAX_BATCH_SIZE = 1000;

    public AgentConfig {
        Objects.requireNonNull(gateway, "gateway");
        if (gateway.getScheme() == null || gateway.getHost() == null
                || !(gateway.getScheme().equals("http") || gateway.getScheme().equals("https"))) {
            throw new IllegalArgumentException("gateway must be an http(s) URI with a host, got " + gateway);
        }
        positive(pollAfter, "pollAfter");
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        if (retryAfterCap != null) {
            positive(retryAfterCap, "retryAfterCap");
        }
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("batchSize must be 1 to " + MAX_BATCH_SIZE + ", got " + batchSize);
        }
        if (memoryBound < 1) {
            throw new IllegalArgumentException("memoryBound must be at least 1, got " + memoryBound);
        }
        Objects.requireNonNull(flushDelay, "flushDelay");
        if (flushDelay.isNegative()) {
            throw new IllegalArgumentException("flushDelay must not be negative");
        }
        positive(maxBackoff, "maxBackoff");
        positive(requestTimeout, "requestTimeout");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        if (shutdownGrace.isNegative()) {
            throw new IllegalArgumentException("shutdownGrace must not be negative");
        }
        positive(streamIdleTimeout, "streamIdleTimeout");
        if (rememberedJobs < 1) {
            throw new IllegalArgumentException("rememberedJobs must be at least 1, got " + rememberedJobs);
        }
    }

    /**
     * The defaults: heartbeat every 5 s, command stream on, capacity 2, {@code Retry-After} honoured as sent, memory
     * only, 500 lines a call, 10,000 items in memory, 100 ms flush delay, backoff up to 5 s, 30 s call timeout, 5 s
     * shutdown grace, stream reopened after 90 s of silence, 10,000 remembered ids.
     */
    public static AgentConfig defaults(URI gateway) {
        return new AgentConfig(gateway, Duration.ofSeconds(5), true, 2, null, null, 500, 10_000,
                Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(5),
                Duration.ofSeconds(90), 10_000);
    }

    public AgentConfig withPollAfter(Duration value) {
        return new AgentConfig(gateway, value, sse, capacity, retryAfterCap, dataDir, batchSize, memoryBound,
                flushDelay, maxBackoff, requestTimeout, shutdownGrace, streamIdleTimeout, rememberedJobs);
    }

    public AgentConfig withSse(boolean value) {
        return new AgentConfig(gateway, pollAfter, value, capacity, retryAfterCap, dataDir, batchSize, memoryBound,
                flushDelay, maxBackoff, requestTimeout, shutdownGrace, streamIdleTimeout, rememberedJobs);
    }

    public AgentConfig withCapacity(int value) {
        return new AgentConfig(gateway, pollAfter, sse, value, retryAfterCap, dataDir, batchSize, memoryBound,
                flushDelay, maxBackoff, requestTimeout, shutdownGrace, streamIdleTimeout, rememberedJobs);
    }

    public AgentConfig withRetryAfterCap(Duration value) {
        return new AgentConfig(gateway, pollAfter, sse, capacity, value, dataDir, batchSize, memoryBound,
                flushDelay, maxBackoff, requestTimeout, shutdownGrace, streamIdleTimeout, rememberedJobs);
    }

    public AgentConfig withDataDir(Path value) {
        return new AgentConfig(gateway, pollAfter, sse, capacity, retryAfterCap, value, batchSize, memoryBound,
                flushDelay, maxBackoff, requestTimeout, shutdownGrace, streamIdleTimeout, rememberedJobs);
    }

    public AgentConfig withBatchSize(int value) {
        return new AgentConfig(gateway, pollAfter, sse, capacity, retryAfterCap, dataDir, value, memoryBound,
                flushDelay, maxBackoff, requestTimeout, shutdownGrace, streamIdleTimeout, rememberedJobs);
    }

    public AgentConfig withMemoryBound(int value) {
        return new AgentConfig(gateway, pollAfter, sse, capacity, retryAfterCap, dataDir, batchSize, value,
                flushDelay, maxBackoff, requestTimeout, shutdownGrace, streamIdleTimeout, rememberedJobs);
    }

    public AgentConfig withFlushDelay(Duration value) {
        return new AgentConfig(gateway, pollAfter, sse, capacity, retryAfterCap, dataDir, batchSize, memoryBound,
                value, maxBackoff, requestTimeout, shutdownGrace, streamIdleTimeout, rememberedJobs);
    }

    public AgentConfig withMaxBackoff(Duration value) {
        return new AgentConfig(gateway, pollAfter, sse, capacity, retryAfterCap, dataDir, batchSize, memoryBound,
                flushDelay, value, requestTimeout, shutdownGrace, streamIdleTimeout, rememberedJobs);
    }

    public AgentConfig withRequestTimeout(Duration value) {
        return new AgentConfig(gateway, pollAfter, sse, capacity, retryAfterCap, dataDir, batchSize, memoryBound,
                flushDelay, maxBackoff, value, shutdownGrace, streamIdleTimeout, rememberedJobs);
    }

    public AgentConfig withShutdownGrace(Duration value) {
        return new AgentConfig(gateway, pollAfter, sse, capacity, retryAfterCap, dataDir, batchSize, memoryBound,
                flushDelay, maxBackoff, requestTimeout, value, streamIdleTimeout, rememberedJobs);
    }

    public AgentConfig withStreamIdleTimeout(Duration value) {
        return new AgentConfig(gateway, pollAfter, sse, capacity, retryAfterCap, dataDir, batchSize, memoryBound,
                flushDelay, maxBackoff, requestTimeout, shutdownGrace, value, rememberedJobs);
    }

    public AgentConfig withRememberedJobs(int value) {
        return new AgentConfig(gateway, pollAfter, sse, capacity, retryAfterCap, dataDir, batchSize, memoryBound,
                flushDelay, maxBackoff, requestTimeout, shutdownGrace, streamIdleTimeout, value);
    }

    private static void positive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
