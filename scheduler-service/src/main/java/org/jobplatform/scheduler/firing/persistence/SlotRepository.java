package org.jobplatform.scheduler.firing.persistence;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jobplatform.scheduler.triggers.Trigger;
import org.jobplatform.scheduler.triggers.persistence.TriggerRepository;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Reads and writes {@code firing_slot}, and the prepared executions of a slot. */
@Repository
public class SlotRepository {

    /**
     * A slot's decision.
     *
     * @param slotId      the slot
     * @param scheduledAt the time of its executions
     * @param decidedAt   the clock reading the decision was taken at
     * @param paused      the slot's tenants that were in maintenance then, with their windows
     * @param requestsSent whether the deciding instance sent the slot's job requests itself
     */
    public record Decided(UUID slotId, Instant scheduledAt, Instant decidedAt, Map<String, String> paused,
            boolean requestsSent) {
    }

    /**
     * An undecided slot.
     *
     * @param slotId  the slot
     * @param tenants the distinct tenants of its executions
     * @param changed whether a trigger of the slot was disabled or deleted since it was prepared
     */
    public record Undecided(UUID slotId, List<String> tenants, boolean changed) {
    }

    /**
     * A prepared execution with its trigger as it is now.
     *
     * @param executionId the execution
     * @param scheduledAt its time
     * @param requestId   the job request id it was prepared with
     * @param trigger     its trigger
     */
    public record Member(String executionId, Instant scheduledAt, String requestId, Trigger trigger) {
    }

    private static final String TRIGGER_COLUMNS = TriggerRepository.columns("t");

    private static final String DECIDED_COLUMNS = "slot_id, scheduled_at, decided_at, paused_tenants, paused_windows, "
            + "sends_requests and requests_sent as requests_sent";

    private final DatabaseClient db;

    public SlotRepository(DatabaseClient db) {
        this.db = db;
    }

    /** Inserts an undecided slot. */
    public Mono<Void> insert(UUID slotId, Instant scheduledAt, List<String> tenants, Instant preparedAt) {
        return db.sql("insert into firing_slot (slot_id, scheduled_at, tenants, prepared_at) "
                + "values (:id, :at, :tenants, :prepared)")
                .bind("id", slotId).bind("at", offset(scheduledAt)).bind("tenants", tenants.toArray(String[]::new))
                .bind("prepared", offset(preparedAt)).then();
    }

    /** Undecided slots whose time has come, locked; slots another instance has locked are skipped. */
    public Flux<Undecided> lockUndecided(Instant now) {
        return db.sql("select slot_id, tenants, changed from firing_slot where decided_at is null "
                + "and scheduled_at <= :now order by scheduled_at for update skip locked")
                .bind("now", offset(now))
                .map(row -> new Undecided(row.get("slot_id", UUID.class),
                        Arrays.asList(row.get("tenants", String[].class)),
                        Boolean.TRUE.equals(row.get("changed", Boolean.class))))
                .all();
    }

    /**
     * Records the decision of slots taken at one moment, in one statement.
     *
     * @param paused  the tenants in maintenance at that moment (of these slots' tenants), with their windows
     * @param sending the slots whose job requests the deciding instance sends itself
     */
    public Mono<Void> decideAll(List<UUID> slotIds, Instant at, Map<String, String> paused, List<UUID> sending) {
        List<Map.Entry<String, String>> entries = List.copyOf(paused.entrySet());
        return db.sql("update firing_slot set decided_at = :at, paused_tenants = :tenants, paused_windows = :windows, "
                + "sends_requests = (slot_id = any(:sending)) where slot_id = any(:ids) and decided_at is null")
                .bind("ids", slotIds.toArray(UUID[]::new)).bind("at", offset(at))
                .bind("sending", sending.toArray(UUID[]::new))
                .bind("tenants", entries.stream().map(Map.Entry::getKey).toArray(String[]::new))
                .bind("windows", entries.stream().map(Map.Entry::getValue).toArray(String[]::new)).then();
    }

