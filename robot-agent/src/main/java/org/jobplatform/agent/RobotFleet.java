package org.jobplatform.agent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Many simulated robots in one JVM, sharing one {@link AgentRuntime}. Register them with {@link #provision}, which
 * reuses the robots saved in the data directory's {@code robots.json}, so a restarted agent keeps its robots and
 * delivers what they left in their outboxes.
 */
public final class RobotFleet implements AutoCloseable {

    private final AgentConfig config;
    private final AgentRuntime runtime;
    private final boolean ownsRuntime;
    private final List<RobotAgent> robots;

    /** A fleet with its own runtime, closed with the fleet. */
    public RobotFleet(AgentConfig config, List<RobotCredentials> credentials, AgentListener listener) {
        this(config, credentials, listener, AgentRuntime.create(), true);
    }

    /** A fleet on a runtime the caller owns (and closes after the fleet). */
    public RobotFleet(AgentConfig config, List<RobotCredentials> credentials, AgentListener listener,
            AgentRuntime runtime) {
        this(config, credentials, listener, runtime, false);
    }

    private RobotFleet(AgentConfig config, List<RobotCredentials> credentials, AgentListener listener,
            AgentRuntime runtime, boolean ownsRuntime) {
        this.config = config;
        this.runtime = runtime;
        this.ownsRuntime = ownsRuntime;
        List<RobotAgent> agents = new ArrayList<>();
        try {
            for (RobotCredentials robot : credentials) {
                agents.add(new RobotAgent(robot, config, runtime, listener));
            }
        } catch (RuntimeException e) {
            // release the outboxes already opened, or a retry in this JVM would find them locked
            agents.forEach(agent -> agent.stopAsync(Duration.ZERO).join());
            if (ownsRuntime) {
                runtime.close();
            }
            throw e;
        }
        this.robots = List.copyOf(agents);
    }

    /**
     * The credentials of {@code count} robots of the tenant of {@code user}: first those saved in the data
     * directory (if configured and made for the same gateway), then new ones registered as {@code namePrefix-1},
     * {@code namePrefix-2}... (a taken name gets a random suffix). New robots are saved before this returns.
     *
     * @throws RegistrationException when the gateway refuses the user, cannot be reached, or the saved robots
     *                               belong to another gateway
     */
    public static List<RobotCredentials> provision(AgentConfig config, String user, String password, int count,
            String namePrefix) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, got " + count);
        }
        return new Registrar(config, user, password).provision(count, namePrefix);
    }

    public List<RobotAgent> robots() {
        return robots;
    }

    /** The robot with this id; {@link IllegalArgumentException} if the fleet has none. */
    public RobotAgent robot(String robotId) {
        return robots.stream().filter(robot -> robot.robotId().equals(robotId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no robot " + robotId + " in this fleet"));
    }

    public int size() {
        return robots.size();
    }

    public void start() {
        robots.forEach(RobotAgent::start);
    }

    /** Stops every robot at once (their grace periods overlap) and returns when all outboxes are closed. */
    public void stop() {
        CompletableFuture.allOf(robots.stream().map(robot -> robot.stopAsync(config.shutdownGrace()))
                .toArray(CompletableFuture[]::new)).join();
    }

    /** The sum of the robots' statistics. */
    public AgentStats stats() {
        AgentStats sum = AgentStats.ZERO;
        for (RobotAgent robot : robots) {
            sum = sum.plus(robot.stats());
        }
        return sum;
    }

    /** No robot runs a job and every outbox is empty. */
    public boolean isIdle() {
        return robots.stream().allMatch(RobotAgent::isIdle);
    }

    /**
     * Waits until the fleet {@linkplain #isIdle() is idle}.
     *
     * @return {@code false} if it was not idle within the timeout
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        try {
            return Polling.until(this::isIdle, timeout, runtime.scheduler())
                    .get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return isIdle();
        }
    }

    /** Stops the robots, then the runtime if the fleet made it. */
    @Override
    public void close() {
        try {
            stop();
        } finally {
            if (ownsRuntime) {
                runtime.close();
            }
        }
    }
}
