package org.jobplatform.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.jobplatform.agent.AgentFixture.PATIENCE;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

/** How a robot delivers its outbox: in order, once, and patiently through 503s, errors and bad batches. */
class RobotAgentDeliveryTest extends AgentTest {


    @Test
    void serviceUnavailable_makesTheRobotWait_thenEverythingWrittenMeanwhileIsDeliveredOnceInOrder() {
        RobotAgent robot = fixture.started(fixture.config());
        String job = UUID.randomUUID().toString();
        gateway.queue(robot.robotId(), ScriptedGateway.start(job, 1500, 25, null));
        await().atMost(PATIENCE).until(() -> gateway.states(job).equals(List.of("RUNNING")));

        gateway.unavailable(1);
        long linesBefore = gateway.lines(job).size();
        await().atMost(PATIENCE).until(() -> robot.stats().jobsSucceeded() == 1);
        await().atMost(PATIENCE).until(() -> refusedCalls(robot).size() >= 3);
        assertThat(robot.pendingItems()).isGreaterThan(10);
        gateway.available();

        await().atMost(PATIENCE).until(() -> gateway.states(job).equals(List.of("RUNNING", "SUCCESSFUL")));
        await().atMost(PATIENCE).until(() -> robot.pendingItems() == 0);
        AgentStats stats = robot.stats();
        List<ScriptedGateway.Line> lines = gateway.lines(job);
        assertThat(lines.size()).isGreaterThan((int) linesBefore);
        assertThat(lines).hasSize((int) stats.logLinesWritten());
        assertThat(lines).extracting(ScriptedGateway.Line::id).doesNotHaveDuplicates();
        assertThat(stats.logLinesDelivered()).isEqualTo(stats.logLinesWritten());
        assertThat(stepNumbers(lines)).isSorted().doesNotHaveDuplicates();
        assertThat(lines).extracting(line -> Instant.parse(line.timestamp())).isSorted();
        assertThat(stats.serviceUnavailable()).isGreaterThanOrEqualTo(3);
        // the robot waited between its refused calls (Retry-After 1 s, capped at 300 ms here): it did not hammer
        assertThat(gaps(refusedCalls(robot))).allMatch(gap -> gap.toMillis() >= 250);
    }

    @Test
    void retryAfter_isHonouredAsSent_whenNoCapIsConfigured() {
        RobotAgent robot = fixture.started(fixture.config().withRetryAfterCap(null));
        await().atMost(PATIENCE).until(() -> !gateway.heartbeats().isEmpty());

        gateway.unavailable(1);

        await().atMost(PATIENCE).until(() -> refusedCalls(robot).size() >= 3);
        assertThat(gaps(refusedCalls(robot))).allMatch(gap -> gap.toMillis() >= 950);
    }

    @Test
    void aStateReport_isDeliveredOnlyAfterEveryEarlierLineOfItsJob() {
        RobotAgent robot = fixture.started(fixture.config().withBatchSize(3));
        String job = UUID.randomUUID().toString();
        gateway.queue(robot.robotId(), ScriptedGateway.start(job, 600, 20, null));
        await().atMost(PATIENCE).until(() -> gateway.states(job).equals(List.of("RUNNING")));
        gateway.unavailable(1);
        await().atMost(PATIENCE).until(() -> robot.stats().jobsSucceeded() == 1);

        gateway.available();

        await().atMost(PATIENCE).until(() -> gateway.states(job).equals(List.of("RUNNING", "SUCCESSFUL")));
        List<ScriptedGateway.Call> calls = accepted(robot);
        int finalState = indexOf(calls, call -> call.kind() == ScriptedGateway.Kind.STATE
                && call.body().path("state").asString().equals("SUCCESSFUL"));
        int lastLines = lastIndexOf(calls, call -> call.kind() == ScriptedGateway.Kind.LOGS);
        assertThat(finalState).isGreaterThan(lastLines);
        assertThat(calls).filteredOn(call -> call.kind() == ScriptedGateway.Kind.LOGS)
                .allMatch(call -> call.body().size() <= 3);
        assertThat(gateway.lines(job)).hasSize((int) robot.stats().logLinesWritten());
    }

