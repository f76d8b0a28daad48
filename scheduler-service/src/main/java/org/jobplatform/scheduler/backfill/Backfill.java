package org.jobplatform.scheduler.backfill;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.jobplatform.contracts.ExecutionOutcome;
import org.jobplatform.scheduler.executions.Execution;
import org.jobplatform.scheduler.executions.ExecutionEvents;
import org.jobplatform.scheduler.executions.persistence.ExecutionRepository;
import org.jobplatform.scheduler.triggers.Trigger;
import org.jobplatform.scheduler.triggers.persistence.TriggerRepository;
import org.jobplatform.starter.outbox.Outbox;
import org.jobplatform.starter.outbox.OutboxRelay;
import org.jobplatform.starter.phase.EffectiveState;
import org.jobplatform.starter.phase.PhaseView;
import org.jobplatform.starter.web.ApiProblemException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

import reactor.core.publisher.Mono;

/**
 * Runs the executions of a trigger that were skipped in one maintenance window, once each: in one transaction
 * each SKIPPED execution of the window (locked) becomes BACKFILLED, with a new job request and its event. A second
 * call finds none still SKIPPED and runs nothing. A request job-service refuses again turns the execution SKIPPED
 * again, so it can be backfilled later.
 */
@Service
public class Backfill {

    private final TriggerRepository triggers;
    private final ExecutionRepository executions;
    private final Outbox outbox;
    private final OutboxRelay relay;
    private final TransactionalOperator tx;
    private final PhaseView view;
    private final Clock clock;

    public Backfill(TriggerRepository triggers, ExecutionRepository executions, Outbox outbox, OutboxRelay relay,
            TransactionalOperator tx, PhaseView view, Clock clock) {
        this.triggers = triggers;
        this.executions = executions;
        this.outbox = outbox;
        this.relay = relay;
        this.tx = tx;
        this.view = view;
        this.clock = clock;
    }

    /**
     * Backfills a trigger's executions skipped in the window; emits those run now (none when called again), or
     * nothing when the trigger is not found.
     *
     * @throws ApiProblemException 409 while the trigger's tenant is still in maintenance
     */
    public Mono<List<Execution>> backfill(UUID triggerId, String tenantOrNull, String windowId) {
        Mono<List<Execution>> work = triggers.lock(triggerId, tenantOrNull).flatMap(trigger -> {
            EffectiveState state = view.effective(trigger.tenantId());
            if (state.phase().refusesNewWork()) {
                return Mono.error(ApiProblemException.of(HttpStatus.CONFLICT, "conflict", "Tenant "
                        + trigger.tenantId() + " is " + state.phase() + " (window " + state.windowId()
                        + "): backfill after the window has ended.").with("phase", state.phase().name())
                        .with("windowId", state.windowId()));
            }
            Instant now = clock.instant();
            return executions.lockSkipped(triggerId, windowId).collectList().flatMap(skipped -> run(trigger, skipped,
                    now));
        });
        return tx.transactional(work).doOnNext(run -> {
            if (!run.isEmpty()) {
                relay.relayNow();
            }
        });
    }

    private Mono<List<Execution>> run(Trigger trigger, List<Execution> skipped, Instant now) {
        List<Execution> backfilled = new ArrayList<>();
        List<Outbox.Entry> entries = new ArrayList<>();
        for (Execution e : skipped) {
            Execution run = e.with(ExecutionOutcome.BACKFILLED, UUID.randomUUID().toString(), now);
            backfilled.add(run);
            entries.add(ExecutionEvents.requested(trigger, run, now));
            entries.add(ExecutionEvents.recorded(trigger.name(), trigger.processName(), run));
        }
        return reactor.core.publisher.Flux.fromIterable(backfilled).concatMap(executions::update)
                .then(outbox.appendAll(entries)).thenReturn(backfilled);
    }
}
