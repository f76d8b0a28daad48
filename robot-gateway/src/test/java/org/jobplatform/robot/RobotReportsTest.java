package org.jobplatform.robot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jobplatform.contracts.CloudEventHeaders;
import org.jobplatform.contracts.JobState;
import org.jobplatform.contracts.JobStateReported;
import org.jobplatform.contracts.QueueItemAdded;
import org.jobplatform.contracts.RobotLogWritten;
import org.jobplatform.contracts.Topics;
import org.jobplatform.starter.messaging.EventCodec;
import org.jobplatform.testsupport.SharedKafka;
import org.jobplatform.testsupport.UsesSharedInfrastructure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** What robots send reaches its topic before the robot is told it was accepted; bad input is refused. */
@UsesSharedInfrastructure
@SpringBootTest(classes = RobotGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RobotReportsTest {

    private static final EventCodec CODEC = new EventCodec("/test");

    @LocalServerPort
    int port;

    Gateway gateway;
    WebTestClient robot;
    String robotId;

    @BeforeEach
    void registerARobot() {
        gateway = new Gateway(port);
        Gateway.RegisteredRobot registered = gateway.newRobot("reporter");
        robotId = registered.robotId();
        robot = registered.client();
    }

    private static List<ConsumerRecord<String, byte[]>> keyed(String topic, String key) {
        return SharedKafka.readAll(topic).stream().filter(r -> key.equals(r.key())).toList();
    }

    @Test
    void aLogBatch_isOnTheLogTopicWhenAccepted_withEachLinesIdAsTheEventId() {
        String job = UUID.randomUUID().toString();
        List<String> ids = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString());
        robot.post().uri("/api/robot/logs").contentType(MediaType.APPLICATION_JSON).bodyValue("""
                [{"id":"%s","jobId":"%s","level":"INFO","message":"first","timestamp":"2026-11-23T10:00:00Z"},
                 {"id":"%s","jobId":"%s","level":"WARN","message":"second","timestamp":"2026-11-23T10:00:01Z"},
                 {"jobId":"%s","level":"INFO","message":"third","timestamp":"2026-11-23T10:00:02Z"}]"""
                .formatted(ids.get(0), job, ids.get(1), job, job))
                .exchange().expectStatus().isAccepted().expectBody().jsonPath("$.accepted").isEqualTo(3);
        List<ConsumerRecord<String, byte[]>> records = keyed(Topics.ROBOT_LOGS, job);
        assertThat(records).hasSize(3);
        assertThat(records.stream().map(r -> EventCodec.header(r.headers(), CloudEventHeaders.ID)).limit(2))
                .containsExactlyElementsOf(ids);
        assertThat(records.stream().map(r -> CODEC.decode(r.value(), RobotLogWritten.class)))
                .extracting(RobotLogWritten::message, RobotLogWritten::robotId, RobotLogWritten::tenantId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("first", robotId, "acme"),
                        org.assertj.core.groups.Tuple.tuple("second", robotId, "acme"),
                        org.assertj.core.groups.Tuple.tuple("third", robotId, "acme"));
    }

    @Test
    void aJobStateReport_andAQueueItem_areOnTheirTopicsWhenAccepted() {
        String job = UUID.randomUUID().toString();
        robot.post().uri("/api/robot/jobs/" + job + "/state").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"state\":\"running\",\"message\":\"started\"}").exchange().expectStatus().isAccepted();
        assertThat(keyed(Topics.ROBOT_REPORTS, job)).singleElement()
                .extracting(r -> CODEC.decode(r.value(), JobStateReported.class))
                .satisfies(e -> {
                    assertThat(e.state()).isEqualTo(JobState.RUNNING);
                    assertThat(e.robotId()).isEqualTo(robotId);
                });
        String queue = "invoices-" + UUID.randomUUID().toString().substring(0, 8);
        robot.post().uri("/api/robot/queues/" + queue + "/items").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"reference\":\"INV-42\",\"content\":{\"amount\":120.5}}").exchange()
                .expectStatus().isAccepted();
        assertThat(keyed(Topics.QUEUE_ITEMS, queue)).singleElement()
                .extracting(r -> CODEC.decode(r.value(), QueueItemAdded.class))
                .satisfies(e -> {
                    assertThat(e.reference()).isEqualTo("INV-42");
                    assertThat(e.content()).isEqualTo("{\"amount\":120.5}");
                });
    }

    @Test
    void linesAndStatesOfSeveralJobs_inOneCall_areEachOnTheirTopicWhenAccepted() {
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        robot.post().uri("/api/robot/reports").contentType(MediaType.APPLICATION_JSON).bodyValue("""
                {"lines":[{"jobId":"%s","level":"INFO","message":"stopped","timestamp":"2026-11-23T10:00:00Z"},
                          {"jobId":"%s","level":"INFO","message":"killed","timestamp":"2026-11-23T10:00:01Z"}],
                 "states":[{"jobId":"%s","state":"STOPPED","message":"stopped"},{"jobId":"%s","state":"killed"}]}"""
                .formatted(first, second, first, second))
                .exchange().expectStatus().isAccepted().expectBody().jsonPath("$.accepted").isEqualTo(4);
        assertThat(keyed(Topics.ROBOT_LOGS, first)).singleElement()
                .extracting(r -> CODEC.decode(r.value(), RobotLogWritten.class).message()).isEqualTo("stopped");
        assertThat(keyed(Topics.ROBOT_REPORTS, first)).singleElement()
                .extracting(r -> CODEC.decode(r.value(), JobStateReported.class))
                .satisfies(e -> {
                    assertThat(e.state()).isEqualTo(JobState.STOPPED);
                    assertThat(e.robotId()).isEqualTo(robotId);
                });
        assertThat(keyed(Topics.ROBOT_REPORTS, second)).singleElement()
                .extracting(r -> CODEC.decode(r.value(), JobStateReported.class).state())
                .isEqualTo(JobState.KILLED);
        robot.post().uri("/api/robot/reports").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"states\":[{\"jobId\":\"%s\",\"state\":\"STOPPED\"}]}".formatted(second))
                .exchange().expectStatus().isAccepted().expectBody().jsonPath("$.accepted").isEqualTo(1);
    }

    @Test
    void aCallWithOneBadReport_isRefusedWhole_namingTheReport() {
        String job = UUID.randomUUID().toString();
        robot.post().uri("/api/robot/reports").contentType(MediaType.APPLICATION_JSON).bodyValue("""
                {"lines":[{"jobId":"%s","level":"INFO","message":"x","timestamp":"2026-11-23T10:00:00Z"}],
                 "states":[{"jobId":"%s","state":"STOPPED"},{"jobId":"%s","state":"DONE"}]}"""
                .formatted(job, job, job))
                .exchange().expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(d -> assertThat(d.toString()).startsWith("states[1]: "));
        assertThat(keyed(Topics.ROBOT_REPORTS, job)).isEmpty();
        assertThat(keyed(Topics.ROBOT_LOGS, job)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/api/robot/reports|{}",
            "/api/robot/reports|{\"lines\":[],\"states\":[]}",
            "/api/robot/reports|{\"states\":[null]}",
            "/api/robot/reports|{\"states\":[{\"state\":\"STOPPED\"}]}",
            "/api/robot/reports|{\"states\":[{\"jobId\":\"3f1d7c52-9a0e-4b8e-8a43-6c2e5e1f0b77\"}]}",
            "/api/robot/reports|{\"lines\":[{\"jobId\":\"nope\",\"level\":\"INFO\",\"message\":\"x\",\"timestamp\":\"2026-11-23T10:00:00Z\"}]}",
            "/api/robot/reports|[]",
            "/api/robot/logs|[]",
            "/api/robot/logs|[{\"jobId\":\"nope\",\"level\":\"INFO\",\"message\":\"x\",\"timestamp\":\"2026-11-23T10:00:00Z\"}]",
            "/api/robot/logs|[{\"jobId\":\"3f1d7c52-9a0e-4b8e-8a43-6c2e5e1f0b77\",\"level\":\"INFO\",\"message\":\"x\"}]",
            "/api/robot/logs|{\"not\":\"a list\"}",
            "/api/robot/jobs/3f1d7c52-9a0e-4b8e-8a43-6c2e5e1f0b77/state|{\"state\":\"DONE\"}",
            "/api/robot/jobs/not-a-job/state|{\"state\":\"RUNNING\"}",
            "/api/robot/queues/-bad/items|{\"reference\":\"r\",\"content\":1}",
            "/api/robot/queues/q/items|{\"content\":1}",
            "/api/robot/queues/q/items|{broken"})
    void badInput_is400ProblemJsonWithADetail(String path, String body) {
        robot.post().uri(path).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange().expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(d -> assertThat(d.toString()).isNotBlank());
    }

    @Test
    void anOversizeBody_is413_andPeopleMayNotUseTheRobotApi() {
        String big = "[{\"jobId\":\"3f1d7c52-9a0e-4b8e-8a43-6c2e5e1f0b77\",\"level\":\"INFO\",\"message\":\""
                + "x".repeat(2 * 1024 * 1024) + "\",\"timestamp\":\"2026-11-23T10:00:00Z\"}]";
        robot.post().uri("/api/robot/logs").contentType(MediaType.APPLICATION_JSON).bodyValue(big).exchange()
                .expectStatus().isEqualTo(413).expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        gateway.as("acme", "acme").post().uri("/api/robot/logs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("[]").exchange().expectStatus().isForbidden();
    }
}