    /**
     * Of the given slots, those decided for their deciding instance to send the requests and not sent yet, locked
     * until the sending transaction ends (so no instance applies them meanwhile); emits their ids.
     */
    public Flux<UUID> lockForSending(List<UUID> slotIds) {
        return db.sql("select slot_id from firing_slot where slot_id = any(:ids) and sends_requests "
                + "and not requests_sent for update")
                .bind("ids", slotIds.toArray(UUID[]::new)).map(row -> row.get("slot_id", UUID.class)).all();
    }

    /** Records that the broker acknowledged every job request of these slots. */
    public Mono<Void> markSent(List<UUID> slotIds) {
        return db.sql("update firing_slot set requests_sent = true where slot_id = any(:ids)")
                .bind("ids", slotIds.toArray(UUID[]::new)).then();
    }

    /** Gives up sending these slots' requests directly: they go through the outbox when applied. */
    public Mono<Void> unmarkSending(List<UUID> slotIds) {
        return db.sql("update firing_slot set sends_requests = false where slot_id = any(:ids) and not requests_sent")
                .bind("ids", slotIds.toArray(UUID[]::new)).then();
    }

    /**
     * The oldest decided slot ready to apply, locked; one another instance is working on is skipped. A slot whose
     * deciding instance is sending its requests is ready once they are sent, or once it was decided before
     * {@code unsentBefore} (that instance is gone or failed: the requests then go through the outbox).
     */
    public Mono<Decided> lockDecided(Instant unsentBefore) {
        return db.sql("select " + DECIDED_COLUMNS + " from firing_slot where decided_at is not null "
                + "and (not sends_requests or requests_sent or decided_at < :before) "
                + "order by decided_at limit 1 for update skip locked")
                .bind("before", offset(unsentBefore)).map(SlotRepository::decided).one();
    }

    /**
     * The decided slot of a prepared execution, by its job request id, locked (waiting for an instance applying it);
     * empty when the execution is not prepared any more, or its slot not decided.
     */
    public Mono<Decided> lockDecidedByRequest(UUID requestId) {
        return db.sql("select " + DECIDED_COLUMNS + " from firing_slot where decided_at is not null and slot_id = ("
                + "select slot_id from trigger_execution where request_id = :request and outcome = 'PLANNED') "
                + "for update")
                .bind("request", requestId).map(SlotRepository::decided).one();
    }

    /** The slot's executions still waiting for their outcome, with their triggers. */
    public Flux<Member> members(UUID slotId) {
        return db.sql("select " + TRIGGER_COLUMNS + ", e.execution_id, e.scheduled_at, e.request_id "
                + "from trigger_execution e join scheduled_trigger t on t.trigger_id = e.trigger_id "
                + "where e.slot_id = :slot and e.outcome = 'PLANNED'")
                .bind("slot", slotId)
                .map(row -> new Member(row.get("execution_id", UUID.class).toString(),
                        row.get("scheduled_at", OffsetDateTime.class).toInstant(),
                        row.get("request_id", UUID.class).toString(), TriggerRepository.read(row)))
                .all();
    }

    /** Forgets a slot whose executions all have their outcomes. */
    public Mono<Void> delete(UUID slotId) {
        return db.sql("delete from firing_slot where slot_id = :id").bind("id", slotId).then();
    }

    private static Decided decided(Readable row) {
        String[] tenants = row.get("paused_tenants", String[].class);
        String[] windows = row.get("paused_windows", String[].class);
        Map<String, String> paused = tenants == null ? Map.of()
                : java.util.stream.IntStream.range(0, tenants.length).boxed()
                        .collect(Collectors.toMap(i -> tenants[i], i -> windows[i], (a, b) -> a));
        return new Decided(row.get("slot_id", UUID.class),
                row.get("scheduled_at", OffsetDateTime.class).toInstant(),
                row.get("decided_at", OffsetDateTime.class).toInstant(), paused,
                Boolean.TRUE.equals(row.get("requests_sent", Boolean.class)));
    }

    private static OffsetDateTime offset(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
