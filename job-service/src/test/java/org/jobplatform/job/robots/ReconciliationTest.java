package org.jobplatform.job.robots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jobplatform.contracts.JobState;
import org.jobplatform.contracts.RobotCommandIssued;
import org.jobplatform.contracts.RobotCommandType;
import org.jobplatform.contracts.RobotHeartbeatReceived;
import org.jobplatform.job.support.RobotsTest;
import org.jobplatform.job.support.Robots;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Heartbeats make commands certain: a Stop, Kill or Start the robot did not act on is sent again, and a job the
 * robot no longer runs is resolved (resend after 1 s and a grace of 2 s in these tests).
 */
class ReconciliationTest extends RobotsTest {

    private static final String TENANT = "globex";

    @Autowired
    Reconciler reconciler;


    private static List<RobotCommandIssued> commands(String jobId, RobotCommandType type) {
        return Robots.commands(jobId).stream().filter(c -> c.type() == type).toList();
    }

    private String dispatched(String robot) {
        Robots.heartbeat(robot, TENANT, 1, List.of());
        String job = robots.createJob(TENANT, robot);
        await().atMost(Duration.ofSeconds(30)).until(() -> commands(job, RobotCommandType.START).size() == 1);
        return job;
    }

    @Test
    void aStopTheRobotHasNotActedOn_isSentAgain_whenItsHeartbeatStillListsTheJob() {
        String robot = Robots.newRobot();
        String job = dispatched(robot);
        robots.run(TENANT, TENANT, robot, job);
        robots.as(TENANT).post().uri("/api/jobs/" + job + "/stop").exchange().expectStatus().isOk();
        await().atMost(Duration.ofSeconds(30)).until(() -> commands(job, RobotCommandType.STOP).size() == 1);
        // the Stop was lost on the way: the robot still runs the job
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Robots.heartbeat(robot, TENANT, 1, List.of(job));
            return commands(job, RobotCommandType.STOP).size() >= 2;
        });
        List<RobotCommandIssued> stops = commands(job, RobotCommandType.STOP);
        assertThat(stops.get(1).commandId()).isNotEqualTo(stops.get(0).commandId());
        assertThat(stops.get(1).reason()).isEqualTo("RECONCILIATION");
        Robots.report(robot, TENANT, job, JobState.STOPPED);
        robots.awaitState(TENANT, job, JobState.STOPPED);
    }

    @Test
    void heartbeatsOfSeveralRobotsAppliedTogether_eachGetTheirOwnDecisions() {
        String stopping = Robots.newRobot();
        String stoppingJob = dispatched(stopping);
        robots.run(TENANT, TENANT, stopping, stoppingJob);
        robots.as(TENANT).post().uri("/api/jobs/" + stoppingJob + "/stop").exchange().expectStatus().isOk();
        await().atMost(Duration.ofSeconds(30)).until(() -> commands(stoppingJob, RobotCommandType.STOP).size() == 1);
        String waiting = Robots.newRobot();
        String startedJob = dispatched(waiting);
        String running = Robots.newRobot();
        String runningJob = dispatched(running);
        robots.run(TENANT, TENANT, running, runningJob);
        String resendable = Instant.now().plusSeconds(2).toString();

        // one call for three robots: one still runs its stopping job, one has not started its job, one runs a job
        // that is not its own as well as its own
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Instant at = Instant.now();
            reconciler.heartbeats(List.of(
                    new RobotHeartbeatReceived(stopping, TENANT, List.of(stoppingJob), 1, at),
                    new RobotHeartbeatReceived(waiting, TENANT, List.of(), 1, at),
                    new RobotHeartbeatReceived(running, TENANT, List.of(runningJob, stoppingJob), 1, at))).block();
            return at.isAfter(Instant.parse(resendable));
        });

        assertThat(commands(stoppingJob, RobotCommandType.STOP)).hasSizeGreaterThanOrEqualTo(2);
        assertThat(commands(startedJob, RobotCommandType.START)).hasSizeGreaterThanOrEqualTo(2);
        await().atMost(Duration.ofSeconds(30)).until(() -> commands(stoppingJob, RobotCommandType.KILL).stream()
                .anyMatch(kill -> kill.robotId().equals(running)));
        assertThat(commands(runningJob, RobotCommandType.KILL)).isEmpty();
        assertThat(commands(stoppingJob, RobotCommandType.KILL)).allMatch(kill -> kill.robotId().equals(running));
        assertThat(robots.job(TENANT, runningJob)).containsEntry("state", "RUNNING");
    }

    @Test
    void aStartTheRobotHasNotActedOn_isSentAgain() {
        String robot = Robots.newRobot();
        String job = dispatched(robot);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Robots.heartbeat(robot, TENANT, 1, List.of());
            return commands(job, RobotCommandType.START).size() >= 2;
        });
        assertThat(robots.job(TENANT, job)).containsEntry("state", "PENDING");
    }

    @Test
    void aRunningJobTheRobotNoLongerLists_isResolvedFaulted_afterTheGraceTime() {
        String robot = Robots.newRobot();
        String job = dispatched(robot);
        robots.run(TENANT, TENANT, robot, job);
        Robots.heartbeat(robot, TENANT, 1, List.of());
        // one heartbeat without it is not enough: the robot's final report may still be on its way
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> "RUNNING".equals(robots.job(TENANT, job).get("state")));
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Robots.heartbeat(robot, TENANT, 1, List.of());
            return "FAULTED".equals(robots.job(TENANT, job).get("state"));
        });
        assertThat(robots.job(TENANT, job)).containsEntry("reason", "RECONCILIATION");
    }

    @Test
    void aJobThatEndedHere_butThatTheRobotStillRuns_getsAKill() {
        String robot = Robots.newRobot();
        String job = dispatched(robot);
        robots.run(TENANT, TENANT, robot, job);
        Robots.report(robot, TENANT, job, JobState.FAULTED);
        robots.awaitState(TENANT, job, JobState.FAULTED);
        Robots.heartbeat(robot, TENANT, 1, List.of(job));
        await().atMost(Duration.ofSeconds(30)).until(() -> commands(job, RobotCommandType.KILL).size() == 1);
        assertThat(commands(job, RobotCommandType.KILL).get(0).robotId()).isEqualTo(robot);
    }

    @Test
    void aHeartbeatFromBeforeAJobEnded_doesNotKillIt_oneFromAfter_does() {
        String robot = Robots.newRobot();
        String job = dispatched(robot);
        robots.run(TENANT, TENANT, robot, job);
        // the robot calls in listing the job, then the job ends and its report is applied before the heartbeat
        Instant calledIn = Instant.now();
        Robots.report(robot, TENANT, job, JobState.FAULTED);
        robots.awaitState(TENANT, job, JobState.FAULTED);

        Integer stale = reconciler.heartbeats(List.of(
                new RobotHeartbeatReceived(robot, TENANT, List.of(job), 1, calledIn))).block();
        assertThat(stale).isZero();

        Integer current = reconciler.heartbeats(List.of(
                new RobotHeartbeatReceived(robot, TENANT, List.of(job), 1, Instant.now()))).block();
        assertThat(current).isEqualTo(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> commands(job, RobotCommandType.KILL).size() == 1);
    }

    @Test
    void anotherTenantsRobot_listingAJob_changesNothing() {
        String robot = Robots.newRobot();
        String job = dispatched(robot);
        String intruder = Robots.newRobot();
        Robots.heartbeat(intruder, "umbrella", 1, List.of(job));
        Robots.heartbeat(robot, TENANT, 1, List.of());
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> commands(job, RobotCommandType.KILL).isEmpty());
    }
}
