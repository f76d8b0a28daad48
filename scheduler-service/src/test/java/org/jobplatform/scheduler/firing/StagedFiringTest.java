package org.jobplatform.scheduler.firing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.utils.Utils;
import org.jobplatform.contracts.ExecutionOutcome;
import org.jobplatform.contracts.JobRequestAccepted;
import org.jobplatform.contracts.Phase;
import org.jobplatform.contracts.Scope;
import org.jobplatform.contracts.Topics;
import org.jobplatform.contracts.TriggerExecutionRecorded;
import org.jobplatform.scheduler.support.Executions;
import org.jobplatform.scheduler.support.Executions.Row;
import org.jobplatform.scheduler.support.MutableClock;
import org.jobplatform.scheduler.support.Phases;
import org.jobplatform.scheduler.support.SchedulerInstance;
import org.jobplatform.scheduler.support.Steps;
import org.jobplatform.scheduler.triggers.Trigger;
import org.jobplatform.starter.messaging.EventCodec;
import org.jobplatform.testsupport.SharedKafka;
import org.jobplatform.testsupport.UsesSharedInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.core.DatabaseClient;

import io.r2dbc.spi.Connection;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Executions prepared ahead of their time: a trigger coming due within the lookahead gets a PLANNED execution (not
 * shown, not published) and its next time; at the time one decision per slot fires it, or skips it for a window
 * that started after it was prepared; a slot outlives the instance that prepared it, whether that one stopped
 * before the time (another instance decides it, as a misfire when far too late) or between the decision and its
 * application (another applies the decision as it was taken); a trigger disabled before the time forgets it.
 */
@UsesSharedInfrastructure
class StagedFiringTest {

    private static final String SCHEMA = "scheduler_staged";
    private static final String EVERY_MINUTE = "0 * * * * *";
    private static final EventCodec JOBS = new EventCodec("/job-service");

