package org.jobplatform.scheduler.firing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.jobplatform.contracts.ExecutionOutcome;
import org.jobplatform.scheduler.SchedulerProperties;
import org.jobplatform.scheduler.executions.Execution;
import org.jobplatform.scheduler.executions.ExecutionEvents;
import org.jobplatform.scheduler.executions.persistence.ExecutionRepository;
import org.jobplatform.scheduler.firing.persistence.SlotRepository;
import org.jobplatform.scheduler.triggers.MisfirePolicy;
import org.jobplatform.scheduler.triggers.Trigger;
import org.jobplatform.scheduler.triggers.persistence.TriggerRepository;
import org.jobplatform.starter.messaging.EventCodec;
import org.jobplatform.starter.outbox.Outbox;
import org.jobplatform.starter.outbox.OutboxRelay;
import org.jobplatform.starter.phase.EffectiveState;
import org.jobplatform.starter.phase.PhaseView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Executions prepared ahead of their time, so that a minute boundary with thousands of triggers is decided at once.
 * <ol>
 * <li><b>Prepare</b>: up to {@code scheduler.lookahead} before their time, an instance locks upcoming triggers (rows
 * another instance holds are skipped), inserts one execution per trigger with outcome PLANNED and a request id,
 * grouped in slots of one time each, and advances the triggers, in one transaction. The unique
 * {@code (trigger, scheduled time)} key holds as for every execution. Once committed, the instance holds the
 * slot's executions and triggers in memory.</li>
 * <li><b>Decide</b>: at the time (a timer of the preparing instance, or the firing loop of any instance, so a slot
 * outlives its instance), one transaction records per slot the clock reading and which of its tenants were in
 * maintenance. That row is the firing: nothing about the slot's executions is decided later.</li>
 * <li><b>Send</b>: right after that commit, the instance that holds a slot sends its job requests straight to Kafka
 * from memory, a tenant's together in a {@code JobsRequested} ({@link RequestBatch}), with the slot locked, and
 * records them sent once the broker acknowledged all of them. This is what puts thousands of requests on the broker
 * within milliseconds of their time; the outbox would take seconds.</li>
 * <li><b>Apply</b>: from the decision, each execution gets its outcome ({@link FiringPlan#staged}), its execution
 * event (and its job request, unless sent) goes to the outbox, and the slot is deleted, in one transaction;
 * whichever instance gets the slot applies it, after a crash too, with the same result. A slot whose requests its
 * decider was to send is left to it for {@code scheduler.send-timeout}, then applied with its requests.</li>
 * </ol>
 * Triggers with a pending execution, and times already due, are left to {@link FiringPass}.
 */
@Component
public class FiringSlots {

    private static final Logger log = LoggerFactory.getLogger(FiringSlots.class);
    private static final Comparator<Held> BY_TENANT = Comparator.comparing(h -> h.trigger().tenantId());

    private final TriggerRepository triggers;
    private final ExecutionRepository executions;
    private final SlotRepository slots;
    private final Outbox outbox;
    private final OutboxRelay relay;
    private final TransactionalOperator tx;
    private final PhaseView view;
    private final Clock clock;
    private final SchedulerProperties properties;
    private final RequestProducer producer;
    private final EventCodec codec;
    private final PreparedRequest.Encoder encoder;
    private final Map<Instant, Disposable> timers = new ConcurrentHashMap<>();
    /** The executions of the slots this instance prepared and has not decided yet, as prepared. */
    private final Map<UUID, List<Held>> heldSlots = new ConcurrentHashMap<>();
    private volatile boolean stopped;

    public FiringSlots(TriggerRepository triggers, ExecutionRepository executions, SlotRepository slots,
            Outbox outbox, OutboxRelay relay, RequestProducer producer, EventCodec codec, TransactionalOperator tx,
            PhaseView view, Clock clock, SchedulerProperties properties) {
        this.producer = producer;
        this.codec = codec;
        this.encoder = new PreparedRequest.Encoder(codec);
        this.triggers = triggers;
        this.executions = executions;
        this.slots = slots;
        this.outbox = outbox;
        this.relay = relay;
        this.tx = tx;
        this.view = view;
        this.clock = clock;
        this.properties = properties;
    }

    /**
     * A prepared execution held in memory by the instance that prepared it, with its trigger as it was then and its
     * job request encoded.
     */
    private record Held(Trigger trigger, Execution execution, PreparedRequest request) {
    }

    /** A slot this instance decided and sends the job requests of, with its decision and what it held. */
    private record Sending(UUID slotId, Instant decidedAt, Map<String, String> paused, List<Held> members) {
    }

    /** Whether executions are prepared at all ({@code scheduler.lookahead} above zero). */
    public boolean enabled() {
        return !properties.getLookahead().isNegative() && !properties.getLookahead().isZero();
    }

    /** Prepares upcoming executions until a batch finds fewer than a slot's worth; emits how many. */
    public Mono<Integer> prepareUntilIdle() {
        if (!enabled()) {
            return Mono.just(0);
        }
        return prepare().expand(n -> n >= properties.getSlotSize() ? prepare() : Mono.empty())
                .reduce(0, Integer::sum);
    }

    /** One preparing transaction; emits how many triggers it prepared. */
    public Mono<Integer> prepare() {
        Instant now = clock.instant();
        Map<Instant, UUID> prepared = new TreeMap<>();
        Map<UUID, List<Held>> held = new LinkedHashMap<>();
        Map<String, Trigger> triggerOf = new java.util.HashMap<>();
        Mono<Integer> work = triggers.lockUpcoming(now, now.plus(properties.getLookahead()), properties.getSlotSize())
                .collectList().flatMap(upcoming -> {
                    if (upcoming.isEmpty()) {
                        return Mono.just(0);
                    }
                    Map<Instant, List<Trigger>> byTime = new TreeMap<>();
                    upcoming.forEach(t -> {
                        byTime.computeIfAbsent(t.nextFireAt(), k -> new ArrayList<>()).add(t);
                        triggerOf.put(t.id(), t);
                    });
                    List<Execution> planned = new ArrayList<>();
                    List<UUID> plannedSlots = new ArrayList<>();
                    List<Trigger> advanced = new ArrayList<>();
                    Mono<Void> inserts = Mono.empty();
                    for (Map.Entry<Instant, List<Trigger>> group : byTime.entrySet()) {
                        UUID slot = UUID.randomUUID();
                        prepared.put(group.getKey(), slot);
                        List<String> tenants = group.getValue().stream().map(Trigger::tenantId).distinct().toList();
                        inserts = inserts.then(slots.insert(slot, group.getKey(), tenants, now));
                        for (Trigger t : group.getValue()) {
                            planned.add(new Execution(UUID.randomUUID().toString(), t.id(), t.tenantId(),
                                    t.nextFireAt(), ExecutionOutcome.FIRED, UUID.randomUUID().toString(), null, null,
                                    now));
                            plannedSlots.add(slot);
                            advanced.add(t.advanced(t.schedule().next(t.nextFireAt()), null));
                        }
                    }
                    return inserts.then(executions.insertPlanned(planned, plannedSlots))
                            .flatMap(inserted -> {
                                for (int i = 0; i < planned.size(); i++) {
                                    Execution e = planned.get(i);
                                    if (inserted.contains(e.id())) {
                                        Trigger trigger = triggerOf.get(e.triggerId());
                                        held.computeIfAbsent(plannedSlots.get(i), k -> new ArrayList<>())
                                                .add(new Held(trigger, e, encoder.encode(trigger, e)));
                                    }
                                }
                                return triggers.advanceAll(advanced);
                            })
                            .thenReturn(upcoming.size());
                });
        return tx.transactional(work).doOnNext(n -> {
            // only once committed: the slots exist for every instance, and their requests may be sent from here
            // by tenant: a tenant's requests of the slot then go in one record (RequestBatch)
            held.forEach((slot, members) -> {
                members.sort(BY_TENANT);
                heldSlots.put(slot, List.copyOf(members));
            });
            prepared.keySet().forEach(this::wakeAt);
        });
    }

    /**
     * Decides every slot whose time has come, in one transaction, then sends the job requests of those this instance
     * prepared (and holds) straight to Kafka; emits how many slots were decided.
     */
    public Mono<Integer> decide() {
        if (!view.isCaughtUp()) {
            return Mono.just(0);
        }
        Instant now = clock.instant();
        List<Sending> sending = new ArrayList<>();
        Mono<Integer> work = slots.lockUndecided(now).collectList().flatMap(due -> {
            if (due.isEmpty()) {
                return Mono.just(0);
            }
            // the same moment for every slot: one reading of the phases, one statement
            Map<String, String> paused = new LinkedHashMap<>();
            due.stream().flatMap(slot -> slot.tenants().stream()).distinct().forEach(tenant -> {
                EffectiveState state = view.effective(tenant);
                if (state.phase().refusesNewWork()) {
                    paused.put(tenant, state.windowId());
                }
            });
            List<UUID> ids = new ArrayList<>();
            for (SlotRepository.Undecided slot : due) {
                ids.add(slot.slotId());
                // taken out whatever happens next: a slot is sent from memory by one decision only. One another
                // instance prepared, or changed since, has its requests sent through the outbox.
                List<Held> members = heldSlots.remove(slot.slotId());
                if (members != null && !slot.changed()) {
                    sending.add(new Sending(slot.slotId(), now, paused, members));
                }
            }
            return slots.decideAll(ids, now, paused, sending.stream().map(Sending::slotId).toList())
                    .thenReturn(due.size());
        });
        return tx.transactional(work).flatMap(decided -> send(sending).thenReturn(decided))
                .doFinally(signal -> forgetHeldBefore(now.minus(properties.getMisfireThreshold().multipliedBy(2))));
    }

    /**
     * Drops held slots of times long past: another instance decided them (they are then applied from the database),
     * and deciding one now would be a misfire, which sends nothing.
     */
    private void forgetHeldBefore(Instant before) {
        heldSlots.values().removeIf(members -> members.get(0).execution().scheduledAt().isBefore(before));
    }

    /**
     * Sends the job requests of slots this instance decided, from what it held since preparing them, and records
     * them sent once the broker acknowledged every one; the slots stay locked meanwhile, so nobody applies them
     * half-sent. When sending fails, or is not acknowledged within {@code scheduler.send-timeout}, the slots are
     * handed to the outbox path: applying them then appends their requests (job-service takes a request id once,
     * should some have reached it).
     */
    private Mono<Void> send(List<Sending> decided) {
        if (decided.isEmpty()) {
            return Mono.empty();
        }
        List<UUID> ids = decided.stream().map(Sending::slotId).toList();
        Map<UUID, Sending> byId = new java.util.HashMap<>();
        decided.forEach(d -> byId.put(d.slotId(), d));
        Instant due = decided.get(0).members().get(0).execution().scheduledAt();
        Mono<Integer> work = slots.lockForSending(ids).collectList().flatMap(locked -> {
            long started = System.nanoTime();
            long sendingAfter = Duration.between(due, clock.instant()).toMillis();
            RequestProducer.Sends sends = producer.sends();
            int sent = 0;
            int records = 0;
            for (UUID slotId : locked) {
                Sending slot = byId.get(slotId);
                RequestBatch batch = new RequestBatch(codec.source(), slot.decidedAt(), codec.toJson(slot.decidedAt()),
                        sends::send);
                for (Held member : slot.members()) {
                    if (addIfFired(slot, member, batch)) {
                        sent++;
                    }
                }
                batch.flush();
                records += batch.records();
            }
            long handed = System.nanoTime();
            int count = sent;
            int sentRecords = records;
            // bounded: while the broker does not answer, the slots stay locked and their outcomes unwritten
            return Mono.fromFuture(sends.done())
                    .timeout(properties.getSendTimeout())
                    .doOnSuccess(done -> log.debug("sent {} job requests of {} slots due at {} in {} records: decided "
                            + "{} ms after, sending began {} ms after, handed to the producer in {} ms, acknowledged {} "
                            + "ms later", count, locked.size(), due, sentRecords,
                            Duration.between(due, decided.get(0).decidedAt()).toMillis(), sendingAfter,
                            (handed - started) / 1_000_000, (System.nanoTime() - handed) / 1_000_000))
                    .then(slots.markSent(locked)).thenReturn(count);
        });
        return tx.transactional(work)
                .onErrorResume(error -> {
                    log.warn("sending the job requests of {} slots failed; they go through the outbox: {}",
                            ids.size(), NestedExceptionUtils.getMostSpecificCause(error).toString());
                    return tx.transactional(slots.unmarkSending(ids)).thenReturn(0);
                })
                .then();
    }

    /**
     * Adds a held execution's job request to the slot's batch when the slot's decision fires it; whether it did. A
     * method of its own, called for each request: the just-in-time compiler compiles it after a few thousand calls,
     * within a boundary, also when a window's boundary, which fires nothing, made it drop the compiled code. A loop
     * body compiled only as part of its loop (once a boundary) would run interpreted through the next boundary after
     * that (decision 20).
     */
    private boolean addIfFired(Sending slot, Held member, RequestBatch batch) {
        Execution e = FiringPlan.staged(member.trigger(), member.execution().id(), member.execution().scheduledAt(),
                member.execution().requestId(), slot.decidedAt(), slot.paused().get(member.trigger().tenantId()),
                properties.getMisfireThreshold());
        if (e.requestId() == null) {
            return false;
        }
        batch.add(member.request());
        return true;
    }

    /** Applies decided slots, one transaction each, until none is left; emits how many executions. */
    public Mono<Integer> applyAll() {
        return applyOne().expand(n -> n >= 0 ? applyOne() : Mono.empty()).filter(n -> n >= 0)
                .reduce(0, Integer::sum);
    }

    /** Applies the oldest decided slot nobody else is applying; emits its executions, or -1 when there was none. */
    private Mono<Integer> applyOne() {
        long started = System.nanoTime();
        Instant unsentBefore = clock.instant().minus(properties.getSendTimeout());
        Mono<Integer> work = slots.lockDecided(unsentBefore).flatMap(this::apply).defaultIfEmpty(-1);
        return tx.transactional(work).doOnNext(n -> {
            if (n > 0) {
                log.debug("applied a slot of {} executions in {} ms", n, (System.nanoTime() - started) / 1_000_000);
                relay.relayNow();
            }
        });
    }

    /**
     * Within the caller's transaction, applies the decided slot a prepared execution belongs to, found by its job
     * request id, waiting for an instance applying it; emits the executions applied (0 when the execution was not
     * prepared, or was applied already). A job-service answer can come before its slot is applied, since the request
     * is sent first: the answer then waits for the execution's outcome. Call {@link OutboxRelay#relayNow()} after
     * the commit.
     */
    public Mono<Integer> applySlotOf(UUID requestId) {
        return slots.lockDecidedByRequest(requestId).flatMap(this::apply).defaultIfEmpty(0);
    }

    /** Within the caller's transaction: outcomes from the decision, events (and unsent requests) to the outbox. */
    private Mono<Integer> apply(SlotRepository.Decided slot) {
        return slots.members(slot.slotId()).collectList().flatMap(members -> {
            List<Execution> decided = new ArrayList<>();
            List<Outbox.Entry> entries = new ArrayList<>();
            List<UUID> pendingTriggers = new ArrayList<>();
            List<UUID> pendingExecutions = new ArrayList<>();
            List<Instant> pendingTimes = new ArrayList<>();
            for (SlotRepository.Member m : members) {
                Trigger trigger = m.trigger();
                Execution e = FiringPlan.staged(trigger, m.executionId(), m.scheduledAt(), m.requestId(),
                        slot.decidedAt(), slot.paused().get(trigger.tenantId()), properties.getMisfireThreshold());
                decided.add(e);
                if (e.requestId() != null) {
                    if (!slot.requestsSent()) {
                        entries.add(ExecutionEvents.requested(trigger, e, slot.decidedAt()));
                    }
                } else if (trigger.misfirePolicy() == MisfirePolicy.RUN_ONCE_AFTER_MAINTENANCE) {
                    pendingTriggers.add(UUID.fromString(trigger.id()));
                    pendingExecutions.add(UUID.fromString(e.id()));
                    pendingTimes.add(e.scheduledAt());
                }
                entries.add(ExecutionEvents.recorded(trigger.name(), trigger.processName(), e));
            }
            return executions.decideAll(decided).then(outbox.appendAll(entries))
                    .then(triggers.notePendingAll(pendingTriggers, pendingExecutions, pendingTimes))
                    .then(slots.delete(slot.slotId())).thenReturn(members.size());
        });
    }

    /** Decides the slots that are due, then applies what is decided. */
    public Mono<Integer> decideAndApply() {
        return decide().then(applyAll());
    }

    /**
     * A timer for the moment a prepared slot's time comes, so it is decided then rather than at the firing loop's
     * next tick.
     */
    private void wakeAt(Instant at) {
        if (stopped || timers.containsKey(at)) {
            return;
        }
        Duration wait = Duration.between(clock.instant(), at);
        Disposable timer = Mono.delay(wait.isNegative() ? Duration.ZERO : wait)
                .then(Mono.defer(() -> {
                    // the timer runs on the machine's time, the decision on the scheduler's clock: wait once more
                    // for what the clock still lacks
                    Duration left = Duration.between(clock.instant(), at);
                    return !left.isNegative() && !left.isZero() ? Mono.delay(left).then(decideAndApply()) : decideAndApply();
                }))
                .onErrorResume(e -> {
                    log.warn("deciding the slots of {} failed; the firing loop retries: {}", at,
                            NestedExceptionUtils.getMostSpecificCause(e).toString());
                    return Mono.empty();
                })
                .doFinally(signal -> timers.remove(at))
                .subscribe();
        if (timers.putIfAbsent(at, timer) != null) {
            timer.dispose();
        } else if (timer.isDisposed()) {
            timers.remove(at, timer);
        }
    }

    /** Cancels the timers (the firing loop still decides every slot, on any instance). */
    public void stop() {
        stopped = true;
        timers.values().forEach(Disposable::dispose);
        timers.clear();
    }

    /** Lets timers be set again after {@link #stop}. */
    public void start() {
        stopped = false;
    }
}
