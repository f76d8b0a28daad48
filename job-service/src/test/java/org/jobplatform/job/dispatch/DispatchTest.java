package org.jobplatform.job.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.jobplatform.contracts.JobState;
import org.jobplatform.contracts.RobotCommandIssued;
import org.jobplatform.contracts.RobotCommandType;
import org.jobplatform.job.support.RobotsTest;
import org.jobplatform.job.support.Robots;
import org.junit.jupiter.api.Test;

/** Waiting jobs go to connected robots with room; without room they wait PENDING. */
class DispatchTest extends RobotsTest {


    private static List<RobotCommandIssued> starts(String jobId) {
        return Robots.commands(jobId).stream().filter(c -> c.type() == RobotCommandType.START).toList();
    }

    @Test
    void dispatch_sendsStartToAConnectedRobotWithRoom_andAJobWaitsWhileNoRobotHasRoom() {
        String robot = Robots.newRobot();
        Robots.heartbeat(robot, "initech", 2, List.of());
        String first = robots.createJob("initech", null);
        String second = robots.createJob("initech", null);
        await().atMost(Duration.ofSeconds(30)).until(() -> starts(first).size() == 1 && starts(second).size() == 1);
        RobotCommandIssued start = starts(first).get(0);
        assertThat(start.robotId()).isEqualTo(robot);
        assertThat(start.tenantId()).isEqualTo("initech");
        assertThat(start.processName()).isEqualTo("invoices");
        assertThat(robots.job("initech", first)).containsEntry("state", "PENDING").containsEntry("robotId", robot)
                .containsKey("dispatchedAt");

        String third = robots.createJob("initech", null);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> starts(third).isEmpty());
        assertThat(robots.job("initech", third).get("dispatchedAt")).isNull();

        robots.run("initech", "initech", robot, first);
        Robots.report(robot, "initech", first, JobState.SUCCESSFUL);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Robots.heartbeat(robot, "initech", 2, List.of(first));
            return starts(third).size() == 1;
        });
        assertThat(starts(third).get(0).robotId()).isEqualTo(robot);
    }

    @Test
    void aNamedRobot_getsItsJob_onlyOnceItIsConnected() {
        String named = Robots.newRobot();
        String other = Robots.newRobot();
        Robots.heartbeat(other, "wayne", 5, List.of());
        String job = robots.createJob("wayne", named);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> starts(job).isEmpty());
        Robots.heartbeat(named, "wayne", 1, List.of());
        await().atMost(Duration.ofSeconds(30)).until(() -> starts(job).size() == 1);
        assertThat(starts(job).get(0).robotId()).isEqualTo(named);
    }

    @Test
    void aJobSentToARobotThatStopsCallingIn_beforeStartingIt_goesToAnotherRobot_andTheFirstIsToldToKillIt() {
        String gone = Robots.newRobot();
        Robots.heartbeat(gone, "oscorp", 1, List.of());
        String job = robots.createJob("oscorp", null);
        await().atMost(Duration.ofSeconds(30)).until(() -> starts(job).size() == 1);
        assertThat(starts(job).get(0).robotId()).isEqualTo(gone);
        String other = Robots.newRobot();
        // the first robot no longer calls in; after the connected timeout (6 s here) the job goes to the other one
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Robots.heartbeat(other, "oscorp", 1, List.of());
            return starts(job).stream().anyMatch(start -> other.equals(start.robotId()));
        });
        // the first robot comes back and runs it after all: its report is ignored and it is told to kill the job
        Robots.report(gone, "oscorp", job, JobState.RUNNING);
        Robots.heartbeat(gone, "oscorp", 1, List.of(job));
        await().atMost(Duration.ofSeconds(30)).until(() -> Robots.commands(job).stream()
                .anyMatch(c -> c.type() == RobotCommandType.KILL && gone.equals(c.robotId())));
        assertThat(robots.job("oscorp", job)).containsEntry("robotId", other).containsEntry("state", "PENDING");
        robots.run("oscorp", "oscorp", other, job);
    }

    @Test
    void aJobWaitingForItsNamedRobot_doesNotHoldUpLaterJobsThatAnotherRobotCanTake() {
        String job = robots.createJob("cyberdyne", Robots.newRobot());
        String robot = Robots.newRobot();
        Robots.heartbeat(robot, "cyberdyne", 1, List.of());
        String later = robots.createJob("cyberdyne", null);
        await().atMost(Duration.ofSeconds(30)).until(() -> starts(later).size() == 1);
        assertThat(starts(later).get(0).robotId()).isEqualTo(robot);
        assertThat(starts(job)).isEmpty();
    }

    @Test
    void plan_prefersTheNamedRobot_andOtherwiseTheRobotWithMostRoom() {
        java.time.Instant now = java.time.Instant.now();
        org.jobplatform.job.lifecycle.Job anyRobot = new org.jobplatform.job.lifecycle.Job("a", "t", "p", null, null,
                JobState.PENDING, "USER", null, now, now, null);
        org.jobplatform.job.lifecycle.Job onB = new org.jobplatform.job.lifecycle.Job("b", "t", "p", "B", null,
                JobState.PENDING, "USER", null, now, now, null);
        org.jobplatform.job.lifecycle.Job onFullC = new org.jobplatform.job.lifecycle.Job("c", "t", "p", "C", null,
                JobState.PENDING, "USER", null, now, now, null);
        var plan = Dispatcher.plan(List.of(anyRobot, onB, onFullC), List.of(
                new org.jobplatform.job.robots.RobotPresence.Connected("A", 3, 0),
                new org.jobplatform.job.robots.RobotPresence.Connected("B", 1, 0),
                new org.jobplatform.job.robots.RobotPresence.Connected("C", 1, 1)));
        assertThat(plan).containsEntry(anyRobot, "A").containsEntry(onB, "B").doesNotContainKey(onFullC);
    }
}
