package org.jobplatform.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.jobplatform.agent.AgentFixture.PATIENCE;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.node.ObjectNode;

/** What a robot does with START, STOP and KILL, from heartbeat answers and from the command stream. */
class RobotAgentJobsTest extends AgentTest {


    @Test
    void start_runsTheJobToSuccessfulAndDeliversEveryLogLine() {
        RobotAgent robot = fixture.started(fixture.config());
        String job = UUID.randomUUID().toString();

        gateway.queue(robot.robotId(), ScriptedGateway.start(job, 600, 100, null));

        await().atMost(PATIENCE).until(() -> gateway.states(job).equals(List.of("RUNNING", "SUCCESSFUL")));
        await().atMost(PATIENCE).until(() -> robot.pendingItems() == 0);
        List<ScriptedGateway.Line> lines = gateway.lines(job);
        assertThat(lines).hasSize((int) robot.stats().logLinesWritten());
        assertThat(lines).extracting(ScriptedGateway.Line::id).doesNotHaveDuplicates();
        assertThat(lines.get(0).message()).startsWith("started Invoices");
        assertThat(lines).extracting(ScriptedGateway.Line::message)
                .contains("step 1 of Invoices", "step 5 of Invoices")
                .endsWith("finished SUCCESSFUL");
        AgentStats stats = robot.stats();
        assertThat(stats.jobsEnded(ReportedState.SUCCESSFUL)).isEqualTo(1);
        assertThat(stats.commandsReceived(CommandType.START)).isEqualTo(1);
        assertThat(stats.logLinesDelivered()).isEqualTo(stats.logLinesWritten());
        assertThat(stats.stateReportsDelivered()).isEqualTo(2);
        // while it ran the heartbeats named it, and once it ended they no longer do
        assertThat(gateway.heartbeats()).anyMatch(heartbeat -> heartbeat.runningJobIds().contains(job));
        await().atMost(PATIENCE).until(() -> {
            List<ScriptedGateway.Heartbeat> heartbeats = gateway.heartbeats();
            return !heartbeats.get(heartbeats.size() - 1).runningJobIds().contains(job);
        });
    }

    @Test
    void start_withOutcomeFaulted_endsTheJobFaultedWithAnErrorLine() {
        RobotAgent robot = fixture.started(fixture.config());
        String job = UUID.randomUUID().toString();

        gateway.queue(robot.robotId(), ScriptedGateway.start(job, 200, 50, "FAULTED"));

        await().atMost(PATIENCE).until(() -> gateway.states(job).equals(List.of("RUNNING", "FAULTED")));
        List<ScriptedGateway.Line> lines = gateway.lines(job);
        assertThat(lines.get(lines.size() - 1).level()).isEqualTo("ERROR");
        assertThat(gateway.states()).filteredOn(state -> state.state().equals("FAULTED"))
                .extracting(ScriptedGateway.State::message).containsExactly("simulated fault");
        assertThat(robot.stats().jobsFaulted()).isEqualTo(1);
    }

    @Test
    void stop_endsTheJobAtItsNextStepWithALastStoppedLine() {
        RobotAgent robot = fixture.started(fixture.config());
        String job = UUID.randomUUID().toString();
        gateway.queue(robot.robotId(), ScriptedGateway.start(job, 600_000, 200, null));
        await().atMost(PATIENCE).until(() -> gateway.lines(job).size() >= 2);

        gateway.queue(robot.robotId(), ScriptedGateway.stop(job));

        await().atMost(PATIENCE).until(() -> gateway.states(job).equals(List.of("RUNNING", "STOPPED")));
        await().atMost(PATIENCE).until(() -> robot.pendingItems() == 0);
        List<ScriptedGateway.Line> lines = gateway.lines(job);
        assertThat(lines.get(lines.size() - 1).message()).isEqualTo("stopped");
        assertThat(gateway.states()).filteredOn(state -> state.state().equals("STOPPED"))
                .extracting(ScriptedGateway.State::message).containsExactly("USER");
        assertThat(robot.runningJobIds()).isEmpty();
        assertThat(robot.stats().jobsStopped()).isEqualTo(1);
    }

