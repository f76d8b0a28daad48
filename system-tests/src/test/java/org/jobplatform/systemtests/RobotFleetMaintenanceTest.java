package org.jobplatform.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jobplatform.agent.AgentConfig;
import org.jobplatform.agent.AgentListener;
import org.jobplatform.agent.RobotCredentials;
import org.jobplatform.agent.RobotFleet;
import org.jobplatform.agent.ReportedState;
import org.jobplatform.contracts.Topics;
import org.jobplatform.localstack.Service;
import org.jobplatform.localstack.ServiceProcess;
import org.jobplatform.testsupport.SharedKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

/**
 * maintenance-service, job-service and robot-gateway as processes, and fleets of robot agents (the real client of
 * the robot API) running the jobs: windows drain, suspend and end with the robots' own confirmation, and nothing a
 * robot wrote is lost or delivered twice.
 */
class RobotFleetMaintenanceTest {

    private static final String MAINTENANCE = "http://localhost:" + Service.MAINTENANCE_SERVICE.port();
    private static final String JOBS = "http://localhost:" + Service.JOB_SERVICE.port();
    private static final String GATEWAY = "http://localhost:" + Service.ROBOT_GATEWAY.port();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Map<String, String> GATEWAY_SETTINGS = Map.of("robots.heartbeat.poll-after", "1s",
            "maintenance.gate.retry-after", "1s", "maintenance.gate.retry-after-jitter", "1s");

    private static Cluster cluster;
    private static ServiceProcess gateway;
    private static Path dataDir;
    private static final Map<String, ReportedState> endedByRobots = new ConcurrentHashMap<>();
    private final List<RobotFleet> fleets = new ArrayList<>();

    @BeforeAll
    static void startTheServices() throws Exception {
        cluster = new Cluster("fleet-logs");
        dataDir = Files.createTempDirectory("fleet-test");
        cluster.start(Service.MAINTENANCE_SERVICE, Service.MAINTENANCE_SERVICE.port(), Map.of(
                "maintenance.auto-suspend.settle", "3s", "maintenance.auto-suspend.check-interval", "500ms"));
        cluster.start(Service.JOB_SERVICE, Service.JOB_SERVICE.port(), Map.of(
                "jobs.reconciliation.resend-after", "1s", "jobs.reconciliation.missing-grace", "3s",
                "jobs.drain.sweep-interval", "500ms", "jobs.robots.connected-timeout", "5s"));
        gateway = cluster.start(Service.ROBOT_GATEWAY, Service.ROBOT_GATEWAY.port(), GATEWAY_SETTINGS);
    }

    @AfterAll
    static void stopTheServices() {
        cluster.close();
    }

    @AfterEach
    void stopTheFleetsAndEndEveryWindow() {
        fleets.forEach(RobotFleet::close);
        Http.post(MAINTENANCE + "/api/maintenance/end", "admin");
        for (String tenant : List.of("acme", "globex")) {
            Http.post(MAINTENANCE + "/api/maintenance/end?tenantId=" + tenant, "admin");
        }
    }

    /** A started fleet of the tenant's robots, each running up to {@code capacity} jobs. */
    private RobotFleet fleet(String tenant, int robots, int capacity, String prefix) {
        AgentConfig config = AgentConfig.defaults(URI.create(GATEWAY)).withCapacity(capacity)
                .withRetryAfterCap(Duration.ofSeconds(2)).withDataDir(dataDir.resolve(prefix));
        List<RobotCredentials> credentials = RobotFleet.provision(config, tenant, tenant, robots, prefix);
        RobotFleet fleet = new RobotFleet(config, credentials, new AgentListener() {
            @Override
            public void onJobEnded(String robotId, String jobId, ReportedState state, long endedAtNanos) {
                endedByRobots.put(jobId, state);
            }
        });
        fleets.add(fleet);
        fleet.start();
        return fleet;
    }

    private static String createJob(String tenant, long durationMs) {
        Http.Response created = Http.postJson(JOBS + "/api/jobs", tenant, "{\"processName\":\"invoices\","
                + "\"inputArguments\":{\"durationMs\":" + durationMs + ",\"logEveryMs\":200}}");
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        return (String) created.body().get("id");
    }

    private static String state(String jobId) {
        return (String) Http.get(JOBS + "/api/jobs/" + jobId, "admin").body().get("state");
    }