    @Test
    void aHeartbeat_isSentOnlyWhenTheOutboxIsEmpty() {
        RobotAgent robot = fixture.started(fixture.config().withBatchSize(5));
        String job = UUID.randomUUID().toString();
        gateway.queue(robot.robotId(), ScriptedGateway.start(job, 500, 20, null));
        await().atMost(PATIENCE).until(() -> gateway.states(job).equals(List.of("RUNNING")));
        gateway.unavailable(1);
        await().atMost(PATIENCE).until(() -> robot.stats().jobsSucceeded() == 1);
        int acceptedBefore = accepted(robot).size();

        gateway.available();

        await().atMost(PATIENCE).until(() -> gateway.states(job).equals(List.of("RUNNING", "SUCCESSFUL"))
                && accepted(robot).stream().skip(acceptedBefore)
                        .anyMatch(call -> call.kind() == ScriptedGateway.Kind.HEARTBEAT));
        List<ScriptedGateway.Call> after = accepted(robot).subList(acceptedBefore, accepted(robot).size());
        int firstHeartbeat = indexOf(after, call -> call.kind() == ScriptedGateway.Kind.HEARTBEAT);
        int finalState = indexOf(after, call -> call.kind() == ScriptedGateway.Kind.STATE);
        assertThat(finalState).isLessThan(firstHeartbeat);
        assertThat(after.subList(0, firstHeartbeat)).hasSizeGreaterThan(2)
                .allMatch(call -> call.kind() != ScriptedGateway.Kind.HEARTBEAT);
        assertThat(after.get(firstHeartbeat).body().path("runningJobIds").isEmpty()).isTrue();
        assertNoHeartbeatOmitsAJobBeforeItsFinalState(robot);
    }

    @Test
    void aRejectedBatch_isDroppedLoudly_andLaterItemsStillArrive() {
        RobotAgent robot = fixture.started(fixture.config());
        String job = UUID.randomUUID().toString();
        gateway.rejectNextLogBatch();

        gateway.queue(robot.robotId(), ScriptedGateway.start(job, 300, 30, null));

        await().atMost(PATIENCE).until(() -> gateway.states(job).equals(List.of("RUNNING", "SUCCESSFUL")));
        await().atMost(PATIENCE).until(() -> robot.pendingItems() == 0);
        AgentStats stats = robot.stats();
        assertThat(stats.itemsRejected()).isPositive();
        assertThat(stats.logLinesDelivered() + stats.itemsRejected()).isEqualTo(stats.logLinesWritten());
        assertThat(gateway.lines(job)).hasSize((int) stats.logLinesDelivered());
    }

    @Test
    void serverErrors_areRetriedWithBackoff_andNothingIsLostOrDuplicated() {
        RobotAgent robot = fixture.started(fixture.config());
        String job = UUID.randomUUID().toString();
        gateway.queue(robot.robotId(), ScriptedGateway.start(job, 800, 20, null));
        await().atMost(PATIENCE).until(() -> gateway.states(job).equals(List.of("RUNNING")));

        gateway.serverErrors();
        await().atMost(PATIENCE)
                .until(() -> robot.stats().jobsSucceeded() == 1 && robot.stats().connectionErrors() >= 3);
        gateway.available();

        await().atMost(PATIENCE).until(() -> gateway.states(job).equals(List.of("RUNNING", "SUCCESSFUL")));
        await().atMost(PATIENCE).until(() -> robot.pendingItems() == 0);
        List<ScriptedGateway.Line> lines = gateway.lines(job);
        assertThat(lines).hasSize((int) robot.stats().logLinesWritten());
        assertThat(lines).extracting(ScriptedGateway.Line::id).doesNotHaveDuplicates();
        assertThat(stepNumbers(lines)).isSorted();
    }

