package org.jobplatform.scheduler.answers;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import org.jobplatform.contracts.ExecutionOutcome;
import org.jobplatform.contracts.JobRequestAccepted;
import org.jobplatform.contracts.JobRequestRefused;
import org.jobplatform.scheduler.executions.Execution;
import org.jobplatform.scheduler.executions.ExecutionEvents;
import org.jobplatform.scheduler.executions.persistence.ExecutionRepository;
import org.jobplatform.scheduler.firing.FiringSlots;
import org.jobplatform.scheduler.triggers.persistence.TriggerRepository;
import org.jobplatform.starter.outbox.Outbox;
import org.jobplatform.starter.outbox.OutboxRelay;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

import reactor.core.publisher.Mono;

/**
 * Applies job-service's answers to the execution whose request they answer (matched by request id): an
 * acceptance records the job id, a refusal for maintenance turns the execution SKIPPED with the window, so a
 * request that raced a window's start is never lost (and a RUN_ONCE_AFTER_MAINTENANCE trigger runs it after the
 * end). Each change is published on {@code scheduler.executions.v1} in the same transaction. A second delivery
 * finds the job already recorded, or the execution already skipped, and changes nothing.
 */
@Component
public class JobAnswers {

    private final ExecutionRepository executions;
    private final FiringSlots slots;
    private final TriggerRepository triggers;
    private final Outbox outbox;
    private final OutboxRelay relay;
    private final TransactionalOperator tx;
    private final Clock clock;

    public JobAnswers(ExecutionRepository executions, FiringSlots slots, TriggerRepository triggers, Outbox outbox,
            OutboxRelay relay, TransactionalOperator tx, Clock clock) {
        this.executions = executions;
        this.slots = slots;
        this.triggers = triggers;
        this.outbox = outbox;
        this.relay = relay;
        this.tx = tx;
        this.clock = clock;
    }

    /** Records the job of an accepted request; emits whether anything changed. */
    public Mono<Boolean> accepted(JobRequestAccepted accepted) {
        UUID request = uuid(accepted.requestId());
        if (request == null || accepted.jobId() == null) {
            return Mono.just(false);
        }
        return apply(request, e -> e.jobId() == null,
                e -> new Execution(e.id(), e.triggerId(), e.tenantId(), e.scheduledAt(), e.outcome(), e.requestId(),
                        accepted.jobId(), e.windowId(), clock.instant()));
    }

    /** Turns the execution of a refused request SKIPPED with the window; emits whether anything changed. */
    public Mono<Boolean> refused(JobRequestRefused refused) {
        UUID request = uuid(refused.requestId());
        if (request == null) {
            return Mono.just(false);
        }
        return apply(request, e -> e.jobId() == null && e.outcome() != ExecutionOutcome.SKIPPED,
                e -> new Execution(e.id(), e.triggerId(), e.tenantId(), e.scheduledAt(), ExecutionOutcome.SKIPPED,
                        e.requestId(), null, refused.windowId(), clock.instant()));
    }

    private Mono<Boolean> apply(UUID request, java.util.function.Predicate<Execution> applies,
            java.util.function.UnaryOperator<Execution> change) {
        Mono<Boolean> answer = executions.lockByRequest(request).filter(applies).flatMap(current -> {
            Execution updated = change.apply(current);
            UUID triggerId = UUID.fromString(updated.triggerId());
            Mono<Void> pending = updated.outcome() == ExecutionOutcome.SKIPPED
                    ? triggers.notePending(triggerId, UUID.fromString(updated.id()), updated.scheduledAt())
                    : Mono.empty();
            return triggers.find(triggerId, null)
                    .flatMap(trigger -> executions.update(updated).then(pending)
                            .then(outbox.appendAll(List.of(ExecutionEvents.recorded(trigger.name(),
                                    trigger.processName(), updated)))))
                    .thenReturn(true);
        }).defaultIfEmpty(false);
        // a prepared execution's request is sent before its slot is applied: an answer that comes first applies the
        // slot (or waits for the instance applying it), so it finds the execution with its outcome
        Mono<Boolean> work = slots.applySlotOf(request)
                .flatMap(applied -> answer.map(changed -> changed || applied > 0));
        return tx.transactional(work).doOnNext(changed -> {
            if (changed) {
                relay.relayNow();
            }
        });
    }

    private static UUID uuid(String value) {
        if (value == null) {
            return null;
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            // not one of this scheduler's requests
            return null;
        }
    }
}
