package org.jobplatform.job.requests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.jobplatform.contracts.CloudEventHeaders;
import org.jobplatform.contracts.EventTypes;
import org.jobplatform.contracts.JobRequestAccepted;
import org.jobplatform.contracts.JobRequestRefused;
import org.jobplatform.contracts.JobRequested;
import org.jobplatform.contracts.JobsRequested;
import org.jobplatform.contracts.Phase;
import org.jobplatform.contracts.Scope;
import org.jobplatform.contracts.Topics;
import org.jobplatform.job.support.RobotsTest;
import org.jobplatform.job.support.Robots;
import org.jobplatform.starter.messaging.EventCodec;
import org.jobplatform.testsupport.SharedInfrastructure;
import org.jobplatform.testsupport.SharedKafka;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

import reactor.core.publisher.Mono;

/** Triggers' job requests: accepted once each, or refused for maintenance so the execution is recorded skipped. */
class JobRequestsTest extends RobotsTest {

    private static final EventCodec SCHEDULER = new EventCodec("/scheduler-service");
    private static final String TENANT = "requests";

    @Autowired
    private JobRequestHandler handler;
    @Autowired
    private DatabaseClient db;


    private static JobRequested request() {
        return request(false);
    }

    private static JobRequested request(boolean exempt) {
        return new JobRequested(UUID.randomUUID().toString(), UUID.randomUUID().toString(), TENANT, "nightly", null,
                "{\"batch\":7}", Instant.now(), Instant.now(), exempt);
    }

    private static void send(JobRequested request) {
        SharedKafka.publish(SCHEDULER.toRecord(Topics.SCHEDULER_JOB_REQUESTS, request.tenantId(), request,
                request.requestId()));
    }

    /** One record with the requests, as scheduler-service sends a firing slot it decided. */
    private static ProducerRecord<String, byte[]> batch(JobRequested... requests) {
        return SCHEDULER.toRecord(Topics.SCHEDULER_JOB_REQUESTS, TENANT, new JobsRequested(List.of(requests)),
                null);
    }

    private static <T> List<T> answers(String requestId, String type, Class<T> record) {
        return SharedKafka.readAll(Topics.JOB_EVENTS).stream().filter(r -> type.equals(EventCodec.type(r)))
                .map(r -> SCHEDULER.decode(r.value(), record))
                .filter(a -> requestId.equals(a instanceof JobRequestAccepted acc ? acc.requestId()
                        : ((JobRequestRefused) a).requestId()))
                .toList();
    }

    /** The request was accepted with a job of reason SCHEDULE, pending, of its trigger's process and tenant. */
    private void assertAcceptedWithAScheduledJob(JobRequested request) {
        JobRequestAccepted accepted = answers(request.requestId(), EventTypes.JOB_REQUEST_ACCEPTED,
                JobRequestAccepted.class).get(0);
        assertThat(accepted.triggerId()).isEqualTo(request.triggerId());
        assertThat(robots.job("admin", accepted.jobId())).containsEntry("reason", "SCHEDULE")
                .containsEntry("processName", "nightly").containsEntry("tenantId", TENANT)
                .containsEntry("state", "PENDING");
    }