    @Test
    void stop_withStopWithinMsZero_endsTheJobAtOnce_notAtItsNextStep() {
        RobotAgent robot = fixture.started(fixture.config());
        String job = UUID.randomUUID().toString();
        tools.jackson.databind.node.ObjectNode start = ScriptedGateway.start(job, 3_600_000, 600_000, null);
        ((tools.jackson.databind.node.ObjectNode) start.get("inputArguments")).put("stopWithinMs", 0);
        gateway.queue(robot.robotId(), start);
        await().atMost(PATIENCE).until(() -> gateway.states(job).equals(List.of("RUNNING")));

        gateway.queue(robot.robotId(), ScriptedGateway.stop(job));

        // its next step is ten minutes away: only stopWithinMs can end it within the wait
        await().atMost(PATIENCE).until(() -> gateway.states(job).equals(List.of("RUNNING", "STOPPED")));
        assertThat(robot.stats().jobsStopped()).isEqualTo(1);
    }

    @Test
    void jobsStoppedTogether_deliverTheirLastLinesAndTheirEndsInOneCall() {
        RobotAgent robot = fixture.started(fixture.config().withCapacity(10));
        List<String> jobs = new ArrayList<>();
        List<tools.jackson.databind.JsonNode> starts = new ArrayList<>();
        List<tools.jackson.databind.JsonNode> stops = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String job = UUID.randomUUID().toString();
            jobs.add(job);
            ObjectNode start = ScriptedGateway.start(job, 3_600_000, 600_000, null);
            ((ObjectNode) start.get("inputArguments")).put("stopWithinMs", 0);
            starts.add(start);
            stops.add(ScriptedGateway.stop(job));
        }
        gateway.queueAll(robot.robotId(), starts);
        await().atMost(PATIENCE).until(() -> jobs.stream().allMatch(j -> gateway.states(j).equals(List.of("RUNNING")))
                && robot.pendingItems() == 0);
        int callsBefore = gateway.requests("/api/robot/reports") + gateway.requests("/api/robot/logs");
        // held back until every job has ended, so that what the robot sends next is all of it
        gateway.refuseReports(true);
        gateway.queueAll(robot.robotId(), stops);
        await().atMost(PATIENCE).until(() -> robot.stats().jobsStopped() == 10 && robot.pendingItems() == 20);

        gateway.refuseReports(false);

