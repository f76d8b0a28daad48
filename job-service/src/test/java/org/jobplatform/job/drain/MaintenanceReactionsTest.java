package org.jobplatform.job.drain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.jobplatform.contracts.CloudEventHeaders;
import org.jobplatform.contracts.DrainStrategy;
import org.jobplatform.contracts.EventTypes;
import org.jobplatform.contracts.JobState;
import org.jobplatform.contracts.JobStateChanged;
import org.jobplatform.contracts.Phase;
import org.jobplatform.contracts.RobotCommandIssued;
import org.jobplatform.contracts.RobotCommandType;
import org.jobplatform.contracts.Scope;
import org.jobplatform.contracts.Topics;
import org.jobplatform.job.support.RobotsTest;
import org.jobplatform.job.support.Robots;
import org.jobplatform.starter.messaging.EventCodec;
import org.jobplatform.starter.outbox.OutboxRelay;
import org.jobplatform.testsupport.SharedKafka;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Each tenant's jobs react to its effective phase: Stop, let finish, Kill, kill at the deadline, hold. */
class MaintenanceReactionsTest extends RobotsTest {

    private static final EventCodec CODEC = new EventCodec("/test");

    @Autowired
    ConnectionFactory connections;

    @Autowired
    DatabaseClient db;

    /** A job of the tenant running on a robot of its own. */
    private String runningJob(String tenant) {
        String robot = Robots.newRobot();
        Robots.heartbeat(robot, tenant, 1, List.of());
        String job = robots.createJob(tenant, robot);
        await().atMost(Duration.ofSeconds(30)).until(() -> !commands(job, RobotCommandType.START).isEmpty());
        robots.run(tenant, tenant, robot, job);
        return job;
    }

    private static List<RobotCommandIssued> commands(String jobId, RobotCommandType type) {
        return Robots.commands(jobId).stream().filter(c -> c.type() == type).toList();
    }

    private static List<JobStateChanged> changes(String jobId) {
        return SharedKafka.readAll(Topics.JOB_EVENTS).stream()
                .filter(r -> EventTypes.JOB_STATE_CHANGED.equals(EventCodec.type(r)))
                .filter(r -> jobId.equals(EventCodec.header(r.headers(), CloudEventHeaders.SUBJECT)))
                .map(r -> CODEC.decode(r.value(), JobStateChanged.class)).toList();
    }

    private String robotOf(String tenant, String job) {
        return (String) robots.job(tenant, job).get("robotId");
    }

