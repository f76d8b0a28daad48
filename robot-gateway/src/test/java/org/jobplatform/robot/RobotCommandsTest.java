package org.jobplatform.robot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jobplatform.contracts.EventTypes;
import org.jobplatform.contracts.Phase;
import org.jobplatform.contracts.RobotCommandIssued;
import org.jobplatform.contracts.RobotCommandType;
import org.jobplatform.contracts.RobotHeartbeatReceived;
import org.jobplatform.contracts.Topics;
import org.jobplatform.starter.messaging.EventCodec;
import org.jobplatform.starter.messaging.TopicFollower;
import org.jobplatform.starter.phase.PhaseView;
import org.jobplatform.testsupport.SharedKafka;
import org.jobplatform.testsupport.UsesSharedInfrastructure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.stream.binding.BindingService;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.Disposable;

/**
 * Commands job-service puts on the broker reach their robot once, in its next heartbeat answer or at once on its
 * event stream; heartbeats go to the broker; SUSPENDED cuts the streams off; a poison command blocks nothing.
 */
@UsesSharedInfrastructure
@SpringBootTest(classes = RobotGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RobotCommandsTest {

    private static final EventCodec JOB_SERVICE = new EventCodec("/job-service");
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @LocalServerPort
    int port;

    @Autowired
    PhaseView view;

    @Autowired
    MeterRegistry meters;

    @Autowired
    @Qualifier("robotCommandFollower")
    TopicFollower follower;

    @Autowired
    BindingService bindings;

    Gateway gateway;
    Gateway.RegisteredRobot a;
    Gateway.RegisteredRobot b;
    /** The maintenance window the test's Stops and Kills come from, applied by the gateway. */
    String window;

    @BeforeEach
    void twoRobotsOfAcme_theGatewayReadingCommands_andAWindowApplied() {
        gateway = new Gateway(port);
        a = gateway.newRobot("a");
        b = gateway.newRobot("b");
        await().atMost(PATIENCE).until(follower::isCaughtUp);
        window = "w-" + UUID.randomUUID();
        Gateway.enterPhase(view, "windows-" + window, Phase.DRAINING, window);
    }

    @Test
    void theCommandRelay_isFedByItsFollowerOnly_andNotBoundToATopicOfItsOwn() {
        // a lone Consumer bean would otherwise be bound to a topic named commandRelay-in-0, with a consumer of its own
        assertThat(bindings.getConsumerBindingNames()).isEmpty();
    }

    @Test
    void aCommandForRobotA_isInItsNextHeartbeatAnswerExactlyOnce_andNeverInRobotBs() {
        RobotCommandIssued stop = issue(a, RobotCommandType.STOP, null, null);
        List<Map<String, Object>> toA = new ArrayList<>();
        List<Map<String, Object>> toB = new ArrayList<>();
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            toB.addAll(heartbeat(b));
            toA.addAll(heartbeat(a));
            assertThat(toA).extracting(c -> c.get("id")).contains(stop.commandId());
        });
        assertThat(heartbeat(a)).isEmpty();
        toB.addAll(heartbeat(b));
        assertThat(toA).singleElement().satisfies(c -> {
            assertThat(c).containsEntry("id", stop.commandId()).containsEntry("type", "STOP")
                    .containsEntry("jobId", stop.jobId()).containsEntry("reason", "MAINTENANCE")
                    .containsEntry("windowId", window);
            assertThat(c).doesNotContainKeys("processName", "inputArguments");
        });
        assertThat(toB).isEmpty();
    }

    @Test
    void aCommandForARobotWithAnOpenStream_isPushedAtOnce_withItsIdEventAndData() {
        CommandStream stream = open(a);
        try {
            RobotCommandIssued start = issue(a, RobotCommandType.START, "Invoices", "{\"month\":\"2026-11\"}");
            await().atMost(PATIENCE).until(() -> !stream.commands().isEmpty());
            assertThat(stream.commands()).singleElement().satisfies(e -> {
                assertThat(e.id()).isEqualTo(start.commandId());
                assertThat(e.event()).isEqualTo("command");
                assertThat(e.data()).containsEntry("id", start.commandId()).containsEntry("type", "START")
                        .containsEntry("jobId", start.jobId()).containsEntry("processName", "Invoices")
                        .containsEntry("inputArguments", Map.of("month", "2026-11"));
            });
            assertThat(heartbeat(a)).as("a pushed command is not queued as well").isEmpty();
            assertThat(stream.completed()).isFalse();
            assertThat(meters.get("robots.commands.delivered").tag("via", "sse").counter().count()).isPositive();
            assertThat(openStreams()).isPositive();
        } finally {
            stream.close();
        }
        await().atMost(PATIENCE).until(() -> openStreams() == 0);
    }

    private double openStreams() {
        return meters.get("robots.commands.streams").gauge().value();
    }

    @Test
    void aHeartbeat_isOnTheReportsTopicWhenAnswered_withTheRunningJobsAndCapacity() {
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        a.client().post().uri("/api/robot/heartbeat").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"runningJobIds\":[\"" + first + "\",\"" + second.toUpperCase() + "\"],\"capacity\":3}")
                .exchange().expectStatus().isOk();
        heartbeat(a);
        List<ConsumerRecord<String, byte[]>> records = SharedKafka.readAll(Topics.ROBOT_REPORTS).stream()
                .filter(r -> a.robotId().equals(r.key())).toList();
        assertThat(records).hasSize(2).allSatisfy(r -> assertThat(EventCodec.type(r))
                .isEqualTo(EventTypes.ROBOT_HEARTBEAT_RECEIVED));
        assertThat(records.stream().map(r -> JOB_SERVICE.decode(r.value(), RobotHeartbeatReceived.class)))
                .satisfiesExactly(busy -> {
                    assertThat(busy.robotId()).isEqualTo(a.robotId());
                    assertThat(busy.tenantId()).isEqualTo("acme");
                    assertThat(busy.runningJobIds()).containsExactly(first, second);
                    assertThat(busy.capacity()).isEqualTo(3);
                    assertThat(busy.at()).isNotNull();
                }, idle -> {
                    assertThat(idle.runningJobIds()).isEmpty();
                    assertThat(idle.capacity()).isEqualTo(1);
                });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{}|runningJobIds is required",
            "{\"runningJobIds\":null,\"capacity\":1}|runningJobIds is required",
            "{\"runningJobIds\":[\"nope\"]}|runningJobIds[0] 'nope' is not a UUID",
            "{\"runningJobIds\":[\"3f1d7c52-9a0e-4b8e-8a43-6c2e5e1f0b77\",null]}|runningJobIds[1] is required",
            "{\"runningJobIds\":[],\"capacity\":0}|capacity is 0",
            "{\"runningJobIds\":[],\"capacity\":1001}|capacity is 1001"})
    void aBadHeartbeat_is400ProblemJson_withADetailNamingTheField(String body, String detail) {
        a.client().post().uri("/api/robot/heartbeat").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(d -> assertThat(d.toString()).contains(detail));
    }

    @Test
    void aHeartbeatListingOver1000Jobs_is400_andPeopleMayNotCallInForCommands() {
        String ids = IntStream.range(0, 1001).mapToObj(i -> "\"" + UUID.randomUUID() + "\"")
                .collect(Collectors.joining(","));
        a.client().post().uri("/api/robot/heartbeat").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"runningJobIds\":[" + ids + "]}").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(d -> assertThat(d.toString())
                        .contains("runningJobIds lists 1001 jobs; at most 1000"));
        WebTestClient person = gateway.as("acme", "acme");
        person.post().uri("/api/robot/heartbeat").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"runningJobIds\":[]}").exchange().expectStatus().isForbidden()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        person.get().uri("/api/robot/commands").accept(MediaType.TEXT_EVENT_STREAM).exchange().expectStatus()
                .isForbidden().expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(403);
    }

    @Test
    void whenItsTenantIsSuspended_aRobotsStreamEnds_andItsCallsAre503WithARetryAfterOf5To15Seconds() {
        CommandStream stream = open(a);
        try {
            Gateway.enterPhase(view, "acme", Phase.SUSPENDED);
            await().atMost(PATIENCE).until(stream::completed);
            for (int i = 0; i < 5; i++) {
                a.client().post().uri("/api/robot/heartbeat").contentType(MediaType.APPLICATION_JSON)
                        .bodyValue("{\"runningJobIds\":[]}").exchange().expectStatus().isEqualTo(503)
                        .expectHeader().value(HttpHeaders.RETRY_AFTER,
                                v -> assertThat(Long.parseLong(v)).isBetween(5L, 15L));
            }
            a.client().get().uri("/api/robot/commands").accept(MediaType.TEXT_EVENT_STREAM).exchange()
                    .expectStatus().isEqualTo(503).expectHeader().exists(HttpHeaders.RETRY_AFTER);
        } finally {
            stream.close();
            Gateway.enterPhase(view, "acme", Phase.NONE);
        }
    }

    @Test
    void aMaintenanceCommandOfAWindowTheGatewayHasNotApplied_waitsForIt_whileLaterCommandsPass() {
        CommandStream stream = open(a);
        try {
            String ahead = "w-" + UUID.randomUUID();
            RobotCommandIssued early = issue(a, RobotCommandType.STOP, ahead);
            RobotCommandIssued later = issue(a, RobotCommandType.KILL, window);
            // one robot's commands share a partition: the later one is read after the early one
            await().atMost(PATIENCE).until(() -> !stream.commands().isEmpty());
            assertThat(stream.commands()).extracting(ServerSentEvent::id).containsExactly(later.commandId());
            assertThat(heartbeat(a)).as("nor is it in a heartbeat answer").isEmpty();

            Gateway.enterPhase(view, "windows-" + ahead, Phase.DRAINING, ahead);
            await().atMost(PATIENCE).until(() -> stream.commands().size() == 2);
            assertThat(stream.commands()).extracting(ServerSentEvent::id)
                    .containsExactly(later.commandId(), early.commandId());
        } finally {
            stream.close();
        }
    }

    @Test
    void aPoisonRecordOnTheCommandTopic_goesToTheDeadLetterTopic_andALaterCommandIsStillDelivered() {
        String poisonId = UUID.randomUUID().toString();
        SharedKafka.publish(EventCodec.toRecord(Topics.ROBOT_COMMANDS, a.robotId(), poisonId,
                EventTypes.ROBOT_COMMAND_ISSUED, "/job-service", a.robotId(), Instant.now(),
                "{not json".getBytes(StandardCharsets.UTF_8)));
        RobotCommandIssued kill = issue(a, RobotCommandType.KILL, null, null);
        String deadLetters = Topics.deadLetter(Topics.ROBOT_COMMANDS, "robot-gateway");
        await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(SharedKafka.readAll(deadLetters)).anySatisfy(r -> {
                    assertThat(r.key()).isEqualTo(a.robotId());
                    assertThat(EventCodec.id(r)).isEqualTo(poisonId);
                    assertThat(EventCodec.header(r.headers(), "dlt-exception-message")).isNotBlank();
                }));
        List<Map<String, Object>> toA = new ArrayList<>();
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            toA.addAll(heartbeat(a));
            assertThat(toA).extracting(c -> c.get("id")).containsExactly(kill.commandId());
        });
    }

    /** Publishes a command as job-service does: a Start dispatched, a Stop or Kill of the test's window. */
    private RobotCommandIssued issue(Gateway.RegisteredRobot robot, RobotCommandType type, String processName,
            String inputArguments) {
        return type == RobotCommandType.START ? publish(new RobotCommandIssued(UUID.randomUUID().toString(),
                robot.robotId(), "acme", type, UUID.randomUUID().toString(), processName, inputArguments, "DISPATCH",
                null, Instant.now())) : issue(robot, type, window);
    }

    /** Publishes a Stop or Kill a maintenance window caused. */
    private static RobotCommandIssued issue(Gateway.RegisteredRobot robot, RobotCommandType type, String windowId) {
        return publish(new RobotCommandIssued(UUID.randomUUID().toString(), robot.robotId(), "acme", type,
                UUID.randomUUID().toString(), null, null, "MAINTENANCE", windowId, Instant.now()));
    }

    private static RobotCommandIssued publish(RobotCommandIssued command) {
        SharedKafka.publish(EventCodec.toRecord(Topics.ROBOT_COMMANDS, command.robotId(), command.commandId(),
                EventTypes.ROBOT_COMMAND_ISSUED, JOB_SERVICE.source(), command.jobId(), Instant.now(),
                JOB_SERVICE.toJson(command)));
        return command;
    }

    /** One heartbeat of an idle robot; the commands of its answer. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> heartbeat(Gateway.RegisteredRobot robot) {
        Map<String, Object> answer = robot.client().post().uri("/api/robot/heartbeat")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"runningJobIds\":[]}").exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        return (List<Map<String, Object>>) answer.get("commands");
    }

    /** Opens the robot's command stream; returns once the gateway has started answering. */
    private static CommandStream open(Gateway.RegisteredRobot robot) {
        List<ServerSentEvent<Map<String, Object>>> events = new CopyOnWriteArrayList<>();
        AtomicBoolean completed = new AtomicBoolean();
        Disposable subscription = robot.client().get().uri("/api/robot/commands").accept(MediaType.TEXT_EVENT_STREAM)
                .exchange().expectStatus().isOk()
                .returnResult(new ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>>() { })
                .getResponseBody()
                .subscribe(events::add, error -> completed.set(true), () -> completed.set(true));
        return new CommandStream(events, completed, subscription);
    }

    /**
     * A robot's open command stream, as the robot reads it.
     *
     * @param events       every event read so far, comments included
     * @param ended        set when the gateway ended the stream
     * @param subscription cancels the stream
     */
    private record CommandStream(List<ServerSentEvent<Map<String, Object>>> events, AtomicBoolean ended,
            Disposable subscription) {

        List<ServerSentEvent<Map<String, Object>>> commands() {
            return events.stream().filter(e -> "command".equals(e.event())).toList();
        }

        boolean completed() {
            return ended.get();
        }

        void close() {
            subscription.dispose();
        }
    }
}
