package org.jobplatform.starter.gate;

import java.util.ArrayList;
import java.util.List;

import org.jobplatform.contracts.Phase;
import org.jobplatform.starter.MaintenanceProperties;
import org.jobplatform.starter.phase.EffectiveState;
import org.jobplatform.starter.phase.PhaseView;
import org.jobplatform.starter.security.Caller;
import org.jobplatform.starter.security.MaintenanceSecurityConfiguration;
import org.jobplatform.starter.security.ProblemResponses;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

/**
 * Refuses calls that maintenance forbids, after authentication. Open in every phase: health and metrics, API
 * docs, the maintenance API (state and log reads included) and the routes a service adds. Host admins pass
 * unless {@code maintenance.gate.restrict-api-access} is set. Until the phase view has caught up every other
 * call is refused, so a restarted instance never serves before it knows the phase.
 */
public class MaintenanceGateFilter implements WebFilter, Ordered {

    /** Runs after Spring Security's filter chain (order -100) so the caller is known. */
    public static final int ORDER = 0;

    private static final String SUSPENDED_DETAIL =
            "The platform is SUSPENDED for maintenance: API calls are refused until it ends.";

    private final PhaseView view;
    private final RouteRules open;
    private final RouteRules workCreating;
    private final MaintenanceProperties.Gate settings;
    private final MeterRegistry registry;

    public MaintenanceGateFilter(PhaseView view, MaintenanceProperties.Gate settings, MeterRegistry registry) {
        this.view = view;
        this.settings = settings;
        this.registry = registry;
        List<String> openRoutes = new ArrayList<>(List.of(MaintenanceSecurityConfiguration.PUBLIC_PATHS));
        openRoutes.add("/actuator/**");
        openRoutes.add("/api/maintenance");
        openRoutes.add("/api/maintenance/**");
        openRoutes.addAll(settings.getOpenRoutes());
        this.open = new RouteRules(openRoutes);
        this.workCreating = new RouteRules(settings.getWorkCreatingRoutes());
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        var request = exchange.getRequest();
        String path = request.getPath().pathWithinApplication().value();
        if (open.matches(request.getMethod(), path)) {
            return chain.filter(exchange);
        }
        if (!view.isCaughtUp()) {
            return refuse(exchange, EffectiveState.NONE, "not-ready",
                    "This instance is still reading the maintenance phase and serves no request yet.");
        }
        boolean creatingWork = workCreating.matches(request.getMethod(), path);
        return Caller.current().map(java.util.Optional::of).defaultIfEmpty(java.util.Optional.empty())
                .flatMap(caller -> {
                    boolean admin = caller.map(Caller::hostAdmin).orElse(false);
                    EffectiveState state = view.effective(caller.map(Caller::tenantId).orElse(null));
                    if (admin) {
                        if (settings.isRestrictApiAccess() && view.hostPhase() != Phase.NONE) {
                            return refuse(exchange, view.effective(null), "maintenance",
                                    "API access is restricted to the maintenance API during maintenance.");
                        }
                        return chain.filter(exchange);
                    }
                    if (state.phase() == Phase.SUSPENDED
                            || (state.phase() == Phase.DRAINING && creatingWork)
                            || (settings.isRestrictApiAccess() && state.phase() != Phase.NONE)) {
                        String detail = state.phase() == Phase.SUSPENDED ? SUSPENDED_DETAIL
                                : "The platform is DRAINING for maintenance: no new work is accepted until it ends.";
                        return refuse(exchange, state, "maintenance", detail);
                    }
                    return chain.filter(exchange);
                });
    }

    /**
     * Answers the gate's 503 for a caller whose effective state is SUSPENDED, for a service that establishes the
     * caller ahead of the security chain (robot-gateway's robots): the same status, {@code Retry-After}, problem body
     * and metric as when the gate itself refuses.
     */
    public Mono<Void> refuseSuspended(ServerWebExchange exchange, EffectiveState state) {
        return refuse(exchange, state, "maintenance", SUSPENDED_DETAIL);
    }

    private Mono<Void> refuse(ServerWebExchange exchange, EffectiveState state, String type, String detail) {
        registry.counter("maintenance.gate.refused", "phase", state.phase().name(), "reason", type).increment();
        ProblemDetail problem = ProblemResponses.problem(HttpStatus.SERVICE_UNAVAILABLE, type, detail);
        problem.setProperty("phase", state.phase().name());
        problem.setProperty("windowId", state.windowId());
        if (state.source() != null) {
            problem.setProperty("scope", state.source().scope());
        }
        exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds()));
        return ProblemResponses.write(exchange, problem);
    }

    /** The base {@code Retry-After} plus a random part of the jitter, in whole seconds, at least one. */
    long retryAfterSeconds() {
        long base = Math.max(1, settings.getRetryAfter().toSeconds());
        long jitter = settings.getRetryAfterJitter().toSeconds();
        return jitter <= 0 ? base : base + java.util.concurrent.ThreadLocalRandom.current().nextLong(jitter + 1);
    }
}