    /** Sends a new request and waits for its answer: whatever was published before it has been consumed. */
    private static void awaitARequestSentNow() {
        JobRequested marker = request();
        send(marker);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !answers(marker.requestId(), EventTypes.JOB_REQUEST_ACCEPTED, JobRequestAccepted.class)
                        .isEmpty());
    }

    @Test
    void aRequest_createsAJobWithReasonSchedule_once_evenWhenDeliveredTwice() {
        JobRequested request = request();
        send(request);
        send(request);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> answers(request.requestId(), EventTypes.JOB_REQUEST_ACCEPTED, JobRequestAccepted.class)
                        .size() == 1);
        assertAcceptedWithAScheduledJob(request);
        // the duplicate is consumed after the first; once it is, still one answer and one job
        awaitARequestSentNow();
        assertThat(answers(request.requestId(), EventTypes.JOB_REQUEST_ACCEPTED, JobRequestAccepted.class))
                .hasSize(1);
    }

    /**
     * Two instances answering one request at once both find it unanswered; the primary key of {@code job_request},
     * written in the transaction that creates the job, lets one commit. Here the other instance is a transaction held
     * open with the answer written: the handler's answer waits for it, fails once it commits, and takes its job back.
     */
    @Test
    void aRequestAnsweredElsewhereAtTheSameMoment_createsNoSecondJob() throws Exception {
        JobRequested request = request();
        try (Connection other = SharedInfrastructure.get().postgres().dataSource().getConnection()) {
            other.setAutoCommit(false);
            try (PreparedStatement answer = other.prepareStatement("insert into jobs.job_request (request_id, "
                    + "tenant_id, outcome, answered_at) values (?, ?, 'ACCEPTED', now())")) {
                answer.setString(1, request.requestId());
                answer.setString(2, TENANT);
                answer.executeUpdate();
            }
            CompletableFuture<String> handled = handler.handle(request).defaultIfEmpty("nothing")
                    .onErrorResume(e -> Mono.just("failed")).toFuture();
            await().atMost(Duration.ofSeconds(30)).until(() -> count("select count(*) as n from pg_stat_activity "
                    + "where wait_event_type = 'Lock' and query like 'insert into job_request%'") > 0);
            other.commit();
            assertThat(handled.get(30, TimeUnit.SECONDS)).isEqualTo("failed");
        }
        assertThat(count("select count(*) as n from job where request_id = '" + request.requestId() + "'")).isZero();
    }

    private long count(String sql) {
        return db.sql(sql).map(row -> row.get("n", Long.class)).one().block(Duration.ofSeconds(10));
    }

    @Test
    void aRequestArrivingInMaintenance_isRefused_withThePhaseAndTheWindow() {
        String window = robots.drain(Scope.tenant(TENANT));
        JobRequested request = request();
        try {
            send(request);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> answers(request.requestId(), EventTypes.JOB_REQUEST_REFUSED, JobRequestRefused.class)
                            .size() == 1);
        } finally {
            robots.end(Scope.tenant(TENANT));
        }
        JobRequestRefused refused = answers(request.requestId(), EventTypes.JOB_REQUEST_REFUSED,
                JobRequestRefused.class).get(0);
        assertThat(refused.phase()).isEqualTo(Phase.DRAINING);
        assertThat(refused.windowId()).isEqualTo(window);
        assertThat(refused.scheduledAt()).isEqualTo(request.scheduledAt());
        assertThat(answers(request.requestId(), EventTypes.JOB_REQUEST_ACCEPTED, JobRequestAccepted.class)).isEmpty();
    }

    @Test
    void anExemptTriggersRequest_isAcceptedInMaintenance_andItsJobWaitsForTheEnd() {
        robots.drain(Scope.tenant(TENANT));
        JobRequested request = request(true);
        JobRequestAccepted accepted;
        try {
            send(request);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> answers(request.requestId(), EventTypes.JOB_REQUEST_ACCEPTED, JobRequestAccepted.class)
                            .size() == 1);
            accepted = answers(request.requestId(), EventTypes.JOB_REQUEST_ACCEPTED, JobRequestAccepted.class).get(0);
            assertThat(robots.job("admin", accepted.jobId())).containsEntry("state", "PENDING");
        } finally {
            robots.end(Scope.tenant(TENANT));
        }
        assertThat(answers(request.requestId(), EventTypes.JOB_REQUEST_REFUSED, JobRequestRefused.class)).isEmpty();
    }

    @Test
    void anOlderRequestWithoutTheExemptField_readsAsNotExempt() {
        String json = "{\"requestId\":\"r\",\"triggerId\":\"t\",\"tenantId\":\"acme\",\"processName\":\"p\","
                + "\"scheduledAt\":\"2026-11-23T10:00:00Z\",\"requestedAt\":\"2026-11-23T10:00:00Z\"}";
        assertThat(SCHEDULER.decode(json.getBytes(StandardCharsets.UTF_8), JobRequested.class).isExempt()).isFalse();
    }

    @Test
    void aPoisonRequest_landsOnTheDeadLetterTopic_andTheNextIsStillAnswered() {
        ProducerRecord<String, byte[]> poison = new ProducerRecord<>(Topics.SCHEDULER_JOB_REQUESTS, TENANT,
                "{broken".getBytes(StandardCharsets.UTF_8));
        poison.headers().add(CloudEventHeaders.TYPE, EventTypes.JOB_REQUESTED.getBytes(StandardCharsets.UTF_8));
        poison.headers().add(CloudEventHeaders.ID, "poison-request".getBytes(StandardCharsets.UTF_8));
        SharedKafka.publish(poison);
        JobRequested next = request();
        send(next);
        String dlt = Topics.deadLetter(Topics.SCHEDULER_JOB_REQUESTS, "job-service");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(SharedKafka.readAll(dlt)).anySatisfy(r -> assertThat(new String(r.value(),
                    StandardCharsets.UTF_8)).isEqualTo("{broken"));
            assertThat(answers(next.requestId(), EventTypes.JOB_REQUEST_ACCEPTED, JobRequestAccepted.class))
                    .hasSize(1);
        });
    }

    @Test
    void aRecordOfRequests_createsAJobWithReasonSchedule_perRequest_once_evenWhenDeliveredTwice() {
        List<JobRequested> requests = List.of(request(), request(), request());
        ProducerRecord<String, byte[]> record = batch(requests.toArray(JobRequested[]::new));
        SharedKafka.publish(record);
        await().atMost(Duration.ofSeconds(30)).until(() -> requests.stream().allMatch(r -> answers(r.requestId(),
                EventTypes.JOB_REQUEST_ACCEPTED, JobRequestAccepted.class).size() == 1));
        requests.forEach(this::assertAcceptedWithAScheduledJob);
        // the same record again, then a request consumed after it: still one answer and one job per request
        SharedKafka.publish(record);
        awaitARequestSentNow();
        for (JobRequested request : requests) {
            assertThat(answers(request.requestId(), EventTypes.JOB_REQUEST_ACCEPTED, JobRequestAccepted.class))
                    .hasSize(1);
            assertThat(count("select count(*) as n from job where request_id = '" + request.requestId() + "'"))
                    .isEqualTo(1);
        }
    }

    @Test
    void aRecordOfRequestsArrivingInMaintenance_hasEveryRequestRefused_withThePhaseAndTheWindow() {
        String window = robots.drain(Scope.tenant(TENANT));
        List<JobRequested> requests = List.of(request(), request(), request());
        try {
            SharedKafka.publish(batch(requests.toArray(JobRequested[]::new)));
            await().atMost(Duration.ofSeconds(30)).until(() -> requests.stream().allMatch(r -> answers(
                    r.requestId(), EventTypes.JOB_REQUEST_REFUSED, JobRequestRefused.class).size() == 1));
        } finally {
            robots.end(Scope.tenant(TENANT));
        }
        for (JobRequested request : requests) {
            JobRequestRefused refused = answers(request.requestId(), EventTypes.JOB_REQUEST_REFUSED,
                    JobRequestRefused.class).get(0);
            assertThat(refused.phase()).isEqualTo(Phase.DRAINING);
            assertThat(refused.windowId()).isEqualTo(window);
            assertThat(refused.scheduledAt()).isEqualTo(request.scheduledAt());
            assertThat(answers(request.requestId(), EventTypes.JOB_REQUEST_ACCEPTED, JobRequestAccepted.class))
                    .isEmpty();
        }
    }

    @Test
    void anInvalidRequestInARecord_doesNotStopTheOthers_andTheRecordLandsOnTheDeadLetterTopic() {
        JobRequested first = request();
        JobRequested invalid = new JobRequested(UUID.randomUUID().toString(), UUID.randomUUID().toString(), TENANT,
                null, null, null, Instant.now(), Instant.now(), false);
        JobRequested last = request();
        SharedKafka.publish(batch(first, invalid, last));
        String dlt = Topics.deadLetter(Topics.SCHEDULER_JOB_REQUESTS, "job-service");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(SharedKafka.readAll(dlt)).anySatisfy(r -> assertThat(new String(r.value(),
                    StandardCharsets.UTF_8)).contains(first.requestId(), invalid.requestId(), last.requestId()));
            for (JobRequested request : List.of(first, last)) {
                assertThat(answers(request.requestId(), EventTypes.JOB_REQUEST_ACCEPTED, JobRequestAccepted.class))
                        .hasSize(1);
            }
        });
        for (JobRequested request : List.of(first, last)) {
            assertThat(count("select count(*) as n from job where request_id = '" + request.requestId() + "'"))
                    .isEqualTo(1);
        }
        assertThat(count("select count(*) as n from job_request where request_id = '" + invalid.requestId() + "'"))
                .isZero();
    }
}
