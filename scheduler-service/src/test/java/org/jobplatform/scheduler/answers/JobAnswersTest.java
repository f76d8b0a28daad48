package org.jobplatform.scheduler.answers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.jobplatform.contracts.CloudEventHeaders;
import org.jobplatform.contracts.EventTypes;
import org.jobplatform.contracts.ExecutionOutcome;
import org.jobplatform.contracts.JobRequestAccepted;
import org.jobplatform.contracts.JobRequestRefused;
import org.jobplatform.contracts.JobRequested;
import org.jobplatform.contracts.Phase;
import org.jobplatform.contracts.Topics;
import org.jobplatform.contracts.TriggerExecutionRecorded;
import org.jobplatform.scheduler.support.Executions;
import org.jobplatform.scheduler.support.Executions.Row;
import org.jobplatform.scheduler.support.MutableClock;
import org.jobplatform.scheduler.support.SchedulerServiceTest;
import org.jobplatform.scheduler.support.Steps;
import org.jobplatform.scheduler.triggers.Trigger;
import org.jobplatform.scheduler.triggers.TriggerService;
import org.jobplatform.starter.messaging.EventCodec;
import org.jobplatform.testsupport.SharedKafka;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * job-service's answers on jobs.events.v1: an acceptance records the job on the execution, a refusal for
 * maintenance turns it SKIPPED with the window; both are published, a second delivery changes nothing, and a
 * poison answer goes to the dead-letter topic without holding up the next.
 */
@SchedulerServiceTest
class JobAnswersTest {

    private static final EventCodec JOBS = new EventCodec("/job-service");

    @Autowired
    TriggerService triggers;
    @Autowired
    DatabaseClient db;

    Steps steps;

    @BeforeEach
    void steps() {
        steps = new Steps(triggers, db, MutableClock.MAIN);
        Executions.settle(db, MutableClock.MAIN.instant());
    }

    /** A trigger that fired once; returns its request. */
    private JobRequested firedOnce(Trigger t) {
        steps.advance(Duration.ofSeconds(2), 1);
        assertThat(Executions.rows(db, t.id())).singleElement()
                .satisfies(r -> assertThat(r.outcome()).isEqualTo(ExecutionOutcome.FIRED));
        await().atMost(Duration.ofSeconds(30)).until(() -> Executions.requests(List.of(t.id())).size() == 1);
        return Executions.requests(List.of(t.id())).get(0).request();
    }

    private static void publish(String tenant, Object answer, String requestId) {
        SharedKafka.publish(JOBS.toRecord(Topics.JOB_EVENTS, tenant, answer, requestId));
    }

    private static List<TriggerExecutionRecorded> events(Trigger t) {
        return Executions.events(List.of(t.id()));
    }

    @Test
    void anAcceptance_recordsTheJobOnTheExecution_once_evenWhenDeliveredTwice() {
        String tenant = Steps.newTenant();
        Trigger t = steps.cron(tenant, "accepted", "*/2 * * * * *", null, null, false);
        try {
            JobRequested request = firedOnce(t);
            JobRequestAccepted accepted = new JobRequestAccepted(request.requestId(), t.id(), tenant,
                    UUID.randomUUID().toString(), request.scheduledAt(), Instant.now());
            publish(tenant, accepted, request.requestId());
            publish(tenant, accepted, request.requestId());
            await().atMost(Duration.ofSeconds(30)).until(() -> accepted.jobId()
                    .equals(Executions.rows(db, t.id()).get(0).jobId()));
            // a later answer on the same partition is applied only after both copies
            Trigger marker = steps.cron(tenant, "marker", "*/2 * * * * *", null, null, false);
            JobRequested markerRequest = firedOnce(marker);
            publish(tenant, new JobRequestAccepted(markerRequest.requestId(), marker.id(), tenant,
                    UUID.randomUUID().toString(), markerRequest.scheduledAt(), Instant.now()),
                    markerRequest.requestId());
            await().atMost(Duration.ofSeconds(30)).until(() -> Executions.rows(db, marker.id()).get(0).jobId() != null);
            Executions.published(db);
            assertThat(events(t)).filteredOn(e -> e.jobId() != null).singleElement().satisfies(e -> {
                assertThat(e.jobId()).isEqualTo(accepted.jobId());
                assertThat(e.outcome()).isEqualTo(ExecutionOutcome.FIRED);
            });
            steps.delete(marker);
        } finally {
            steps.delete(t);
        }
    }