    @Test
    void tenantDraining_sendsStopToEveryRunningJobOfThatTenantOnly_andTheRobotsConfirmationEndsThemStopped() {
        String first = runningJob("umbrella");
        String second = runningJob("umbrella");
        String elsewhere = runningJob("globex");
        String window = robots.drain(Scope.tenant("umbrella"));
        try {
            for (String job : List.of(first, second)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> commands(job, RobotCommandType.STOP).size() == 1);
                RobotCommandIssued stop = commands(job, RobotCommandType.STOP).get(0);
                assertThat(stop.reason()).isEqualTo("MAINTENANCE");
                assertThat(stop.windowId()).isEqualTo(window);
                assertThat(stop.tenantId()).isEqualTo("umbrella");
                assertThat(stop.robotId()).isEqualTo(robotOf("umbrella", job));
                robots.awaitState("umbrella", job, JobState.STOPPING);
                // the sweep reads back only the columns it did not set: the event still carries the whole job
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(changes(job))
                        .anySatisfy(c -> {
                            assertThat(c.state()).isEqualTo(JobState.STOPPING);
                            assertThat(c.previousState()).isEqualTo(JobState.RUNNING);
                            assertThat(c.reason()).isEqualTo("MAINTENANCE");
                            assertThat(c.windowId()).isEqualTo(window);
                            assertThat(c.tenantId()).isEqualTo("umbrella");
                            assertThat(c.processName()).isEqualTo("invoices");
                            assertThat(c.robotId()).isEqualTo(robotOf("umbrella", job));
                            assertThat(c.at()).isNotNull();
                        }));
            }
            robots.as("umbrella").post().uri("/api/jobs").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"processName\":\"invoices\"}").exchange().expectStatus().isEqualTo(503)
                    .expectHeader().exists(HttpHeaders.RETRY_AFTER)
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
            Robots.report(robotOf("umbrella", first), "umbrella", first, JobState.STOPPED);
            robots.awaitState("umbrella", first, JobState.STOPPED);
            assertThat(robots.job("umbrella", first)).containsEntry("windowId", window);
            assertThat(robots.job("umbrella", second)).containsEntry("state", "STOPPING");
            assertThat(commands(elsewhere, RobotCommandType.STOP)).isEmpty();
            assertThat(robots.job("globex", elsewhere)).containsEntry("state", "RUNNING");
        } finally {
            robots.end(Scope.tenant("umbrella"));
        }
    }

    @Test
    void aDrainsStopsReachTheRobots_evenWhileTheOutboxRelayCannotPublish() {
        // room for more than this job: jobs other tests left waiting in the tenant may be dispatched to it first
        String robot = Robots.newRobot();
        Robots.heartbeat(robot, "cyberdyne", 10, List.of());
        String job = robots.createJob("cyberdyne", robot);
        await().atMost(Duration.ofSeconds(30)).until(() -> !commands(job, RobotCommandType.START).isEmpty());
        robots.run("cyberdyne", "cyberdyne", robot, job);
        String schema = db.sql("select current_schema() as s").map(row -> row.get("s", String.class)).one()
                .block(Duration.ofSeconds(10));
        // another session holds the relay's lock: nothing of the outbox is published while it does
        Connection holder = Mono.from(connections.create()).block(Duration.ofSeconds(10));
        Flux.from(holder.createStatement("select pg_advisory_lock($1, hashtext($2))").bind(0, OutboxRelay.LOCK_CLASS)
                .bind(1, schema).execute()).flatMap(result -> result.map((row, meta) -> 1))
                .blockLast(Duration.ofSeconds(10));
        String window = null;
        try {
            window = robots.drain(Scope.tenant("cyberdyne"));
            await().atMost(Duration.ofSeconds(30)).until(() -> commands(job, RobotCommandType.STOP).size() == 1);
            assertThat(commands(job, RobotCommandType.STOP).get(0).windowId()).isEqualTo(window);
            robots.awaitState("cyberdyne", job, JobState.STOPPING);
            assertThat(changes(job)).noneMatch(c -> c.state() == JobState.STOPPING);
        } finally {
            Flux.from(holder.createStatement("select pg_advisory_unlock_all()").execute())
                    .flatMap(result -> result.map((row, meta) -> 1)).blockLast(Duration.ofSeconds(10));
            Mono.from(holder.close()).block(Duration.ofSeconds(10));
        }
        try {
            // the state change still goes through the outbox, once the relay can publish again
            String expected = window;
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(changes(job))
                    .anySatisfy(c -> {
                        assertThat(c.state()).isEqualTo(JobState.STOPPING);
                        assertThat(c.windowId()).isEqualTo(expected);
                    }));
            Robots.report(robot, "cyberdyne", job, JobState.STOPPED);
            robots.awaitState("cyberdyne", job, JobState.STOPPED);
        } finally {
            robots.end(Scope.tenant("cyberdyne"));
        }
    }

    @Test
    void finish_letsRunningJobsComplete() {
        String job = runningJob("hooli");
        robots.phase(Scope.tenant("hooli"), Phase.DRAINING, DrainStrategy.FINISH, false, false, null);
        try {
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                    .until(() -> Robots.commands(job).stream().noneMatch(c -> c.type() != RobotCommandType.START));
            Robots.report(robotOf("hooli", job), "hooli", job, JobState.SUCCESSFUL);
            robots.awaitState("hooli", job, JobState.SUCCESSFUL);
        } finally {
            robots.end(Scope.tenant("hooli"));
        }
    }

    @Test
    void killJobs_sendsKillToRunningAndStoppingJobs_andTheRobotsConfirmationEndsThemKilled() {
        String running = runningJob("stark");
        String stopping = runningJob("stark");
        robots.as("stark").post().uri("/api/jobs/" + stopping + "/stop").exchange().expectStatus().isOk();
        robots.phase(Scope.tenant("stark"), Phase.DRAINING, DrainStrategy.STOP, true, false, null);
        try {
            for (String job : List.of(running, stopping)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> commands(job, RobotCommandType.KILL).size() == 1);
                robots.awaitState("stark", job, JobState.TERMINATING);
                Robots.report(robotOf("stark", job), "stark", job, JobState.KILLED);
                robots.awaitState("stark", job, JobState.KILLED);
            }
        } finally {
            robots.end(Scope.tenant("stark"));
        }
    }

    @Test
    void drainDeadline_killsWhatStillRunsAtTheDeadline() {
        String job = runningJob("stark");
        robots.phase(Scope.tenant("stark"), Phase.DRAINING, DrainStrategy.FINISH, false, false, "PT3S");
        try {
            // FINISH lets it run until the deadline, then it is killed
            robots.awaitState("stark", job, JobState.TERMINATING);
            assertThat(commands(job, RobotCommandType.KILL)).hasSize(1);
            Robots.report(robotOf("stark", job), "stark", job, JobState.KILLED);
            robots.awaitState("stark", job, JobState.KILLED);
            assertThat(changes(job)).anySatisfy(c -> {
                assertThat(c.state()).isEqualTo(JobState.TERMINATING);
                assertThat(c.reason()).isEqualTo("MAINTENANCE");
                assertThat(c.at()).isAfterOrEqualTo(view.state(Scope.tenant("stark")).orElseThrow().since()
                        .plusSeconds(3));
            });
        } finally {
            robots.end(Scope.tenant("stark"));
        }
    }

    @Test
    void pendingJobs_areHeldDuringTheWindow_andDispatchedAfterTheEnd() {
        String robot = Robots.newRobot();
        String job = robots.createJob("hooli", robot);
        robots.drain(Scope.tenant("hooli"));
        try {
            Robots.heartbeat(robot, "hooli", 1, List.of());
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                    .until(() -> commands(job, RobotCommandType.START).isEmpty());
            assertThat(robots.job("hooli", job)).containsEntry("state", "PENDING");
        } finally {
            robots.end(Scope.tenant("hooli"));
        }
        Robots.heartbeat(robot, "hooli", 1, List.of());
        await().atMost(Duration.ofSeconds(30)).until(() -> commands(job, RobotCommandType.START).size() == 1);
    }

    @Test
    void suspendedWithForce_killsWhatStillRuns_andAJobThatEndedMeanwhileEndsInTheRobotsState() {
        String killed = runningJob("wayne");
        String finished = runningJob("wayne");
        robots.phase(Scope.tenant("wayne"), Phase.SUSPENDED, DrainStrategy.STOP, false, true, null);
        try {
            for (String job : List.of(killed, finished)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> commands(job, RobotCommandType.KILL).size() == 1);
                robots.awaitState("admin", job, JobState.TERMINATING);
            }
        } finally {
            robots.end(Scope.tenant("wayne"));
        }
        // after the end the robots deliver what happened while they could not call in
        Robots.report(robotOf("wayne", finished), "wayne", finished, JobState.SUCCESSFUL);
        Robots.report(robotOf("wayne", killed), "wayne", killed, JobState.KILLED);
        robots.awaitState("wayne", finished, JobState.SUCCESSFUL);
        robots.awaitState("wayne", killed, JobState.KILLED);
    }
}
