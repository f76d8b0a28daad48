package org.jobplatform.agent;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A scripted gateway, a runtime and the robots a test makes, all closed after the test. The configuration keeps
 * every wait short: heartbeats every 100 ms, Retry-After capped at 300 ms, backoff up to 500 ms.
 */
final class AgentFixture implements AutoCloseable {

    /** Generous: the build machine has two cores and runs other builds at once. */
    static final Duration PATIENCE = Duration.ofSeconds(60);

    final ScriptedGateway gateway;
    final AgentRuntime runtime = AgentRuntime.create(4);
    private final List<RobotAgent> agents = new ArrayList<>();

    AgentFixture() throws IOException {
        gateway = new ScriptedGateway();
    }

    AgentConfig config() {
        return AgentConfig.defaults(gateway.uri())
                .withPollAfter(Duration.ofMillis(100))
                .withSse(false)
                .withRetryAfterCap(Duration.ofMillis(300))
                .withFlushDelay(Duration.ofMillis(20))
                .withMaxBackoff(Duration.ofMillis(500))
                .withShutdownGrace(Duration.ofSeconds(2));
    }

    /** A started robot the gateway knows. */
    RobotAgent started(AgentConfig config) {
        return started(gateway.robot(), config, AgentListener.NONE);
    }

    RobotAgent started(RobotCredentials credentials, AgentConfig config, AgentListener listener) {
        RobotAgent agent = agent(credentials, config, listener);
        agent.start();
        return agent;
    }

    RobotAgent agent(RobotCredentials credentials, AgentConfig config, AgentListener listener) {
        RobotAgent agent = new RobotAgent(credentials, config, runtime, listener);
        agents.add(agent);
        return agent;
    }

    @Override
    public void close() {
        try {
            agents.forEach(agent -> agent.stopAsync(Duration.ZERO).join());
        } finally {
            runtime.close();
            gateway.close();
        }
    }
}
