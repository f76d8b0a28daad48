package org.jobplatform.scheduler.firing;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.jobplatform.contracts.ExecutionOutcome;
import org.jobplatform.scheduler.SchedulerProperties;
import org.jobplatform.scheduler.executions.Execution;
import org.jobplatform.scheduler.executions.ExecutionEvents;
import org.jobplatform.scheduler.executions.persistence.ExecutionRepository;
import org.jobplatform.scheduler.triggers.Trigger;
import org.jobplatform.scheduler.triggers.persistence.TriggerRepository;
import org.jobplatform.starter.outbox.Outbox;
import org.jobplatform.starter.outbox.OutboxRelay;
import org.jobplatform.starter.phase.PhaseView;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One firing pass of this instance, in one transaction: it locks up to a batch of due triggers (rows other
 * instances hold are skipped), records their executions as {@link FiringPlan} decides, writes the job requests and
 * execution events to the outbox, and advances the triggers. An execution is recorded, and its request written,
 * only if its (trigger, scheduled time) row was inserted: that unique key is what makes each execution happen once
 * across instances, retries and restarts.
 */
@Component
public class FiringPass {

    private final TriggerRepository triggers;
    private final ExecutionRepository executions;
    private final Outbox outbox;
    private final OutboxRelay relay;
    private final TransactionalOperator tx;
    private final PhaseView view;
    private final Clock clock;
    private final SchedulerProperties properties;

    public FiringPass(TriggerRepository triggers, ExecutionRepository executions, Outbox outbox, OutboxRelay relay,
            TransactionalOperator tx, PhaseView view, Clock clock, SchedulerProperties properties) {
        this.triggers = triggers;
        this.executions = executions;
        this.outbox = outbox;
        this.relay = relay;
        this.tx = tx;
        this.view = view;
        this.clock = clock;
        this.properties = properties;
    }

    /** Runs passes until one finds fewer due triggers than a batch; emits how many triggers were handled. */
    public Mono<Integer> runUntilIdle() {
        return once().expand(n -> n >= properties.getBatchSize() ? once() : Mono.empty()).reduce(0, Integer::sum);
    }

    /** One pass; emits how many triggers it handled. */
    public Mono<Integer> once() {
        Instant now = clock.instant();
        Mono<Integer> work = triggers.lockDue(now, properties.getBatchSize()).collectList().flatMap(due -> {
            if (due.isEmpty()) {
                return Mono.just(0);
            }
            List<FiringPlan.Decision> decisions = due.stream()
                    .map(t -> FiringPlan.decide(t, now, view.effective(t.tenantId()), properties.getMisfireThreshold(),
                            properties.getMaxExecutionsPerPass()))
                    .toList();
            List<Execution> planned = decisions.stream().flatMap(d -> d.executions().stream()).toList();
            return executions.insertAll(planned)
                    .flatMap(inserted -> Flux.fromIterable(decisions)
                            .concatMap(d -> entries(d, inserted, now)).collectList())
                    .flatMap(lists -> outbox.appendAll(lists.stream().flatMap(List::stream).toList()))
                    .then(triggers.advanceAll(decisions.stream().map(FiringPlan.Decision::trigger).toList()))
                    .thenReturn(due.size());
        });
        return tx.transactional(work).doOnNext(n -> {
            if (n > 0) {
                relay.relayNow();
            }
        });
    }

    private Mono<List<Outbox.Entry>> entries(FiringPlan.Decision decision, Set<String> inserted, Instant now) {
        Trigger trigger = decision.trigger();
        List<Outbox.Entry> entries = new ArrayList<>();
        for (Execution e : decision.executions()) {
            if (inserted.contains(e.id())) {
                if (e.requestId() != null) {
                    entries.add(ExecutionEvents.requested(trigger, e, now));
                }
                entries.add(ExecutionEvents.recorded(trigger.name(), trigger.processName(), e));
            }
        }
        if (decision.runPending() == null) {
            return Mono.just(entries);
        }
        return executions.lock(UUID.fromString(decision.runPending()))
                .filter(e -> e.outcome() == ExecutionOutcome.SKIPPED)
                .flatMap(e -> {
                    Execution run = e.with(ExecutionOutcome.RUN_AFTER_MAINTENANCE, UUID.randomUUID().toString(), now);
                    entries.add(ExecutionEvents.requested(trigger, run, now));
                    entries.add(ExecutionEvents.recorded(trigger.name(), trigger.processName(), run));
                    return executions.update(run);
                })
                .thenReturn(entries);
    }
}