    private static void awaitStates(List<String> jobs, String state) {
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(jobs)
                .allSatisfy(job -> assertThat(state(job)).as(job).isEqualTo(state)));
    }

    private static Http.Response start(String query) {
        return Http.post(MAINTENANCE + "/api/maintenance/start?" + query, "admin");
    }

    private static Map<String, Object> maintenance(String query) {
        return Http.get(MAINTENANCE + "/api/maintenance" + query, "admin").body();
    }

    /** The running jobs maintenance-service knows of, as job-service reported them, in the scope's drain. */
    private static long runningJobs(String query) {
        return ((Number) ((Map<?, ?>) maintenance(query).get("drain")).get("runningJobs")).longValue();
    }

    /** Waits until every service instance has applied the scope's current phase (the 200 comes before that). */
    private static void awaitConverged(String query) {
        await().atMost(Duration.ofSeconds(30)).until(() -> Boolean.TRUE.equals(maintenance(query).get("converged")));
    }

    private static String robotOf(String jobId) {
        return (String) Http.get(JOBS + "/api/jobs/" + jobId, "admin").body().get("robotId");
    }

    @Test
    void hostDraining_stopsEveryRunningJobOfEveryTenant_refusesNewJobs_andRobotTrafficStillFlows() {
        fleet("acme", 2, 3, "drain-acme");
        fleet("globex", 1, 3, "drain-globex");
        List<String> jobs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            jobs.add(createJob("acme", 120_000));
        }
        for (int i = 0; i < 3; i++) {
            jobs.add(createJob("globex", 120_000));
        }
        awaitStates(jobs, "RUNNING");

        assertThat(start("phase=DRAINING&reason=upgrade").status()).isEqualTo(200);
        awaitConverged("");
        Http.Response refused = Http.postJson(JOBS + "/api/jobs", "acme", "{\"processName\":\"late\"}");
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.retryAfter()).isNotNull();
        assertThat(refused.body()).containsEntry("phase", "DRAINING");

        awaitStates(jobs, "STOPPED");
        assertThat(jobs).allSatisfy(job -> assertThat(endedByRobots).containsEntry(job, ReportedState.STOPPED));
        // the robots' last log lines ("stopped") were written after the Stop, in DRAINING, and reached the topic
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(logLines(Set.copyOf(jobs)))
                .anySatisfy(line -> assertThat(line).contains("stopped")));
        // queue items are accepted in DRAINING too
        RobotCredentials robot = credentials("drain-acme");
        Http.Response item = Http.postJson(GATEWAY + "/api/robot/queues/invoices/items", robot.robotId(),
                robot.secret(), "{\"reference\":\"in-drain\",\"content\":{\"n\":1}}");
        assertThat(item.status()).isEqualTo(202);
        assertThat(SharedKafka.readAll(Topics.QUEUE_ITEMS))
                .anySatisfy(r -> assertThat(new String(r.value(), StandardCharsets.UTF_8)).contains("in-drain"));
        @SuppressWarnings("unchecked")
        Map<String, Object> drain = (Map<String, Object>) maintenance("").get("drain");
        await().atMost(Duration.ofSeconds(30)).until(() -> runningJobs("") == 0);
        assertThat(drain).isNotNull();
    }

    @Test
    void suspended_isRefusedWhileAJobRuns_andAutoSuspendGetsThereOnceTheRobotsConfirm() {
        fleet("acme", 1, 2, "auto-acme");
        String job = createJob("acme", 120_000);
        awaitStates(List.of(job), "RUNNING");
        // maintenance-service decides on the job counts job-service reports: the running job must be in them
        await().atMost(Duration.ofSeconds(30)).until(() -> runningJobs("?tenantId=acme") >= 1);

        Http.Response refused = start("phase=SUSPENDED&tenantId=acme");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(((Number) refused.body().get("runningJobs")).longValue()).isGreaterThanOrEqualTo(1);
        assertThat(maintenance("?tenantId=acme")).containsEntry("phase", "NONE");

        assertThat(start("phase=DRAINING&tenantId=acme&autoSuspend=true").status()).isEqualTo(200);
        awaitStates(List.of(job), "STOPPED");
        await().atMost(Duration.ofSeconds(60))
                .until(() -> "SUSPENDED".equals(maintenance("?tenantId=acme").get("phase")));
        assertThat(maintenance("?tenantId=acme")).containsEntry("requestedBy", "auto-suspend");
        awaitConverged("?tenantId=acme");
        // every robot endpoint answers 503 with a Retry-After while suspended
        RobotCredentials robot = credentials("auto-acme");
        for (String path : List.of("/api/robot/heartbeat", "/api/robot/logs", "/api/robot/jobs/" + job + "/state",
                "/api/robot/queues/q/items")) {
            Http.Response answer = Http.postJson(GATEWAY + path, robot.robotId(), robot.secret(), "{}");
            assertThat(answer.status()).as(path).isEqualTo(503);
            assertThat(answer.retryAfter()).as(path).isNotNull();
        }
    }

    @Test
    void killJobs_andTheDrainDeadline_endJobsKilled() {
        fleet("globex", 1, 3, "kill-globex");
        String killed = createJob("globex", 120_000);
        awaitStates(List.of(killed), "RUNNING");
        assertThat(start("phase=SUSPENDED&tenantId=globex&killJobs=true").status()).isEqualTo(200);
        assertThat(maintenance("?tenantId=globex")).containsEntry("phase", "SUSPENDED");
        // job-service has acted on the window (the Kill is issued) before it ends
        awaitStates(List.of(killed), "TERMINATING");
        Http.post(MAINTENANCE + "/api/maintenance/end?tenantId=globex", "admin");
        // the robot could not call in while suspended: the Kill reaches it after the end
        awaitStates(List.of(killed), "KILLED");

        String late = createJob("globex", 120_000);
        awaitStates(List.of(late), "RUNNING");
        assertThat(start("phase=DRAINING&tenantId=globex&strategy=FINISH&drainDeadline=PT2S").status())
                .isEqualTo(200);
        awaitStates(List.of(late), "KILLED");
        assertThat(endedByRobots).containsEntry(killed, ReportedState.KILLED).containsEntry(late, ReportedState.KILLED);
    }

    @Test
    void aFleetThatKeptWorkingThroughSuspended_deliversEveryLogLineExactlyOnce_andEveryJobEndsInItsTrueState() {
        RobotFleet fleet = fleet("acme", 2, 2, "suspend-acme");
        List<String> running = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            // long enough to be running when the window starts, even on a slow machine
            running.add(createJob("acme", 8_000 + 1_000L * i));
        }
        awaitStates(running, "RUNNING");
        // the robots are full: these two wait, and are held through the window
        List<String> held = List.of(createJob("acme", 500), createJob("acme", 500));

        assertThat(start("phase=SUSPENDED&force=true").status()).isEqualTo(200);
        // the robots cannot call in, yet their jobs run to their end and write their log lines
        await().atMost(Duration.ofSeconds(60)).until(() -> running.stream()
                .allMatch(job -> endedByRobots.get(job) == ReportedState.SUCCESSFUL));
        await().atMost(Duration.ofSeconds(30)).until(() -> fleet.stats().serviceUnavailable() > 0);
        assertThat(held).allSatisfy(job -> assertThat(state(job)).isEqualTo("PENDING"));
        assertThat(Http.post(MAINTENANCE + "/api/maintenance/end", "admin").status()).isEqualTo(200);

        awaitStates(running, "SUCCESSFUL");
        awaitStates(held, "SUCCESSFUL");
        await().atMost(Duration.ofSeconds(60)).until(fleet::isIdle);
        Set<String> fleetJobs = new HashSet<>(running);
        fleetJobs.addAll(held);
        long written = fleet.stats().logLinesWritten();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<String> ids = logIds(fleetJobs);
            assertThat(ids).hasSize((int) written);
            assertThat(new HashSet<>(ids)).hasSize(ids.size());
        });
        assertThat(fleet.stats().logLinesDelivered()).isEqualTo(written);
        for (String job : fleetJobs) {
            assertThat(state(job)).isEqualTo(endedByRobots.get(job).name());
        }
    }

    @Test
    void aStopLostWithARestartedGateway_isSentAgainByReconciliation() {
        fleet("globex", 1, 2, "lost-globex");
        String job = createJob("globex", 120_000);
        awaitStates(List.of(job), "RUNNING");
        cluster.kill(gateway);
        assertThat(start("phase=DRAINING&tenantId=globex").status()).isEqualTo(200);
        // job-service sent the Stop while no gateway was there to read it
        await().atMost(Duration.ofSeconds(30)).until(() -> "STOPPING".equals(state(job)));
        gateway = cluster.start(Service.ROBOT_GATEWAY, Service.ROBOT_GATEWAY.port(), GATEWAY_SETTINGS);
        awaitStates(List.of(job), "STOPPED");
        assertThat(robotOf(job)).isNotNull();
        assertThat(stopCommands(job)).isGreaterThanOrEqualTo(2);
    }

    private static RobotCredentials credentials(String prefix) {
        return RobotFleet.provision(AgentConfig.defaults(URI.create(GATEWAY)).withDataDir(dataDir.resolve(prefix)),
                "acme", "acme", 1, prefix).get(0);
    }

    private static long stopCommands(String jobId) {
        return SharedKafka.readAll(Topics.ROBOT_COMMANDS).stream()
                .map(r -> json(r)).filter(c -> jobId.equals(c.get("jobId")) && "STOP".equals(c.get("type"))).count();
    }

    private static List<String> logLines(Set<String> jobs) {
        return SharedKafka.readAll(Topics.ROBOT_LOGS).stream().map(RobotFleetMaintenanceTest::json)
                .filter(line -> jobs.contains(line.get("jobId"))).map(line -> (String) line.get("message")).toList();
    }

    private static List<String> logIds(Set<String> jobs) {
        return SharedKafka.readAll(Topics.ROBOT_LOGS).stream().map(RobotFleetMaintenanceTest::json)
                .filter(line -> jobs.contains(line.get("jobId"))).map(line -> (String) line.get("lineId")).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(ConsumerRecord<String, byte[]> record) {
        return JSON.readValue(record.value(), Map.class);
    }
}
