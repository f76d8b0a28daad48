package org.jobplatform.scheduler.support;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jobplatform.contracts.EventTypes;
import org.jobplatform.contracts.ExecutionOutcome;
import org.jobplatform.contracts.JobRequested;
import org.jobplatform.contracts.JobsRequested;
import org.jobplatform.contracts.Topics;
import org.jobplatform.contracts.TriggerExecutionRecorded;
import org.jobplatform.starter.messaging.EventCodec;
import org.jobplatform.testsupport.SharedKafka;
import org.springframework.r2dbc.core.DatabaseClient;

/** Reads what a scheduler recorded and published: execution rows, job requests, execution events. */
public final class Executions {

    private static final EventCodec CODEC = new EventCodec("/test");

    /**
     * An execution row.
     *
     * @param triggerId   the trigger
     * @param scheduledAt its time
     * @param outcome     its outcome
     * @param windowId    its window
     * @param requestId   its last request
     * @param jobId       its job
     */
    public record Row(String executionId, String triggerId, Instant scheduledAt, ExecutionOutcome outcome,
            String windowId, String requestId, String jobId) {
    }

    /**
     * A job request as published.
     *
     * @param eventId the CloudEvents id of its record (the outbox row: a re-sent row has the same id; a
     *                {@code JobsRequested} record: the same for every request in it)
     * @param request the request
     */
    public record Request(String eventId, JobRequested request) {
    }

    /** A trigger's execution rows, oldest first. */
    public static List<Row> rows(DatabaseClient db, String triggerId) {
        return db.sql("select execution_id, trigger_id, scheduled_at, outcome, window_id, request_id, job_id "
                + "from trigger_execution where trigger_id = :t and outcome <> 'PLANNED' order by scheduled_at")
                .bind("t", UUID.fromString(triggerId)).map(Executions::row).all().collectList()
                .block(Duration.ofSeconds(30));
    }

    /** Every execution row of the schema, oldest first. */
    public static List<Row> allRows(DatabaseClient db) {
        return db.sql("select execution_id, trigger_id, scheduled_at, outcome, window_id, request_id, job_id "
                + "from trigger_execution where outcome <> 'PLANNED' order by scheduled_at").map(Executions::row).all().collectList()
                .block(Duration.ofSeconds(60));
    }

    private static Row row(io.r2dbc.spi.Readable r) {
        UUID request = r.get("request_id", UUID.class);
        return new Row(r.get("execution_id", UUID.class).toString(), r.get("trigger_id", UUID.class).toString(),
                r.get("scheduled_at", OffsetDateTime.class).toInstant(),
                ExecutionOutcome.valueOf(r.get("outcome", String.class)), r.get("window_id", String.class),
                request == null ? null : request.toString(), r.get("job_id", String.class));
    }

    /**
     * Waits until the schema's firing has caught up with the clock: no enabled trigger has a time due at
     * {@code now} left, no execution prepared for a time up to {@code now} is still without its outcome, and no
     * pending execution of a tenant out of maintenance is left to run (checked by the caller where it matters).
     */
    public static void settle(DatabaseClient db, Instant now) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> db
                .sql("select (select count(*) from scheduled_trigger where enabled and next_fire_at <= :now) "
                        + "+ (select count(*) from trigger_execution where outcome = 'PLANNED' "
                        + "and scheduled_at <= :now) as n")
                .bind("now", now.atOffset(ZoneOffset.UTC)).map(r -> r.get("n", Long.class)).one()
                .block(Duration.ofSeconds(10)) == 0);
    }

    /** Waits until the schema's outbox has published every row. */
    public static void published(DatabaseClient db) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(() -> db
                .sql("select count(*) as n from outbox_event where published_at is null")
                .map(r -> r.get("n", Long.class)).one().block(Duration.ofSeconds(10)) == 0);
    }

    /** Job requests published for these triggers. */
    public static List<Request> requests(Collection<String> triggerIds) {
        Set<String> ids = Set.copyOf(triggerIds);
        return SharedKafka.readAll(Topics.SCHEDULER_JOB_REQUESTS).stream()
                .flatMap(r -> requestsOf(r).stream().map(request -> new Request(EventCodec.id(r), request)))
                .filter(r -> ids.contains(r.request().triggerId())).toList();
    }

    /** The requests of a record: a {@code JobRequested} (the outbox's), or a {@code JobsRequested}'s. */
    private static List<JobRequested> requestsOf(ConsumerRecord<String, byte[]> record) {
        String type = EventCodec.type(record);
        if (EventTypes.JOB_REQUESTED.equals(type)) {
            return List.of(CODEC.decode(record.value(), JobRequested.class));
        }
        return EventTypes.JOBS_REQUESTED.equals(type) ? CODEC.decode(record.value(), JobsRequested.class).requests()
                : List.of();
    }

    /** Execution events published for these triggers, in order. */
    public static List<TriggerExecutionRecorded> events(Collection<String> triggerIds) {
        Set<String> ids = Set.copyOf(triggerIds);
        return SharedKafka.readAll(Topics.SCHEDULER_EXECUTIONS).stream()
                .filter(r -> EventTypes.TRIGGER_EXECUTION_RECORDED.equals(EventCodec.type(r)))
                .map(r -> CODEC.decode(r.value(), TriggerExecutionRecorded.class))
                .filter(e -> ids.contains(e.triggerId())).toList();
    }

    private Executions() {
    }
}
