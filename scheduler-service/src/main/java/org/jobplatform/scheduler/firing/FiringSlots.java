package org.jobplatform.scheduler.firing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
 * {@code (trigger, scheduled time)} key holds as for every execution.</li>
 * <li><b>Decide</b>: at the time (a timer of the preparing instance, or the firing loop of any instance, so a slot
 * outlives its instance), one transaction records per slot the clock reading and which of its tenants were in
 * maintenance. That row is the firing: nothing about the slot's executions is decided later.</li>
 * <li><b>Apply</b>: from the decision, each execution gets its outcome ({@link FiringPlan#staged}), its job request
 * and execution event go to the outbox, and the slot is deleted, in one transaction; whichever instance gets the
 * slot applies it, after a crash too, with the same result.</li>
 * </ol>
 * Triggers with a pending execution, and times already due, are left to {@link FiringPass}.
 */
@Component
public class FiringSlots {

    private static final Logger log = LoggerFactory.getLogger(FiringSlots.class);

    private final TriggerRepository triggers;
    private final ExecutionRepository executions;
    private final SlotRepository slots;
    private final Outbox outbox;
    private final OutboxRelay relay;
    private final TransactionalOperator tx;
    private final PhaseView view;
    private final Clock clock;
    private final SchedulerProperties properties;
    private final Map<Instant, Disposable> timers = new ConcurrentHashMap<>();
    private volatile boolean stopped;

    public FiringSlots(TriggerRepository triggers, ExecutionRepository executions, SlotRepository slots,
            Outbox outbox, OutboxRelay relay, TransactionalOperator tx, PhaseView view, Clock clock,
            SchedulerProperties properties) {
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
        Mono<Integer> work = triggers.lockUpcoming(now, now.plus(properties.getLookahead()), properties.getSlotSize())
                .collectList().flatMap(upcoming -> {
                    if (upcoming.isEmpty()) {
                        return Mono.just(0);
                    }
                    Map<Instant, List<Trigger>> byTime = new TreeMap<>();
                    upcoming.forEach(t -> byTime.computeIfAbsent(t.nextFireAt(), k -> new ArrayList<>()).add(t));
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
                            .then(triggers.advanceAll(advanced)).thenReturn(upcoming.size());
                });
        return tx.transactional(work).doOnNext(n -> prepared.keySet().forEach(this::wakeAt));
    }

    /** Decides every slot whose time has come, in one transaction; emits how many. */
    public Mono<Integer> decide() {
        if (!view.isCaughtUp()) {
            return Mono.just(0);
        }
        Instant now = clock.instant();
        Mono<Integer> work = slots.lockUndecided(now).concatMap(slot -> {
            Map<String, String> paused = new LinkedHashMap<>();
            for (String tenant : slot.tenants()) {
                EffectiveState state = view.effective(tenant);
                if (state.phase().refusesNewWork()) {
                    paused.put(tenant, state.windowId());
                }
            }
            return slots.decide(slot.slotId(), now, paused);
        }, 1).count().map(Long::intValue);
        return tx.transactional(work);
    }

    /** Applies decided slots, one transaction each, until none is left; emits how many executions. */
    public Mono<Integer> applyAll() {
        return applyOne().expand(n -> n >= 0 ? applyOne() : Mono.empty()).filter(n -> n >= 0)
                .reduce(0, Integer::sum);
    }

    /** Applies the oldest decided slot nobody else is applying; emits its executions, or -1 when there was none. */
    private Mono<Integer> applyOne() {
        long started = System.nanoTime();
        Mono<Integer> work = slots.lockDecided().flatMap(slot -> slots.members(slot.slotId()).collectList()
                .flatMap(members -> {
                    List<Execution> decided = new ArrayList<>();
                    List<Outbox.Entry> entries = new ArrayList<>();
                    List<UUID> pendingTriggers = new ArrayList<>();
                    List<UUID> pendingExecutions = new ArrayList<>();
                    List<Instant> pendingTimes = new ArrayList<>();
                    for (SlotRepository.Member m : members) {
                        Trigger trigger = m.trigger();
                        Execution e = FiringPlan.staged(trigger, m.executionId(), m.scheduledAt(), m.requestId(),
                                slot.decidedAt(), slot.paused().get(trigger.tenantId()),
                                properties.getMisfireThreshold());
                        decided.add(e);
                        if (e.requestId() != null) {
                            entries.add(ExecutionEvents.requested(trigger, e, slot.decidedAt()));
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
                }))
                .defaultIfEmpty(-1);
        return tx.transactional(work).doOnNext(n -> {
            if (n > 0) {
                log.debug("applied a slot of {} executions in {} ms", n, (System.nanoTime() - started) / 1_000_000);
                relay.relayNow();
            }
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
