package org.jobplatform.job.lifecycle.messaging;

import org.jobplatform.job.support.JobServiceTest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.jobplatform.contracts.CloudEventHeaders;
import org.jobplatform.contracts.EventTypes;
import org.jobplatform.contracts.JobState;
import org.jobplatform.contracts.JobStateReported;
import org.jobplatform.contracts.Topics;
import org.jobplatform.job.lifecycle.JobActivity;
import org.jobplatform.starter.messaging.EventCodec;
import org.jobplatform.testsupport.SharedKafka;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Robots' reports move their jobs through the lifecycle; repeated, illegal, foreign and poison reports do not. */
@JobServiceTest
class RobotReportsConsumerTest {

    private static final EventCodec CODEC = new EventCodec("/robot-gateway");
    private static final String ROBOT = "0b6d1f0e-7c2a-4e8b-9d3f-5a6b7c8d9e0f";

    @LocalServerPort
    int port;

    @Autowired
    JobActivity activity;

    WebTestClient acme;

    @BeforeEach
    void client() {
        acme = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).responseTimeout(Duration.ofSeconds(20))
                .defaultHeaders(h -> h.setBasicAuth("acme", "acme")).build();
    }

    @SuppressWarnings("unchecked")
    private String createJob() {
        return (String) acme.post().uri("/api/jobs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"processName\":\"invoices\"}").exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("id");
    }

    private static void report(String jobId, String tenant, JobState state) {
        SharedKafka.publish(CODEC.toRecord(Topics.ROBOT_REPORTS, jobId,
                new JobStateReported(jobId, ROBOT, tenant, state, null, Instant.now()), jobId));
    }

    private void awaitState(String jobId, String state) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> acme.get().uri("/api/jobs/" + jobId).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.state").isEqualTo(state));
    }

    private static long changes(String jobId) {
        return SharedKafka.readAll(Topics.JOB_EVENTS).stream()
                .filter(r -> jobId.equals(EventCodec.header(r.headers(), CloudEventHeaders.SUBJECT)))
                .filter(r -> EventTypes.JOB_STATE_CHANGED.equals(EventCodec.header(r.headers(), CloudEventHeaders.TYPE)))
                .count();
    }

    @Test
    void theRobotsReports_startAndEndAJob_andAStopInBetweenIsConfirmedByTheRobot() {
        String job = createJob();
        report(job, "acme", JobState.RUNNING);
        awaitState(job, "RUNNING");
        acme.get().uri("/api/jobs/" + job).exchange().expectBody().jsonPath("$.robotId").isEqualTo(ROBOT)
                .jsonPath("$.reason").isEqualTo("ROBOT");
        acme.post().uri("/api/jobs/" + job + "/stop").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.state").isEqualTo("STOPPING");
        report(job, "acme", JobState.STOPPED);
        awaitState(job, "STOPPED");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(changes(job)).isEqualTo(4));
    }

    @Test
    void aRepeatedReport_aReportAfterTheEnd_andAnotherTenantsRobot_changeNothing() {
        String job = createJob();
        report(job, "acme", JobState.RUNNING);
        report(job, "acme", JobState.RUNNING);
        report(job, "globex", JobState.FAULTED);
        report(job, "acme", JobState.SUCCESSFUL);
        report(job, "acme", JobState.RUNNING);
        awaitState(job, "SUCCESSFUL");
        String marker = createJob();
        report(marker, "acme", JobState.RUNNING);
        awaitState(marker, "RUNNING");
        acme.get().uri("/api/jobs/" + job).exchange().expectBody().jsonPath("$.state").isEqualTo("SUCCESSFUL");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(changes(job)).isEqualTo(3));
    }

    @Test
    void whileADrainSweepOfThisInstanceRuns_reportsWaitForItsEnd() {
        String job = createJob();
        activity.sweepStarted();
        try {
            report(job, "acme", JobState.RUNNING);
            await().atMost(Duration.ofSeconds(30)).until(() -> activity.waitingForSweep() > 0);
            // every consumer thread waits before applying anything (for up to jobs.reports.wait-for-sweep, 30 s here)
            acme.get().uri("/api/jobs/" + job).exchange().expectBody().jsonPath("$.state").isEqualTo("PENDING");
        } finally {
            activity.sweepEnded();
        }
        awaitState(job, "RUNNING");
        assertThat(activity.waitingForSweep()).isZero();
    }

    @Test
    void aPoisonReport_landsOnTheDeadLetterTopic_andLaterReportsStillApply() {
        String job = createJob();
        String key = job;
        ProducerRecord<String, byte[]> poison = new ProducerRecord<>(Topics.ROBOT_REPORTS, key,
                "{broken".getBytes(StandardCharsets.UTF_8));
        poison.headers().add(CloudEventHeaders.TYPE, EventTypes.JOB_STATE_REPORTED.getBytes(StandardCharsets.UTF_8));
        SharedKafka.publish(poison);
        // same key, so same partition: the report behind the poison must still be applied
        report(job, "acme", JobState.RUNNING);
        awaitState(job, "RUNNING");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                SharedKafka.readAll(Topics.deadLetter(Topics.ROBOT_REPORTS, "job-service")))
                .anySatisfy(r -> assertThat(r.key()).isEqualTo(key)));
    }
}