    @Test
    void queueItems_travelThroughTheOutbox_inOrder_andABadQueueNameIsRefusedAtOnce() {
        RobotAgent robot = fixture.started(fixture.config());
        await().atMost(PATIENCE).until(() -> !gateway.heartbeats().isEmpty());
        gateway.unavailable(1);

        assertThat(robot.addQueueItem("invoices", "inv-1", Map.of("amount", 10))).isTrue();
        assertThat(robot.addQueueItem("invoices", "inv-2", Map.of("amount", 20))).isTrue();
        assertThat(robot.addQueueItem("orders.eu", "ord-1", "plain text")).isTrue();
        assertThatThrownBy(() -> robot.addQueueItem("bad queue!", "x", 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad queue!");
        await().atMost(PATIENCE).until(() -> refusedCalls(robot).size() >= 2);
        gateway.available();

        await().atMost(PATIENCE).until(() -> robot.stats().queueItemsDelivered() == 3);
        List<String> delivered = new ArrayList<>();
        for (ScriptedGateway.Call call : accepted(robot)) {
            if (call.kind() == ScriptedGateway.Kind.QUEUE) {
                delivered.add(call.target() + " " + call.body().path("reference").asString() + " "
                        + call.body().path("content"));
            }
        }
        assertThat(delivered).containsExactly("invoices inv-1 {\"amount\":10}", "invoices inv-2 {\"amount\":20}",
                "orders.eu ord-1 \"plain text\"");
    }

    private List<ScriptedGateway.Call> refusedCalls(RobotAgent robot) {
        return gateway.calls(robot.robotId()).stream()
                .filter(call -> call.status() == 503 && call.kind() != ScriptedGateway.Kind.STREAM).toList();
    }

    private List<ScriptedGateway.Call> accepted(RobotAgent robot) {
        return gateway.calls(robot.robotId()).stream()
                .filter(call -> call.accepted() && call.kind() != ScriptedGateway.Kind.STREAM).toList();
    }

    /**
     * The invariant the heartbeat order exists for: once the gateway saw a job RUNNING, a heartbeat that does not
     * name it comes only after the gateway got the job's final state.
     */
    private void assertNoHeartbeatOmitsAJobBeforeItsFinalState(RobotAgent robot) {
        Set<String> running = new HashSet<>();
        for (ScriptedGateway.Call call : accepted(robot)) {
            if (call.kind() == ScriptedGateway.Kind.STATE) {
                if (call.body().path("state").asString().equals("RUNNING")) {
                    running.add(call.target());
                } else {
                    running.remove(call.target());
                }
            } else if (call.kind() == ScriptedGateway.Kind.HEARTBEAT) {
                Set<String> named = new HashSet<>();
                call.body().path("runningJobIds").forEach(id -> named.add(id.asString()));
                assertThat(named).containsAll(running);
            }
        }
    }

    private static List<Integer> stepNumbers(List<ScriptedGateway.Line> lines) {
        return lines.stream().map(ScriptedGateway.Line::message).filter(message -> message.startsWith("step "))
                .map(message -> Integer.parseInt(message.split(" ")[1])).toList();
    }

    private static List<Duration> gaps(List<ScriptedGateway.Call> calls) {
        List<Duration> gaps = new ArrayList<>();
        for (int i = 1; i < calls.size(); i++) {
            gaps.add(Duration.ofNanos(calls.get(i).atNanos() - calls.get(i - 1).atNanos()));
        }
        return gaps;
    }

    private static int indexOf(List<ScriptedGateway.Call> calls, Predicate<ScriptedGateway.Call> p) {
        for (int i = 0; i < calls.size(); i++) {
            if (p.test(calls.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexOf(List<ScriptedGateway.Call> calls, Predicate<ScriptedGateway.Call> p) {
        for (int i = calls.size() - 1; i >= 0; i--) {
            if (p.test(calls.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