    @Test
    void aRefusalForMaintenance_turnsTheExecutionSkippedWithTheWindow_neverLost() {
        String tenant = Steps.newTenant();
        Trigger t = steps.cron(tenant, "refused", "*/2 * * * * *", null, null, false);
        try {
            JobRequested request = firedOnce(t);
            String window = UUID.randomUUID().toString();
            JobRequestRefused refused = new JobRequestRefused(request.requestId(), t.id(), tenant,
                    request.processName(), request.scheduledAt(), Phase.DRAINING, window, Instant.now());
            publish(tenant, refused, request.requestId());
            publish(tenant, refused, request.requestId());
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(Executions.rows(db, t.id()))
                    .singleElement().satisfies(r -> {
                        assertThat(r.outcome()).isEqualTo(ExecutionOutcome.SKIPPED);
                        assertThat(r.windowId()).isEqualTo(window);
                        assertThat(r.scheduledAt()).isEqualTo(request.scheduledAt());
                    }));
            Executions.published(db);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(events(t))
                    .filteredOn(e -> e.outcome() == ExecutionOutcome.SKIPPED).singleElement()
                    .satisfies(e -> assertThat(e.windowId()).isEqualTo(window)));
        } finally {
            steps.delete(t);
        }
    }

    @Test
    void aPoisonAnswer_landsOnTheDeadLetterTopic_andTheNextIsStillApplied() {
        String tenant = Steps.newTenant();
        Trigger t = steps.cron(tenant, "after-poison", "*/2 * * * * *", null, null, false);
        try {
            // an answer applied first: the consumer is reading this partition
            JobRequested first = firedOnce(t);
            publish(tenant, new JobRequestAccepted(first.requestId(), t.id(), tenant, UUID.randomUUID().toString(),
                    first.scheduledAt(), Instant.now()), first.requestId());
            await().atMost(Duration.ofSeconds(30)).until(() -> Executions.rows(db, t.id()).get(0).jobId() != null);

            ProducerRecord<String, byte[]> poison = new ProducerRecord<>(Topics.JOB_EVENTS, tenant,
                    "{broken".getBytes(StandardCharsets.UTF_8));
            poison.headers().add(CloudEventHeaders.TYPE,
                    EventTypes.JOB_REQUEST_ACCEPTED.getBytes(StandardCharsets.UTF_8));
            poison.headers().add(CloudEventHeaders.ID, ("poison-" + tenant).getBytes(StandardCharsets.UTF_8));
            SharedKafka.publish(poison);
            steps.advance(Duration.ofSeconds(2), 1);
            await().atMost(Duration.ofSeconds(30)).until(() -> Executions.requests(List.of(t.id())).size() == 2);
            JobRequested next = Executions.requests(List.of(t.id())).stream().map(Executions.Request::request)
                    .filter(r -> !r.requestId().equals(first.requestId())).findFirst().orElseThrow();
            String job = UUID.randomUUID().toString();
            publish(tenant, new JobRequestAccepted(next.requestId(), t.id(), tenant, job, next.scheduledAt(),
                    Instant.now()), next.requestId());
            String dlt = Topics.deadLetter(Topics.JOB_EVENTS, "scheduler-service");
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(SharedKafka.readAll(dlt)).anySatisfy(r -> {
                    assertThat(r.key()).isEqualTo(tenant);
                    assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("{broken");
                });
                List<Row> rows = Executions.rows(db, t.id());
                assertThat(rows.get(1).jobId()).isEqualTo(job);
            });
        } finally {
            steps.delete(t);
        }
    }
}
