package org.jobplatform.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.jobplatform.agent.AgentFixture.PATIENCE;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Registering a fleet's robots, keeping them across runs, and running them together. */
class RobotFleetTest extends AgentTest {

    @TempDir
    Path dataDir;

    @Test
    void provision_registersTheRobotsAndSavesThem_soTheNextRunReusesThem() {
        AgentConfig config = fixture.config().withDataDir(dataDir);

        List<RobotCredentials> first = RobotFleet.provision(config, "acme", "acme", 3, "demo");

        assertThat(first).hasSize(3).extracting(RobotCredentials::robotId).doesNotHaveDuplicates();
        assertThat(gateway.registrations()).isEqualTo(3);
        assertThat(dataDir.resolve("robots.json")).exists();
        assertThat(RobotFleet.provision(config, "acme", "acme", 3, "demo")).isEqualTo(first);
        assertThat(gateway.registrations()).isEqualTo(3);
        List<RobotCredentials> more = RobotFleet.provision(config, "acme", "acme", 4, "demo");
        assertThat(more.subList(0, 3)).isEqualTo(first);
        assertThat(gateway.registrations()).isEqualTo(4);
    }

    @Test
    void provision_picksAnotherName_whenTheNameIsTakenAndItsSecretUnknown() {
        RobotCredentials taken = RobotFleet.provision(fixture.config(), "acme", "acme", 1, "demo").get(0);

        RobotCredentials other = RobotFleet.provision(fixture.config(), "acme", "acme", 1, "demo").get(0);

        assertThat(other.robotId()).isNotEqualTo(taken.robotId());
        assertThat(gateway.registrations()).isEqualTo(3);
    }

    @Test
    void provision_withAWrongPassword_failsWithAClearMessage() {
        assertThatThrownBy(() -> RobotFleet.provision(fixture.config(), "acme", "wrong", 1, "demo"))
                .isInstanceOf(RegistrationException.class)
                .hasMessageContaining("failed with 401")
                .hasMessageContaining("--user acme:acme");
    }

    @Test
    void provision_refusesADataDirectoryMadeForAnotherGateway() throws Exception {
        RobotFleet.provision(fixture.config().withDataDir(dataDir), "acme", "acme", 1, "demo");
        AgentConfig elsewhere = AgentConfig.defaults(URI.create("http://gateway.example:8084")).withDataDir(dataDir);

        assertThatThrownBy(() -> RobotFleet.provision(elsewhere, "acme", "acme", 1, "demo"))
                .isInstanceOf(RegistrationException.class)
                .hasMessageContaining("use another data directory");
        assertThat(Files.readString(dataDir.resolve("robots.json"))).contains(gateway.uri().toString());
    }

    @Test
    void aFleet_runsItsRobots_sumsTheirStats_andBecomesIdle() throws Exception {
        AgentConfig config = fixture.config().withDataDir(dataDir);
        List<RobotCredentials> robots = RobotFleet.provision(config, "acme", "acme", 3, "demo");
        try (RobotFleet fleet = new RobotFleet(config, robots, AgentListener.NONE, fixture.runtime)) {
            fleet.start();
            for (RobotAgent robot : fleet.robots()) {
                gateway.queue(robot.robotId(), ScriptedGateway.start(UUID.randomUUID().toString(), 300, 50, null));
            }
            await().atMost(PATIENCE).until(() -> fleet.stats().startCommands() == 3);

            assertThat(fleet.awaitIdle(PATIENCE)).isTrue();

            AgentStats stats = fleet.stats();
            assertThat(stats.jobsSucceeded()).isEqualTo(3);
            assertThat(stats.stateReportsDelivered()).isEqualTo(6);
            assertThat(stats.logLinesDelivered()).isEqualTo(stats.logLinesWritten()).isEqualTo(gateway.lines().size());
            assertThat(fleet.robot(robots.get(1).robotId()).stats().jobsSucceeded()).isEqualTo(1);
        }
    }

    @Test
    void aHundredRobots_withOpenStreamsAndRunningJobs_needOnlyTheRuntimesFewThreads() throws Exception {
        List<RobotCredentials> robots = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            robots.add(gateway.robot());
        }
        gateway.pollAfterMs(2000);
        AgentConfig config = fixture.config().withSse(true).withPollAfter(Duration.ofSeconds(2));
        long before = agentThreads();
        try (RobotFleet fleet = new RobotFleet(config, robots, AgentListener.NONE, fixture.runtime)) {
            fleet.start();
            await().atMost(PATIENCE).until(() -> robots.stream().allMatch(r -> gateway.streamOpen(r.robotId())));
            for (RobotCredentials robot : robots) {
                gateway.push(robot.robotId(), ScriptedGateway.start(UUID.randomUUID().toString(), 1000, 100, null));
            }
            await().atMost(PATIENCE).until(() -> fleet.stats().runningJobs() == 100);

            // the runtime's four scheduler threads and the HTTP client's selector, however many robots
            assertThat(agentThreads() - before).isLessThanOrEqualTo(5);
            assertThat(fleet.awaitIdle(PATIENCE)).isTrue();
            AgentStats stats = fleet.stats();
            assertThat(stats.jobsSucceeded()).isEqualTo(100);
            assertThat(gateway.lines()).hasSize((int) stats.logLinesWritten())
                    .extracting(ScriptedGateway.Line::id).doesNotHaveDuplicates();
        }
    }

    private static long agentThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.isAlive() && !thread.getName().startsWith("scripted-gateway")
                        && !thread.getName().startsWith("HTTP-Dispatcher"))
                .count();
    }
}
