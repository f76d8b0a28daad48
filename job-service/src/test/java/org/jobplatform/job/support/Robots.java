package org.jobplatform.job.support;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jobplatform.contracts.DrainStrategy;
import org.jobplatform.contracts.EventTypes;
import org.jobplatform.contracts.JobState;
import org.jobplatform.contracts.JobStateReported;
import org.jobplatform.contracts.MaintenancePhaseChanged;
import org.jobplatform.contracts.Phase;
import org.jobplatform.contracts.RobotCommandIssued;
import org.jobplatform.contracts.RobotHeartbeatReceived;
import org.jobplatform.contracts.Scope;
import org.jobplatform.contracts.Topics;
import org.jobplatform.starter.messaging.EventCodec;
import org.jobplatform.starter.phase.PhaseView;
import org.jobplatform.testsupport.SharedKafka;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Plays robot-gateway and maintenance-service around a job-service under test: robots' heartbeats and state reports
 * go on robots.reports.v1, phase changes on the phase topic, and the commands job-service sent are read back from
 * robots.commands.v1.
 */
public final class Robots {

    private static final EventCodec GATEWAY = new EventCodec("/robot-gateway");
    private static final EventCodec MAINTENANCE = new EventCodec("/maintenance-service");

    private final int port;
    private final PhaseView view;

    public Robots(int port, PhaseView view) {
        this.port = port;
        this.view = view;
    }

    /** A fresh robot id. */
    public static String newRobot() {
        return UUID.randomUUID().toString();
    }

    /** A client of the job API as a Basic user whose password is its name. */
    public WebTestClient as(String user) {
        return WebTestClient.bindToServer().baseUrl("http://localhost:" + port).responseTimeout(Duration.ofSeconds(30))
                .defaultHeaders(h -> h.setBasicAuth(user, user)).build();
    }

    /** Creates a job as the tenant user; returns its id. */
    public String createJob(String user, String robotId) {
        String body = robotId == null ? "{\"processName\":\"invoices\"}"
                : "{\"processName\":\"invoices\",\"robotId\":\"" + robotId + "\"}";
        return (String) as(user).post().uri("/api/jobs").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody()
                .get("id");
    }

    /** The job as the API shows it to the user. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> job(String user, String jobId) {
        return as(user).get().uri("/api/jobs/" + jobId).exchange().expectStatus().isOk().expectBody(Map.class)
                .returnResult().getResponseBody();
    }

    /** Waits until the job is in the state. */
    public void awaitState(String user, String jobId, JobState state) {
        await().atMost(Duration.ofSeconds(30)).until(() -> state.name().equals(job(user, jobId).get("state")));
    }

    /** A robot's heartbeat. */
    public static void heartbeat(String robotId, String tenant, int capacity, List<String> running) {
        SharedKafka.publish(GATEWAY.toRecord(Topics.ROBOT_REPORTS, robotId,
                new RobotHeartbeatReceived(robotId, tenant, running, capacity, Instant.now()), robotId));
    }

    /** A robot's state report. */
    public static void report(String robotId, String tenant, String jobId, JobState state) {
        SharedKafka.publish(GATEWAY.toRecord(Topics.ROBOT_REPORTS, jobId,
                new JobStateReported(jobId, robotId, tenant, state, null, Instant.now()), jobId));
    }

    /** Every command job-service sent so far for a job. */
    public static List<RobotCommandIssued> commands(String jobId) {
        return SharedKafka.readAll(Topics.ROBOT_COMMANDS).stream()
                .filter(r -> EventTypes.ROBOT_COMMAND_ISSUED.equals(EventCodec.type(r)))
                .map(r -> GATEWAY.decode(r.value(), RobotCommandIssued.class))
                .filter(c -> jobId.equals(c.jobId())).toList();
    }

    /** Starts a job as a robot would after its START: the job turns RUNNING on that robot. */
    public void run(String user, String tenant, String robotId, String jobId) {
        report(robotId, tenant, jobId, JobState.RUNNING);
        awaitState(user, jobId, JobState.RUNNING);
    }

    /** Publishes a phase change of a scope and waits until job-service applied it; returns the window id. */
    public String phase(Scope scope, Phase phase, DrainStrategy strategy, boolean killJobs, boolean force,
            String drainDeadline) {
        MaintenancePhaseChanged current = view.state(scope).orElse(null);
        long epoch = current == null ? 1 : current.epoch() + 1;
        String window = phase == Phase.NONE ? null
                : current != null && current.windowId() != null ? current.windowId() : UUID.randomUUID().toString();
        MaintenancePhaseChanged change = new MaintenancePhaseChanged(scope.key(), scope.tenantId(), phase,
                current == null ? Phase.NONE : current.phase(), epoch, window, Instant.now(), "admin", "test",
                killJobs, force, strategy, drainDeadline, false, Instant.now());
        SharedKafka.publish(MAINTENANCE.toRecord(Topics.PHASE_CHANGES, scope.key(), change, scope.key()));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> view.appliedEpochs().getOrDefault(scope.key(), 0L) >= epoch);
        return window;
    }

    /** Starts a STOP-strategy DRAINING window for the scope. */
    public String drain(Scope scope) {
        return phase(scope, Phase.DRAINING, DrainStrategy.STOP, false, false, null);
    }

    /** Ends maintenance of the scope. */
    public void end(Scope scope) {
        phase(scope, Phase.NONE, DrainStrategy.STOP, false, false, null);
    }
}
