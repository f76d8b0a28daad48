package org.jobplatform.scheduler.triggers;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import org.jobplatform.scheduler.executions.Execution;
import org.jobplatform.scheduler.executions.persistence.ExecutionRepository;
import org.jobplatform.scheduler.triggers.persistence.TriggerRepository;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Creates, lists, enables, disables and deletes triggers. A {@code tenantOrNull} argument scopes a call to one
 * tenant's triggers ({@code null}: every tenant's, for host admins); another tenant's trigger is simply not found.
 */
@Service
public class TriggerService {

    private final TriggerRepository triggers;
    private final ExecutionRepository executions;
    private final TransactionalOperator tx;
    private final Clock clock;

    public TriggerService(TriggerRepository triggers, ExecutionRepository executions, TransactionalOperator tx,
            Clock clock) {
        this.triggers = triggers;
        this.executions = executions;
        this.tx = tx;
        this.clock = clock;
    }

    /** Creates an enabled trigger of the tenant; its first time is the first scheduled time after now. */
    public Mono<Trigger> create(String tenantId, TriggerDefinition d) {
        Instant now = clock.instant();
        Trigger draft = new Trigger(UUID.randomUUID().toString(), tenantId, d.name(), d.processName(), d.robotId(),
                d.inputArguments(), d.type(), d.cron(), d.at(), d.intervalSeconds(), d.timeZone(), d.misfirePolicy(),
                d.exempt(), true, now, null, null);
        Trigger trigger = draft.advanced(draft.schedule().next(now), null);
        return triggers.insert(trigger).thenReturn(trigger);
    }

    /** Triggers of a tenant, or of all. */
    public Flux<Trigger> list(String tenantOrNull, int limit) {
        return triggers.list(tenantOrNull, limit);
    }

    /** A trigger. */
    public Mono<Trigger> find(UUID id, String tenantOrNull) {
        return triggers.find(id, tenantOrNull);
    }

    /**
     * Deletes a trigger with its history; emits whether it existed. Its executions prepared for a time not decided
     * yet are forgotten first, so that no job request is sent for them.
     */
    public Mono<Boolean> delete(UUID id, String tenantOrNull) {
        return tx.transactional(triggers.find(id, tenantOrNull)
                .flatMap(t -> executions.deletePlanned(id).then(triggers.delete(id, tenantOrNull)))
                .defaultIfEmpty(false));
    }

    /**
     * Enables or disables a trigger. Enabling starts again from the next scheduled time after now: times that
     * passed while it was disabled are not executions at all, and nothing pending is run.
     */
    public Mono<Trigger> setEnabled(UUID id, String tenantOrNull, boolean enabled) {
        Mono<Trigger> work = triggers.lock(id, tenantOrNull).flatMap(t -> {
            if (t.enabled() == enabled) {
                return Mono.just(t);
            }
            Instant next = enabled ? t.schedule().next(clock.instant()) : null;
            return executions.deletePlanned(id).then(triggers.setEnabled(id, enabled, next))
                    .then(triggers.find(id, null));
        });
        return tx.transactional(work);
    }

    /** A trigger's executions, newest first; empty when the trigger is not found. */
    public Mono<java.util.List<Execution>> executions(UUID id, String tenantOrNull, int limit) {
        return triggers.find(id, tenantOrNull).flatMap(t -> executions.list(id, limit).collectList());
    }
}