        await().atMost(PATIENCE).until(() -> robot.pendingItems() == 0);
        // ten last lines and ten ends in one call, not twenty
        assertThat(gateway.requests("/api/robot/reports") + gateway.requests("/api/robot/logs") - callsBefore)
                .isEqualTo(1);
        jobs.forEach(job -> assertThat(gateway.states(job)).containsExactly("RUNNING", "STOPPED"));
        jobs.forEach(job -> assertThat(gateway.lines(job)).last()
                .extracting(ScriptedGateway.Line::message).isEqualTo("stopped"));
        assertThat(robot.stats().stateReportsDelivered()).isEqualTo(20);
    }

    @Test
    void kill_endsTheJobAtOnceWithoutWaitingForItsNextStep() {
        RobotAgent robot = fixture.started(fixture.config());
        String job = UUID.randomUUID().toString();
        // a step every ten minutes: a job that waited for its next step would not end within the test
        gateway.queue(robot.robotId(), ScriptedGateway.start(job, 3_600_000, 600_000, null));
        await().atMost(PATIENCE).until(() -> gateway.states(job).equals(List.of("RUNNING")));

        gateway.queue(robot.robotId(), ScriptedGateway.kill(job));

        await().atMost(PATIENCE).until(() -> gateway.states(job).equals(List.of("RUNNING", "KILLED")));
        assertThat(gateway.lines(job)).extracting(ScriptedGateway.Line::message).hasSize(1)
                .allMatch(message -> message.startsWith("started"));
        assertThat(robot.stats().jobsKilled()).isEqualTo(1);
    }

    @Test
    void aRepeatedCommandId_isIgnored_andAStartForAJobItAlreadyRan_reportsHowItEndedInsteadOfRunningItAgain() {
        RobotAgent robot = fixture.started(fixture.config());
        String job = UUID.randomUUID().toString();
        ObjectNode start = ScriptedGateway.start(job, 200, 50, null);

        gateway.queue(robot.robotId(), start);
        gateway.queue(robot.robotId(), start);
        await().atMost(PATIENCE).until(() -> gateway.states(job).equals(List.of("RUNNING", "SUCCESSFUL")));
        gateway.queue(robot.robotId(), ScriptedGateway.start(job, 200, 50, null));

        await().atMost(PATIENCE).until(() -> robot.stats().ignoredCommands() == 1);
        AgentStats stats = robot.stats();
        assertThat(stats.duplicateCommands()).isEqualTo(1);
        assertThat(stats.startCommands()).isEqualTo(2);
        assertThat(stats.jobsEnded()).isEqualTo(1);
        assertThat(robot.runningJobIds()).isEmpty();
        // the server that sent the job again missed its end: it hears it once more, and the job is not run twice
        await().atMost(PATIENCE).until(() -> gateway.states(job).size() == 3);
        assertThat(gateway.states(job)).containsExactly("RUNNING", "SUCCESSFUL", "SUCCESSFUL");
        assertThat(robot.stats().jobsEnded()).isEqualTo(1);
    }

    @Test
    void stopAndKillForAJobItDoesNotRun_areIgnored() {
        RobotAgent robot = fixture.started(fixture.config());
        String job = UUID.randomUUID().toString();

        gateway.queue(robot.robotId(), ScriptedGateway.stop(job));
        gateway.queue(robot.robotId(), ScriptedGateway.kill(job));

        await().atMost(PATIENCE).until(() -> robot.stats().ignoredCommands() == 2);
        assertThat(gateway.states()).isEmpty();
        assertThat(robot.stats().jobsEnded()).isZero();
    }

    @Test
    void capacity_limitsTheJobsRunAtOnce_andARefusedStartIsNotRemembered() {
        RobotAgent robot = fixture.started(fixture.config().withCapacity(2));
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        String third = UUID.randomUUID().toString();

        gateway.queue(robot.robotId(), ScriptedGateway.start(first, 600_000, 1000, null));
        gateway.queue(robot.robotId(), ScriptedGateway.start(second, 600_000, 1000, null));
        gateway.queue(robot.robotId(), ScriptedGateway.start(third, 600_000, 1000, null));

        await().atMost(PATIENCE).until(() -> robot.stats().startsRefused() == 1);
        assertThat(robot.runningJobIds()).containsExactlyInAnyOrder(first, second);
        await().atMost(PATIENCE).until(() -> gateway.heartbeats().stream().anyMatch(
                heartbeat -> heartbeat.capacity() == 2 && Set.copyOf(heartbeat.runningJobIds()).equals(
                        Set.of(first, second))));

        // once a slot is free, the server may send the refused job again, and it runs
        gateway.queue(robot.robotId(), ScriptedGateway.kill(first));
        await().atMost(PATIENCE).until(() -> robot.runningJobIds().size() == 1);
        gateway.queue(robot.robotId(), ScriptedGateway.start(third, 600_000, 1000, null));
        await().atMost(PATIENCE).until(() -> robot.runningJobIds().equals(Set.of(second, third)));
    }

    @Test
    void aCommandPushedOnTheStream_isActedOnWithoutWaitingForAHeartbeat() {
        gateway.pollAfterMs(600_000);
        List<Long> received = new CopyOnWriteArrayList<>();
        AgentListener listener = new AgentListener() {
            @Override
            public void onCommand(String robotId, Command command, long receivedAtNanos) {
                received.add(receivedAtNanos);
            }
        };
        RobotAgent robot = fixture.started(fixture.gateway.robot(), fixture.config().withSse(true), listener);
        String job = UUID.randomUUID().toString();
        // the first heartbeat is answered; the next one would come in ten minutes
        await().atMost(PATIENCE).until(() -> gateway.streamOpen(robot.robotId()) && gateway.heartbeats().size() == 1);

        assertThat(gateway.push(robot.robotId(), ScriptedGateway.start(job, 200, 50, null))).isTrue();

        await().atMost(PATIENCE).until(() -> gateway.states(job).equals(List.of("RUNNING", "SUCCESSFUL")));
        assertThat(gateway.heartbeats()).hasSize(1);
        assertThat(received).hasSize(1);
    }

    @Test
    void aStreamEndedByTheServer_isOpenedAgain() {
        gateway.pollAfterMs(600_000);
        RobotAgent robot = fixture.started(fixture.config().withSse(true));
        await().atMost(PATIENCE).until(() -> gateway.streamOpen(robot.robotId()));

        gateway.endStreams();

        await().atMost(PATIENCE).until(() -> gateway.calls(robot.robotId()).stream()
                .filter(call -> call.kind() == ScriptedGateway.Kind.STREAM).count() >= 2
                && gateway.streamOpen(robot.robotId()));
        String job = UUID.randomUUID().toString();
        gateway.push(robot.robotId(), ScriptedGateway.start(job, 100, 50, null));
        await().atMost(PATIENCE).until(() -> gateway.states(job).equals(List.of("RUNNING", "SUCCESSFUL")));
    }

    @Test
    void aGatewayWithoutTheStream_stillGetsCommandsActedOnThroughHeartbeats() {
        gateway.withoutStream();
        RobotAgent robot = fixture.started(fixture.config().withSse(true));
        String job = UUID.randomUUID().toString();

        gateway.queue(robot.robotId(), ScriptedGateway.start(job, 100, 50, null));

        await().atMost(PATIENCE).until(() -> gateway.states(job).equals(List.of("RUNNING", "SUCCESSFUL")));
        assertThat(gateway.calls(robot.robotId())).filteredOn(call -> call.kind() == ScriptedGateway.Kind.STREAM)
                .extracting(ScriptedGateway.Call::status).containsOnly(404);
    }

    @Test
    void theListener_hearsEachNewCommandOnceAndEachJobEnd() {
        List<String> commands = new CopyOnWriteArrayList<>();
        ConcurrentHashMap<String, ReportedState> ended = new ConcurrentHashMap<>();
        AgentListener listener = new AgentListener() {
            @Override
            public void onCommand(String robotId, Command command, long receivedAtNanos) {
                commands.add(command.type() + " " + command.jobId());
            }

            @Override
            public void onJobEnded(String robotId, String jobId, ReportedState state, long endedAtNanos) {
                ended.put(jobId, state);
            }
        };
        RobotAgent robot = fixture.started(gateway.robot(), fixture.config(), listener);
        String quick = UUID.randomUUID().toString();
        String slow = UUID.randomUUID().toString();
        ObjectNode start = ScriptedGateway.start(quick, 100, 50, null);

        gateway.queue(robot.robotId(), start);
        gateway.queue(robot.robotId(), start);
        gateway.queue(robot.robotId(), ScriptedGateway.start(slow, 600_000, 1000, null));
        await().atMost(PATIENCE).until(() -> robot.runningJobIds().contains(slow));
        gateway.queue(robot.robotId(), ScriptedGateway.kill(slow));

        await().atMost(PATIENCE).until(() -> ended.size() == 2);
        assertThat(ended).containsEntry(quick, ReportedState.SUCCESSFUL).containsEntry(slow, ReportedState.KILLED);
        assertThat(commands).containsExactly("START " + quick, "START " + slow, "KILL " + slow);
    }
}
