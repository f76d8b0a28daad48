package org.jobplatform.robot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jobplatform.contracts.Phase;
import org.jobplatform.contracts.RobotHeartbeatReceived;
import org.jobplatform.contracts.Topics;
import org.jobplatform.starter.messaging.EventCodec;
import org.jobplatform.starter.phase.PhaseView;
import org.jobplatform.testsupport.SharedKafka;
import org.jobplatform.testsupport.UsesSharedInfrastructure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * The heartbeats of robots whose credentials are cached are taken ahead of the security chain, and answered as the
 * chain and the controller would answer them: published before the 200, 400 and 413 as problem+json, the chain's
 * headers; a wrong secret, another media type or a person still go through the chain.
 */
@UsesSharedInfrastructure
@SpringBootTest(classes = RobotGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CachedRobotHeartbeatsTest {

    private static final EventCodec JOB_SERVICE = new EventCodec("/job-service");
    private static final String IDLE = "{\"runningJobIds\":[]}";
    private static final List<String> SECURITY_HEADERS = List.of(HttpHeaders.CACHE_CONTROL, HttpHeaders.PRAGMA,
            HttpHeaders.EXPIRES, "X-Content-Type-Options", "X-Frame-Options", "X-XSS-Protection", "Referrer-Policy");

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    @Autowired
    PhaseView view;

    Gateway gateway;
    Gateway.RegisteredRobot robot;
    HttpHeaders chainAnswerHeaders;

    @BeforeEach
    void aRobotWhoseFirstHeartbeatWentThroughTheChain() {
        gateway = new Gateway(port);
        robot = gateway.newRobot("cached");
        double before = taken("security-chain");
        chainAnswerHeaders = beat(robot.client(), IDLE).expectStatus().isOk().returnResult(String.class)
                .getResponseHeaders();
        assertThat(taken("security-chain")).as("a first call authenticates through the chain, which caches")
                .isEqualTo(before + 1);
    }

    @Test
    void aCachedRobotsHeartbeat_isTakenAheadOfTheChain_publishedBeforeItsAnswer_withTheChainsHeaders() {
        String job = UUID.randomUUID().toString();
        double before = taken("cached-credentials");
        HttpHeaders headers = beat(robot.client(), "{\"runningJobIds\":[\"" + job.toUpperCase() + "\"],\"capacity\":2}")
                .expectStatus().isOk().expectHeader().contentType(MediaType.APPLICATION_JSON)
                .expectBody().jsonPath("$.commands").isArray().jsonPath("$.commands.length()").isEqualTo(0)
                .jsonPath("$.pollAfterMs").isEqualTo(5000).returnResult().getResponseHeaders();

        assertThat(taken("cached-credentials")).isEqualTo(before + 1);
        for (String name : SECURITY_HEADERS) {
            assertThat(headers.get(name)).as(name).isNotEmpty().isEqualTo(chainAnswerHeaders.get(name));
        }
        // the answer came after the broker acknowledged the heartbeat, so it is on the topic already
        assertThat(reports()).last().satisfies(last -> {
            RobotHeartbeatReceived heartbeat = JOB_SERVICE.decode(last.value(), RobotHeartbeatReceived.class);
            assertThat(heartbeat.robotId()).isEqualTo(robot.robotId());
            assertThat(heartbeat.tenantId()).isEqualTo("acme");
            assertThat(heartbeat.runningJobIds()).containsExactly(job);
            assertThat(heartbeat.capacity()).isEqualTo(2);
        });
    }

    @Test
    void aCachedRobotsHeartbeat_isObservedUnderItsRoute() {
        long before = observedHeartbeats();
        double taken = taken("cached-credentials");
        for (int i = 0; i < 3; i++) {
            beat(robot.client(), IDLE).expectStatus().isOk();
        }
        assertThat(taken("cached-credentials")).isEqualTo(taken + 3);
        // the chain's first heartbeat may be recorded late, but it is only one of them
        await().atMost(Duration.ofSeconds(10)).until(() -> observedHeartbeats() >= before + 3);
    }

    @Test
    void aWrongSecret_ofACachedRobot_isStill401_fromTheChain() {
        double before = taken("cached-credentials");
        beat(gateway.as(robot.robotId(), robot.secret() + "x"), IDLE).expectStatus().isUnauthorized()
                .expectHeader().exists(HttpHeaders.WWW_AUTHENTICATE)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(taken("cached-credentials")).isEqualTo(before);
    }

    @Test
    void badBodies_ofACachedRobot_are400ProblemJson_naming_theFault_andNothingIsPublished() {
        double before = taken("cached-credentials");
        int published = reports().size();
        badRequest("{not json", "Failed to read HTTP message");
        badRequest("{\"runningJobIds\":[\"nope\"]}", "runningJobIds[0] 'nope' is not a UUID");
        badRequest("{\"runningJobIds\":[],\"capacity\":\"many\"}", "Failed to read HTTP message");
        badRequest("{\"runningJobIds\":[],\"capacity\":0}", "capacity is 0");
        robot.client().post().uri("/api/robot/heartbeat").contentType(MediaType.APPLICATION_JSON).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.detail")
                .value(d -> assertThat((String) d).contains("runningJobIds is required"));
        assertThat(taken("cached-credentials")).isEqualTo(before + 5);
        assertThat(reports()).hasSize(published);
    }

    @Test
    void aBodyOver1MB_ofACachedRobot_is413ProblemJson() {
        double before = taken("cached-credentials");
        String body = "{\"runningJobIds\":[],\"padding\":\"" + "x".repeat(1024 * 1024) + "\"}";
        beat(robot.client(), body).expectStatus().isEqualTo(413)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(413);
        assertThat(taken("cached-credentials")).isEqualTo(before + 1);
    }

    @Test
    void anotherMediaType_orAPerson_stillGoesThroughTheChain() {
        double before = taken("cached-credentials");
        robot.client().post().uri("/api/robot/heartbeat").contentType(MediaType.TEXT_PLAIN).bodyValue(IDLE)
                .exchange().expectStatus().isEqualTo(415);
        robot.client().post().uri("/api/robot/heartbeat").contentType(MediaType.APPLICATION_JSON)
                .accept(MediaType.TEXT_PLAIN).bodyValue(IDLE).exchange().expectStatus().isEqualTo(406);
        beat(gateway.as("acme", "acme"), IDLE).expectStatus().isForbidden();
        assertThat(taken("cached-credentials")).isEqualTo(before);
    }

    @Test
    void inDraining_aCachedRobotsHeartbeat_isStillTakenAheadOfTheChain() {
        double before = taken("cached-credentials");
        try {
            Gateway.enterPhase(view, "acme", Phase.DRAINING);
            beat(robot.client(), IDLE).expectStatus().isOk();
        } finally {
            Gateway.enterPhase(view, "acme", Phase.NONE);
        }
        assertThat(taken("cached-credentials")).isEqualTo(before + 1);
    }

    private static WebTestClient.ResponseSpec beat(WebTestClient client, String body) {
        return client.post().uri("/api/robot/heartbeat").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange();
    }

    private void badRequest(String body, String detail) {
        beat(robot.client(), body).expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains(detail))
                .jsonPath("$.instance").isEqualTo("/api/robot/heartbeat");
    }

    private List<ConsumerRecord<String, byte[]>> reports() {
        return SharedKafka.readAll(Topics.ROBOT_REPORTS).stream().filter(r -> robot.robotId().equals(r.key()))
                .toList();
    }

    private long observedHeartbeats() {
        return meters.find("http.server.requests").tag("uri", "/api/robot/heartbeat").tag("status", "200").timers()
                .stream().mapToLong(t -> t.count()).sum();
    }

    private double taken(String via) {
        return meters.counter("robots.heartbeats", "via", via).count();
    }
}
