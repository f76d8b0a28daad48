package org.jobplatform.maintenance.window;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.jobplatform.contracts.Phase;
import org.jobplatform.contracts.Scope;
import org.jobplatform.contracts.Topics;
import org.jobplatform.maintenance.drain.DrainProgressStore;
import org.jobplatform.maintenance.window.persistence.ScopeStateRepository;
import org.jobplatform.maintenance.window.persistence.WindowRepository;
import org.jobplatform.starter.outbox.Outbox;
import org.jobplatform.starter.outbox.OutboxRelay;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

/**
 * Applies operators' requests to scopes. One transaction per request locks the scope's row, decides with the
 * state machine, writes the new state, the window records and the phase event into the outbox; the relay is
 * woken after the commit. Changes of one scope are serialised across instances by the row lock.
 */
@Service
public class MaintenanceService {

    private final ScopeStateRepository states;
    private final WindowRepository windows;
    private final DrainProgressStore drain;
    private final Outbox outbox;
    private final OutboxRelay relay;
    private final TransactionalOperator tx;
    private final MeterRegistry registry;
    private final Map<String, AtomicInteger> phaseGauges = new ConcurrentHashMap<>();

    public MaintenanceService(ScopeStateRepository states, WindowRepository windows, DrainProgressStore drain,
            Outbox outbox, OutboxRelay relay, TransactionalOperator tx, MeterRegistry registry) {
        this.states = states;
        this.windows = windows;
        this.drain = drain;
        this.outbox = outbox;
        this.relay = relay;
        this.tx = tx;
        this.registry = registry;
    }

    /** Decides and, for a change, commits and publishes a request for a scope. */
    public Mono<Decision> request(Scope scope, MaintenanceRequest request) {
        Mono<Decision> work = states.lock(scope)
                .zipWith(drain.progress(scope))
                .flatMap(t -> {
                    Instant now = Instant.now();
                    Decision decision = MaintenanceStateMachine.decide(t.getT1(), request, t.getT2().notEnded(), now,
                            () -> UUID.randomUUID().toString());
                    if (decision instanceof Decision.Change change) {
                        return persist(change, now).thenReturn(decision);
                    }
                    return Mono.just(decision);
                });
        return tx.transactional(work).doOnNext(decision -> {
            if (decision instanceof Decision.Change change) {
                relay.relayNow();
                record(change);
            }
        });
    }

    private Mono<Void> persist(Decision.Change change, Instant now) {
        ScopeState next = change.next();
        String windowId = change.closesWindow() ? change.previous().windowId() : next.windowId();
        Mono<Void> window = change.opensWindow() ? windows.open(next) : Mono.empty();
        Mono<Void> close = change.closesWindow() ? windows.close(windowId, now, next.requestedBy()) : Mono.empty();
        return states.save(next)
                .then(window)
                .then(windowId == null ? Mono.empty() : windows.transition(windowId, next, now))
                .then(close)
                .then(outbox.append(Topics.PHASE_CHANGES, next.scope().key(),
                        next.toEvent(change.previous().phase(), now), next.scope().key()))
                .then();
    }

    private void record(Decision.Change change) {
        String scope = change.next().scope().key();
        registry.counter("maintenance.transitions", "scope", change.next().scope().isHost() ? "host" : "tenant",
                "from", change.previous().phase().name(), "to", change.next().phase().name()).increment();
        gauge(scope).set(change.next().phase().ordinal());
    }

    private AtomicInteger gauge(String scope) {
        return phaseGauges.computeIfAbsent(scope, key -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder("maintenance.phase", value, AtomicInteger::get)
                    .description("Phase of a scope: 0 NONE, 1 DRAINING, 2 SUSPENDED").tag("scope", key)
                    .register(registry);
            return value;
        });
    }

    /** Restores the phase gauges after a restart. */
    public Mono<Void> restoreGauges() {
        return states.findAll().doOnNext(s -> gauge(s.scope().key()).set(s.phase().ordinal())).then();
    }

    /** A scope's state. */
    public Mono<ScopeState> state(Scope scope) {
        return states.find(scope);
    }

    /** The effective phase of a scope: for a tenant, the stronger of its own and the host's. */
    public Mono<Phase> effectivePhase(ScopeState state) {
        if (state.scope().isHost()) {
            return Mono.just(state.phase());
        }
        return states.find(Scope.HOST).map(host -> host.phase().strongest(state.phase()));
    }
}
