package org.jobplatform.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.jobplatform.agent.AgentConfig;
import org.jobplatform.agent.AgentListener;
import org.jobplatform.agent.RobotFleet;
import org.jobplatform.localstack.Service;
import org.jobplatform.localstack.ServiceProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two job-service instances share a drain: one is killed (SIGKILL) the moment the window starts, and the other
 * finishes it, from the jobs not yet handled, with the robots' confirmations that the dead instance's partitions
 * were getting.
 */
class TwoJobServicesDrainTest {

    private static final int SECOND_JOB_SERVICE_PORT = 8086;
    private static final int ROBOTS = 10;
    private static final int CAPACITY = 5;
    private static final String MAINTENANCE = "http://localhost:" + Service.MAINTENANCE_SERVICE.port();
    private static final String JOBS_A = "http://localhost:" + Service.JOB_SERVICE.port();
    private static final String JOBS_B = "http://localhost:" + SECOND_JOB_SERVICE_PORT;
    private static final String GATEWAY = "http://localhost:" + Service.ROBOT_GATEWAY.port();
    // small drain batches, so the drain is many transactions and the kill lands in the middle of it
    private static final Map<String, String> JOB_SERVICE_SETTINGS = Map.of("jobs.drain.batch-size", "5",
            "jobs.reconciliation.resend-after", "1s", "jobs.drain.sweep-interval", "500ms",
            "jobs.robots.connected-timeout", "5s");

    private static Cluster cluster;
    private static ServiceProcess first;
    private static RobotFleet fleet;

    @BeforeAll
    static void startTheServices() throws Exception {
        cluster = new Cluster("two-job-services-logs");
        cluster.start(Service.MAINTENANCE_SERVICE, Service.MAINTENANCE_SERVICE.port(), Map.of());
        first = cluster.start(Service.JOB_SERVICE, Service.JOB_SERVICE.port(), JOB_SERVICE_SETTINGS);
        cluster.start(Service.JOB_SERVICE, SECOND_JOB_SERVICE_PORT, JOB_SERVICE_SETTINGS);
        cluster.start(Service.ROBOT_GATEWAY, Service.ROBOT_GATEWAY.port(), Map.of("robots.heartbeat.poll-after", "1s",
                "maintenance.gate.retry-after", "1s"));
        AgentConfig config = AgentConfig.defaults(URI.create(GATEWAY)).withCapacity(CAPACITY)
                .withRetryAfterCap(Duration.ofSeconds(2))
                .withDataDir(Files.createTempDirectory("two-job-services"));
        fleet = new RobotFleet(config, RobotFleet.provision(config, "acme", "acme", ROBOTS, "pair"),
                AgentListener.NONE);
        fleet.start();
    }

    @AfterAll
    static void stopTheServices() {
        if (fleet != null) {
            fleet.close();
        }
        Http.post(MAINTENANCE + "/api/maintenance/end", "admin");
        cluster.close();
    }

    /** How many of the given jobs are in the state, as job-service lists them (the tenant may have others). */
    private static long count(String jobs, String state, Set<String> ids) {
        return Http.getList(jobs + "/api/jobs?state=" + state + "&limit=1000", "acme").stream()
                .filter(job -> ids.contains(job.get("id"))).count();
    }

    @Test
    void killingOneOfTwoJobServiceInstancesMidDrain_stillDrainsEverything() {
        int jobs = ROBOTS * CAPACITY;
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < jobs; i++) {
            Http.Response created = Http.postJson((i % 2 == 0 ? JOBS_A : JOBS_B) + "/api/jobs", "acme",
                    "{\"processName\":\"pair\",\"inputArguments\":{\"durationMs\":300000,\"logEveryMs\":1000}}");
            assertThat(created.status()).isEqualTo(201);
            ids.add((String) created.body().get("id"));
        }
        await().atMost(Duration.ofSeconds(120)).until(() -> count(JOBS_B, "RUNNING", ids) == jobs);

        assertThat(Http.post(MAINTENANCE + "/api/maintenance/start?phase=DRAINING&reason=two-instances", "admin")
                .status()).isEqualTo(200);
        cluster.kill(first);

        await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
            assertThat(count(JOBS_B, "RUNNING", ids)).isZero();
            assertThat(count(JOBS_B, "STOPPING", ids)).isZero();
            assertThat(count(JOBS_B, "STOPPED", ids)).isEqualTo(jobs);
        });
        await().atMost(Duration.ofSeconds(60)).until(() -> fleet.stats().runningJobs() == 0);
        await().atMost(Duration.ofSeconds(30)).until(() -> ((Number) ((Map<?, ?>) Http.get(MAINTENANCE
                + "/api/maintenance", "admin").body().get("drain")).get("runningJobs")).longValue() == 0);
    }
}
