package org.jobplatform.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jobplatform.infra.EmbeddedPostgresServer;
import org.jobplatform.infra.FreePorts;
import org.jobplatform.localstack.Connections;
import org.jobplatform.localstack.ProjectRoot;
import org.jobplatform.localstack.Readiness;
import org.jobplatform.localstack.Service;
import org.jobplatform.localstack.ServiceProcess;
import org.jobplatform.testsupport.SharedInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The five services as separate processes: every instance acknowledges a new epoch and the maintenance API
 * reports the cluster converged; an instance killed with SIGKILL turns {@code alive=false} after the failover
 * timeout (heartbeat interval times missed heartbeats); maintenance-service killed while SUSPENDED comes back
 * SUSPENDED.
 */
class ClusterConvergenceTest {

    private static final Duration HEARTBEAT = Duration.ofMillis(500);
    private static final int MISSED = 3;
    private static final String MAINTENANCE = "http://localhost:" + Service.MAINTENANCE_SERVICE.port();

    private static final List<ServiceProcess> processes = new ArrayList<>();
    private static Path root;
    private static Connections connections;
    private static Path logs;

    @BeforeAll
    static void startTheServices() throws Exception {
        root = ProjectRoot.find(Path.of("").toAbsolutePath());
        for (Service service : Service.values()) {
            FreePorts.requireFree(service.port(), service.moduleName() + " in the system test");
        }
        SharedInfrastructure infra = SharedInfrastructure.get();
        EmbeddedPostgresServer pg = infra.postgres();
        connections = new Connections(infra.bootstrapServers(), pg.host(), pg.port(), pg.database(), pg.username(),
                pg.password());
        logs = Files.createDirectories(root.resolve("system-tests/target/service-logs"));
        for (Service service : Service.values()) {
            processes.add(start(service));
        }
        for (ServiceProcess process : processes) {
            awaitReady(process);
        }
    }

    private static ServiceProcess start(Service service) {
        return ServiceProcess.start(service, root, connections, logs, Map.of(
                "MAINTENANCE_INSTANCE_HEARTBEATINTERVAL", HEARTBEAT.toMillis() + "ms",
                "MAINTENANCE_CONVERGENCE_MISSEDHEARTBEATS", Integer.toString(MISSED)));
    }

    private static void awaitReady(ServiceProcess process) {
        Readiness.Outcome outcome = new Readiness(Duration.ofMillis(250), Duration.ofSeconds(240)).await(process);
        assertThat(outcome).as(process.service().moduleName() + " readiness; log tail: " + process.logTail(40))
                .isEqualTo(Readiness.Outcome.READY);
    }

    @AfterAll
    static void stopTheServices() {
        ServiceProcess.stopAll(processes, Duration.ofSeconds(10));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> instances(Map<String, Object> state) {
        return (List<Map<String, Object>>) state.get("instances");
    }

    private static Map<String, Object> hostState() {
        Http.Response response = Http.get(MAINTENANCE + "/api/maintenance", "admin");
        assertThat(response.status()).isEqualTo(200);
        return response.body();
    }

    private static long epochOf(Http.Response response) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        return ((Number) response.body().get("epoch")).longValue();
    }

    @Test
    void fiveServicesAckANewEpoch_andAKilledInstanceTurnsDeadAfterTheFailoverTimeout() {
        long epoch = epochOf(Http.post(MAINTENANCE + "/api/maintenance/start?phase=DRAINING&reason=system-test", "admin"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<String, Object> state = hostState();
            List<Map<String, Object>> alive = instances(state).stream()
                    .filter(i -> Boolean.TRUE.equals(i.get("alive"))).toList();
            assertThat(alive).extracting(i -> i.get("service")).containsExactlyInAnyOrder(
                    "audit-service", "job-service", "maintenance-service", "robot-gateway", "scheduler-service");
            assertThat(alive).allSatisfy(i -> assertThat(((Number) i.get("appliedEpoch")).longValue()).isEqualTo(epoch));
            assertThat(state.get("converged")).isEqualTo(true);
        });

        ServiceProcess gateway = processes.stream().filter(p -> p.service() == Service.ROBOT_GATEWAY).findFirst()
                .orElseThrow();
        // other system tests in this JVM leave instances of their own behind, long dead: follow this one
        Object gatewayInstance = instances(hostState()).stream()
                .filter(i -> "robot-gateway".equals(i.get("service")) && Boolean.TRUE.equals(i.get("alive")))
                .map(i -> i.get("instanceId")).collect(java.util.stream.Collectors.toList()).get(0);
        gateway.process().destroyForcibly();
        long killedAt = System.nanoTime();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(instances(hostState()))
                .filteredOn(i -> gatewayInstance.equals(i.get("instanceId")))
                .singleElement().satisfies(i -> assertThat(i.get("alive")).isEqualTo(false)));
        Duration detected = Duration.ofNanos(System.nanoTime() - killedAt);
        assertThat(detected).isGreaterThanOrEqualTo(HEARTBEAT.multipliedBy(MISSED).minus(HEARTBEAT));

        long ended = epochOf(Http.post(MAINTENANCE + "/api/maintenance/end", "admin"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<String, Object> state = hostState();
            assertThat(state.get("converged")).isEqualTo(true);
            assertThat(instances(state)).filteredOn(i -> Boolean.TRUE.equals(i.get("alive"))).hasSize(4)
                    .allSatisfy(i -> assertThat(((Number) i.get("appliedEpoch")).longValue()).isEqualTo(ended));
        });
        processes.remove(gateway);
        ServiceProcess restarted = start(Service.ROBOT_GATEWAY);
        processes.add(restarted);
        awaitReady(restarted);
    }

    @Test
    void maintenanceServiceKilledWhileSuspended_comesBackSuspended_andTheServicesStillGate() {
        String tenant = "acme";
        // force: jobs of the tenant left by other classes on the shared database must not refuse the window
        epochOf(Http.post(MAINTENANCE + "/api/maintenance/start?phase=SUSPENDED&force=true&tenantId=" + tenant,
                "admin"));
        try {
            ServiceProcess maintenance = processes.stream()
                    .filter(p -> p.service() == Service.MAINTENANCE_SERVICE).findFirst().orElseThrow();
            maintenance.process().destroyForcibly();
            processes.remove(maintenance);
            ServiceProcess restarted = start(Service.MAINTENANCE_SERVICE);
            processes.add(restarted);
            awaitReady(restarted);
            Http.Response state = Http.get(MAINTENANCE + "/api/maintenance", "acme");
            assertThat(state.body()).containsEntry("phase", "SUSPENDED").containsEntry("effectivePhase", "SUSPENDED");
            Http.Response jobs = Http.get("http://localhost:" + Service.JOB_SERVICE.port() + "/api/jobs", "acme");
            assertThat(jobs.status()).isEqualTo(503);
            assertThat(jobs.body()).containsEntry("phase", "SUSPENDED");
        } finally {
            Http.post(MAINTENANCE + "/api/maintenance/end?tenantId=" + tenant, "admin");
        }
    }
}
