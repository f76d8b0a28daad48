package org.jobplatform.maintenance.window;

import java.time.Duration;
import java.time.Instant;

import org.jobplatform.contracts.Phase;
import org.jobplatform.contracts.Scope;
import org.jobplatform.maintenance.drain.DrainProgress;
import org.jobplatform.maintenance.drain.DrainProgressStore;
import org.jobplatform.maintenance.window.persistence.ScopeStateRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Suspends a DRAINING scope started with {@code autoSuspend} once it is drained: no job of the scope runs or is
 * stopping by the robots' own confirmation, counted from reports made after the scope began draining (an older
 * report may predate the last Stop). The change goes through the state machine like an operator's request, so a
 * job that started meanwhile still gets a 409 and the scope stays DRAINING until the next report.
 * <p>
 * A scope with no job at all gets no new report, so every scope is also checked on a timer: once the window has
 * been draining longer than the settle time, zero counts reported before it began are trusted too (job-service
 * publishes a change within a fraction of a second and active tenants every few seconds).
 */
@Component
public class AutoSuspender implements SmartLifecycle {

    /** Who asked, as shown in the state and the window's history. */
    public static final String REQUESTED_BY = "auto-suspend";

    private static final Logger log = LoggerFactory.getLogger(AutoSuspender.class);

    private final MaintenanceService service;
    private final DrainProgressStore drain;
    private final ScopeStateRepository states;
    private final Duration checkInterval;
    private final Duration settle;
    private Disposable checking;

    public AutoSuspender(MaintenanceService service, DrainProgressStore drain, ScopeStateRepository states,
            @Value("${maintenance.auto-suspend.check-interval:2s}") Duration checkInterval,
            @Value("${maintenance.auto-suspend.settle:10s}") Duration settle) {
        this.service = service;
        this.drain = drain;
        this.states = states;
        this.checkInterval = checkInterval;
        this.settle = settle;
    }

    @Override
    public void start() {
        checking = Flux.interval(checkInterval).onBackpressureDrop()
                .concatMap(tick -> states.findAll().map(ScopeState::scope).concatMap(this::suspendIfDrained)
                        .onErrorResume(e -> {
                            log.warn("auto-suspend check failed; it runs again: {}", e.getMessage());
                            return Mono.empty();
                        }), 1)
                .subscribe();
    }

    @Override
    public void stop() {
        if (checking != null) {
            checking.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        return checking != null && !checking.isDisposed();
    }

    /** A tenant's drain progress changed: its own scope and the host may now be drained. */
    public Mono<Void> progressChanged(String tenantId) {
        return Flux.just(Scope.HOST, Scope.tenant(tenantId)).concatMap(this::suspendIfDrained).then();
    }

    private Mono<Void> suspendIfDrained(Scope scope) {
        return service.state(scope)
                .filter(state -> state.phase() == Phase.DRAINING && state.autoSuspend() && state.since() != null)
                .flatMap(state -> drain.progress(scope)
                        .filter(progress -> drained(progress, state))
                        .flatMap(progress -> service.request(scope, new MaintenanceRequest(Phase.SUSPENDED, false,
                                false, null, null, null, false, REQUESTED_BY))))
                .doOnNext(decision -> log.info("auto-suspend of {}: {}", scope.key(), decision))
                .then();
    }

    private boolean drained(DrainProgress progress, ScopeState state) {
        if (progress.notEnded() != 0) {
            return false;
        }
        boolean reportedSince = progress.asOf() != null && progress.asOf().isAfter(state.since());
        return reportedSince || Instant.now().isAfter(state.since().plus(settle));
    }
}