    /** A clock at second 30 of a minute: the triggers' next time is 30 s away, beyond the 15 s lookahead. */
    private static MutableClock clockAtHalfMinute() {
        return new MutableClock(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES).plusSeconds(30));
    }

    private static Instant nextMinute(MutableClock clock) {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MINUTES).plusSeconds(60);
    }

    /** Execution rows of a trigger as stored, PLANNED ones included: (scheduled time, outcome, request id). */
    private static List<String[]> stored(DatabaseClient db, String triggerId) {
        return db.sql("select scheduled_at, outcome, request_id from trigger_execution where trigger_id = :t "
                + "order by scheduled_at").bind("t", UUID.fromString(triggerId))
                .map(r -> new String[] {r.get("scheduled_at", OffsetDateTime.class).toInstant().toString(),
                        r.get("outcome", String.class), String.valueOf(r.get("request_id", UUID.class))})
                .all().collectList().block(Duration.ofSeconds(10));
    }

    /** Whether a record of the batch holds the text, e.g. a job request's id. */
    private static boolean contains(RecordBatch batch, String text) {
        for (Record record : batch) {
            if (record.hasValue() && new String(Utils.toArray(record.value()), StandardCharsets.UTF_8).contains(text)) {
                return true;
            }
        }
        return false;
    }

    private static long slots(DatabaseClient db) {
        return db.sql("select count(*) as n from firing_slot").map(r -> r.get("n", Long.class)).one()
                .block(Duration.ofSeconds(10));
    }

    private static void awaitPlanned(DatabaseClient db, Trigger... triggers) {
        for (Trigger t : triggers) {
            await().atMost(Duration.ofSeconds(30)).until(() -> stored(db, t.id()).stream()
                    .anyMatch(r -> r[1].equals("PLANNED")));
        }
    }

    private static Instant nextFireAt(DatabaseClient db, String triggerId) {
        return db.sql("select next_fire_at from scheduled_trigger where trigger_id = :t")
                .bind("t", UUID.fromString(triggerId)).map(r -> r.get("next_fire_at", OffsetDateTime.class))
                .one().map(OffsetDateTime::toInstant).block(Duration.ofSeconds(10));
    }

    @Test
    void aTriggerComingDue_isPreparedAhead_thenFiresAtItsTimeWithThePreparedRequest_orIsSkippedByAWindowStartedSince() {
        MutableClock clock = clockAtHalfMinute();
        Instant due = nextMinute(clock);
        String tenant = Steps.newTenant();
        String inWindow = Steps.newTenant();
        try (SchedulerInstance scheduler = SchedulerInstance.start(SCHEMA, clock)) {
            Steps steps = new Steps(scheduler.triggers(), scheduler.db(), clock);
            Trigger fires = steps.cron(tenant, "fires", EVERY_MINUTE, null, null, false);
            Trigger skips = steps.cron(inWindow, "skips", EVERY_MINUTE, null, "RUN_ONCE_AFTER_MAINTENANCE", false);
            Trigger exempt = steps.cron(inWindow, "exempt", EVERY_MINUTE, null, null, true);
            // 20 s later the time is 10 s away, within the lookahead
            clock.advance(Duration.ofSeconds(20));
            awaitPlanned(scheduler.db(), fires, skips, exempt);
            String request = stored(scheduler.db(), fires.id()).get(0)[2];
            assertThat(stored(scheduler.db(), fires.id())).singleElement()
                    .satisfies(r -> assertThat(r[0]).isEqualTo(due.toString()));
            assertThat(nextFireAt(scheduler.db(), fires.id())).isEqualTo(due.plusSeconds(60));
            assertThat(scheduler.triggers().executions(UUID.fromString(fires.id()), null, 10)
                    .block(Duration.ofSeconds(10))).isEmpty();
            assertThat(Executions.rows(scheduler.db(), fires.id())).isEmpty();

            // a window of one tenant starts after the executions were prepared, before their time
            String window = Phases.start(Scope.tenant(inWindow), Phase.DRAINING, scheduler.view());
            clock.set(due.plusMillis(5));
            Executions.settle(scheduler.db(), clock.instant());
            Executions.published(scheduler.db());

            Row fired = Executions.rows(scheduler.db(), fires.id()).get(0);
            assertThat(fired.outcome()).isEqualTo(ExecutionOutcome.FIRED);
            assertThat(fired.requestId()).isEqualTo(request);
            assertThat(Executions.rows(scheduler.db(), skips.id())).singleElement().satisfies(r -> {
                assertThat(r.outcome()).isEqualTo(ExecutionOutcome.SKIPPED);
                assertThat(r.windowId()).isEqualTo(window);
                assertThat(r.requestId()).isNull();
            });
            assertThat(Executions.rows(scheduler.db(), exempt.id())).singleElement()
                    .satisfies(r -> assertThat(r.outcome()).isEqualTo(ExecutionOutcome.FIRED));
            assertThat(slots(scheduler.db())).isZero();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(Executions.requests(List.of(fires.id(), skips.id(), exempt.id())))
                        .extracting(r -> r.request().triggerId()).containsExactlyInAnyOrder(fires.id(), exempt.id());
                assertThat(Executions.requests(List.of(fires.id()))).singleElement().satisfies(r -> {
                    assertThat(r.request().requestId()).isEqualTo(request);
                    assertThat(r.request().scheduledAt()).isEqualTo(due);
                });
                List<TriggerExecutionRecorded> events = Executions.events(List.of(fires.id(), skips.id()));
                assertThat(events).hasSize(2).allSatisfy(e -> assertThat(e.at()).isEqualTo(due.plusMillis(5)));
            });

            // the skipped execution is pending: it runs once the window ends
            Phases.end(Scope.tenant(inWindow), scheduler.view());
            clock.advance(Duration.ofSeconds(1));
            await().atMost(Duration.ofSeconds(30)).until(() -> Executions.rows(scheduler.db(), skips.id()).stream()
                    .anyMatch(r -> r.outcome() == ExecutionOutcome.RUN_AFTER_MAINTENANCE));
            steps.delete(fires, skips, exempt);
        }
    }

    @Test
    void slotsOutliveTheirInstance_decidedByAnother_lateOnesAsMisfires_andADecisionIsAppliedAsItWasTaken() {
        MutableClock clock = clockAtHalfMinute();
        Instant due = nextMinute(clock);
        String tenant = Steps.newTenant();
        Trigger onTime;
        Trigger lateTrigger;
        String lateTenant = Steps.newTenant();
        try (SchedulerInstance first = SchedulerInstance.start(SCHEMA, clock)) {
            Steps steps = new Steps(first.triggers(), first.db(), clock);
            onTime = steps.cron(tenant, "on-time", EVERY_MINUTE, null, null, false);
            lateTrigger = steps.cron(lateTenant, "late", EVERY_MINUTE, null, null, false);
            clock.advance(Duration.ofSeconds(20));
            awaitPlanned(first.db(), onTime, lateTrigger);
        }
        // the instance that prepared them stopped; another starts 2 s after the time: within the misfire threshold
        clock.set(due.plusSeconds(2));
        try (SchedulerInstance second = SchedulerInstance.start(SCHEMA, clock)) {
            Executions.settle(second.db(), clock.instant());
            assertThat(Executions.rows(second.db(), onTime.id())).singleElement()
                    .satisfies(r -> assertThat(r.outcome()).isEqualTo(ExecutionOutcome.FIRED));
            // and prepares the next minute before it stops
            clock.set(due.plusSeconds(50));
            awaitPlanned(second.db(), onTime, lateTrigger);
        }
        Instant nextDue = due.plusSeconds(60);
        // nobody runs for 20 s after the next time: beyond the 5 s misfire threshold, it was missed
        clock.set(nextDue.plusSeconds(20));
        try (SchedulerInstance third = SchedulerInstance.start(SCHEMA, clock)) {
            Executions.settle(third.db(), clock.instant());
            assertThat(Executions.rows(third.db(), onTime.id())).filteredOn(r -> r.scheduledAt().equals(nextDue))
                    .singleElement().satisfies(r -> {
                        assertThat(r.outcome()).isEqualTo(ExecutionOutcome.SKIPPED);
                        assertThat(r.windowId()).isNull();
                        assertThat(r.requestId()).isNull();
                    });

            // a decision taken by an instance that stopped before applying it: its tenant was in a window then
            Instant thirdDue = nextDue.plusSeconds(60);
            clock.set(thirdDue.minusSeconds(10));
            awaitPlanned(third.db(), lateTrigger);
            third.db().sql("update firing_slot set decided_at = :at, paused_tenants = array[:tenant], "
                    + "paused_windows = array['window-of-the-decision'] where scheduled_at = :due")
                    .bind("at", thirdDue.atOffset(ZoneOffset.UTC)).bind("tenant", lateTenant)
                    .bind("due", thirdDue.atOffset(ZoneOffset.UTC)).then().block(Duration.ofSeconds(10));
            // applied as decided, although no window is open now
            await().atMost(Duration.ofSeconds(30)).until(() -> slots(third.db()) == 0);
            assertThat(Executions.rows(third.db(), lateTrigger.id())).filteredOn(r -> r.scheduledAt().equals(thirdDue))
                    .singleElement().satisfies(r -> {
                        assertThat(r.outcome()).isEqualTo(ExecutionOutcome.SKIPPED);
                        assertThat(r.windowId()).isEqualTo("window-of-the-decision");
                    });
            assertThat(Executions.rows(third.db(), onTime.id())).filteredOn(r -> r.scheduledAt().equals(thirdDue))
                    .singleElement().satisfies(r -> assertThat(r.outcome()).isEqualTo(ExecutionOutcome.FIRED));
            new Steps(third.triggers(), third.db(), clock).delete(onTime, lateTrigger);
        }
    }

    @Test
    void aMomentsRequestsFromSeveralSlots_areEachSentOnce_directlyByTheRequestsProducer() {
        MutableClock clock = clockAtHalfMinute();
        Instant due = nextMinute(clock);
        int count = 1_300;
        // slots of 400, so four at one moment; a schema of its own, so that the many triggers left behind do not fire
        // in the other tests
        try (SchedulerInstance scheduler = SchedulerInstance.start(SCHEMA + "_many", clock,
                "scheduler.slot-size=400")) {
            DatabaseClient db = scheduler.db();
            Steps steps = new Steps(scheduler.triggers(), db, clock);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                ids.add(steps.cron(Steps.newTenant(), "many-" + i, EVERY_MINUTE, null, null, false).id());
            }
            clock.advance(Duration.ofSeconds(20));
            await().atMost(Duration.ofSeconds(60)).until(() -> db.sql("select count(*) as n from trigger_execution "
                    + "where outcome = 'PLANNED'").map(r -> r.get("n", Long.class)).one()
                    .block(Duration.ofSeconds(10)) == count);
            String firstRequest = stored(db, ids.get(0)).get(0)[2];
            String lastRequest = stored(db, ids.get(count - 1)).get(0)[2];

            clock.set(due.plusMillis(5));
            Executions.settle(db, clock.instant());

            assertThat(Executions.allRows(db)).hasSize(count)
                    .allSatisfy(r -> assertThat(r.outcome()).isEqualTo(ExecutionOutcome.FIRED));
            await().atMost(Duration.ofSeconds(30)).until(() -> Executions.requests(ids).size() >= count);
            List<Executions.Request> requests = Executions.requests(ids);
            assertThat(requests).hasSize(count);
            assertThat(requests).extracting(r -> r.request().triggerId()).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(requests).allSatisfy(r -> assertThat(r.request().scheduledAt()).isEqualTo(due));
            // the first slot's and the last slot's were sent by the requests' own producer (compressed), not through
            // the outbox after a failed sending
            for (String request : List.of(firstRequest, lastRequest)) {
                assertThat(SharedKafka.storedBatches(Topics.SCHEDULER_JOB_REQUESTS))
                        .filteredOn(batch -> contains(batch, request)).singleElement()
                        .satisfies(batch -> assertThat(batch.compressionType()).isEqualTo(CompressionType.LZ4));
            }
        }
    }

    @Test
    void aTenantsRequestsOfASlot_travelInOneRecord_andAnotherTenantsInAnother() {
        MutableClock clock = clockAtHalfMinute();
        Instant due = nextMinute(clock);
        List<String> tenants = List.of(Steps.newTenant(), Steps.newTenant());
        try (SchedulerInstance scheduler = SchedulerInstance.start(SCHEMA, clock)) {
            DatabaseClient db = scheduler.db();
            Steps steps = new Steps(scheduler.triggers(), db, clock);
            List<Trigger> triggers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                for (String tenant : tenants) {
                    triggers.add(steps.cron(tenant, "together-" + i, EVERY_MINUTE, null, null, false));
                }
            }
            clock.advance(Duration.ofSeconds(20));
            awaitPlanned(db, triggers.toArray(Trigger[]::new));
            clock.set(due.plusMillis(5));
            Executions.settle(db, clock.instant());

            List<String> ids = triggers.stream().map(Trigger::id).toList();
            await().atMost(Duration.ofSeconds(30)).until(() -> Executions.requests(ids).size() >= ids.size());
            Map<String, List<Executions.Request>> byTenant = Executions.requests(ids).stream()
                    .collect(Collectors.groupingBy(r -> r.request().tenantId()));
            assertThat(byTenant).containsOnlyKeys(tenants);
            // one record (one CloudEvents id) for each tenant's three requests, decided at the same time
            byTenant.values().forEach(requests -> {
                assertThat(requests).hasSize(3).extracting(Executions.Request::eventId).containsOnly(
                        requests.get(0).eventId());
                assertThat(requests).allSatisfy(r -> assertThat(r.request().requestedAt()).isEqualTo(
                        due.plusMillis(5)));
            });
            assertThat(byTenant.get(tenants.get(0)).get(0).eventId())
                    .isNotEqualTo(byTenant.get(tenants.get(1)).get(0).eventId());
            steps.delete(triggers.toArray(Trigger[]::new));
        }
    }

    @Test
    void aSlotsJobRequestsAreSentAtItsDecision_beforeItIsApplied_andAnAnswerComingFirstWaitsForTheOutcome() {
        MutableClock clock = clockAtHalfMinute();
        Instant due = nextMinute(clock);
        String tenant = Steps.newTenant();
        try (SchedulerInstance scheduler = SchedulerInstance.start(SCHEMA, clock)) {
            DatabaseClient db = scheduler.db();
            Steps steps = new Steps(scheduler.triggers(), db, clock);
            Trigger t = steps.cron(tenant, "sent-first", EVERY_MINUTE, null, null, false);
            clock.advance(Duration.ofSeconds(20));
            awaitPlanned(db, t);
            String request = stored(db, t.id()).get(0)[2];
            String job = UUID.randomUUID().toString();
            // another transaction holds the prepared execution's row: its slot cannot be applied until that ends
            Connection holder = Mono.from(db.getConnectionFactory().create()).block(Duration.ofSeconds(10));
            try {
                Mono.from(holder.beginTransaction()).block(Duration.ofSeconds(10));
                Flux.from(holder.createStatement("select 1 from trigger_execution where request_id = $1 for update")
                        .bind("$1", UUID.fromString(request)).execute())
                        .flatMap(result -> result.map((row, meta) -> 1)).blockLast(Duration.ofSeconds(10));
                clock.set(due.plusMillis(5));
                // the request is on the broker while the execution still waits for its outcome
                await().atMost(Duration.ofSeconds(30)).until(() -> Executions.requests(List.of(t.id())).size() == 1);
                assertThat(Executions.requests(List.of(t.id()))).singleElement().satisfies(r -> {
                    assertThat(r.request().requestId()).isEqualTo(request);
                    assertThat(r.request().scheduledAt()).isEqualTo(due);
                    assertThat(r.request().requestedAt()).isEqualTo(due.plusMillis(5));
                });
                assertThat(stored(db, t.id())).singleElement().satisfies(r -> assertThat(r[1]).isEqualTo("PLANNED"));
                // sent by the requests' own producer, compressed (decision 20)
                assertThat(SharedKafka.storedBatches(Topics.SCHEDULER_JOB_REQUESTS)).filteredOn(batch -> contains(batch,
                        request)).singleElement().satisfies(batch -> assertThat(batch.compressionType())
                                .isEqualTo(CompressionType.LZ4));
                // job-service's acceptance arrives before the outcome is recorded
                SharedKafka.publish(JOBS.toRecord(Topics.JOB_EVENTS, tenant, new JobRequestAccepted(request, t.id(),
                        tenant, job, due, Instant.now()), request));
            } finally {
                Mono.from(holder.rollbackTransaction()).block(Duration.ofSeconds(10));
                Mono.from(holder.close()).block(Duration.ofSeconds(10));
            }
            // the slot is applied, then the answer: FIRED with the job, each published once, in that order
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(Executions.rows(db, t.id()))
                    .singleElement().satisfies(r -> {
                        assertThat(r.outcome()).isEqualTo(ExecutionOutcome.FIRED);
                        assertThat(r.requestId()).isEqualTo(request);
                        assertThat(r.jobId()).isEqualTo(job);
                    }));
            Executions.published(db);
            assertThat(slots(db)).isZero();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(Executions.events(List.of(t.id())))
                    .extracting(TriggerExecutionRecorded::outcome, TriggerExecutionRecorded::jobId)
                    .containsExactly(tuple(ExecutionOutcome.FIRED, null), tuple(ExecutionOutcome.FIRED, job)));
            assertThat(Executions.requests(List.of(t.id()))).hasSize(1);
            steps.delete(t);
        }
    }

    @Test
    void aTriggerDisabledBeforeItsTime_forgetsWhatWasPrepared_andEnabledAgainFiresAtItsNextTime() {
        MutableClock clock = clockAtHalfMinute();
        Instant due = nextMinute(clock);
        try (SchedulerInstance scheduler = SchedulerInstance.start(SCHEMA, clock)) {
            Steps steps = new Steps(scheduler.triggers(), scheduler.db(), clock);
            Trigger t = steps.cron(Steps.newTenant(), "disabled", EVERY_MINUTE, null, null, false);
            Trigger deleted = steps.cron(Steps.newTenant(), "deleted", EVERY_MINUTE, null, null, false);
            UUID id = UUID.fromString(t.id());
            clock.advance(Duration.ofSeconds(20));
            awaitPlanned(scheduler.db(), t, deleted);
            scheduler.triggers().setEnabled(id, null, false).block(Duration.ofSeconds(10));
            assertThat(scheduler.triggers().delete(UUID.fromString(deleted.id()), null).block(Duration.ofSeconds(10)))
                    .isTrue();
            assertThat(stored(scheduler.db(), t.id())).isEmpty();
            clock.set(due.plusSeconds(1));
            Executions.settle(scheduler.db(), clock.instant());
            assertThat(stored(scheduler.db(), t.id())).isEmpty();

            scheduler.triggers().setEnabled(id, null, true).block(Duration.ofSeconds(10));
            clock.set(due.plusSeconds(61));
            Executions.settle(scheduler.db(), clock.instant());
            assertThat(Executions.rows(scheduler.db(), t.id())).singleElement().satisfies(r -> {
                assertThat(r.scheduledAt()).isEqualTo(due.plusSeconds(60));
                assertThat(r.outcome()).isEqualTo(ExecutionOutcome.FIRED);
            });
            // what the instance held in memory for them was not sent: the one request is the later one
            await().atMost(Duration.ofSeconds(30)).until(() -> !Executions.requests(List.of(t.id())).isEmpty());
            assertThat(Executions.requests(List.of(t.id(), deleted.id()))).singleElement()
                    .satisfies(r -> assertThat(r.request().scheduledAt()).isEqualTo(due.plusSeconds(60)));
            steps.delete(t);
        }
    }
}
