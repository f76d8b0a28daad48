package org.jobplatform.robot.link;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import org.jobplatform.contracts.Phase;
import org.jobplatform.robot.registry.RobotRegistry;
import org.jobplatform.starter.gate.MaintenanceGateFilter;
import org.jobplatform.starter.phase.PhaseView;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;

/**
 * In SUSPENDED, refuses the calls of robots whose credentials are cached, ahead of the security chain: a suspended
 * fleet keeps calling back, and each refusal would otherwise go through the whole chain only to be refused by the
 * gate. The answer is the gate's own (503, {@code Retry-After}, the problem body, the metric), and only for a robot
 * whose secret matches its cached hash; every other call (no Basic credentials, a robot not cached, a wrong secret,
 * a tenant not suspended) goes on through the security chain and the gate as before, so a wrong secret is still 401.
 */
@Component
public class SuspendedRobotsFilter implements WebFilter, Ordered {

    /** Before Spring Security's chain (order -100). */
    public static final int ORDER = -200;
    private static final String ROBOT_PATHS = "/api/robot/";
    private static final String BASIC = "Basic ";

    private final PhaseView view;
    private final RobotRegistry registry;
    private final MaintenanceGateFilter gate;

    public SuspendedRobotsFilter(PhaseView view, RobotRegistry registry, MaintenanceGateFilter gate) {
        this.view = view;
        this.registry = registry;
        this.gate = gate;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!view.isCaughtUp() || !exchange.getRequest().getPath().pathWithinApplication().value()
                .startsWith(ROBOT_PATHS)) {
            return chain.filter(exchange);
        }
        Optional<String> tenant = suspendedRobotTenant(
                exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION));
        return tenant.isPresent() ? gate.refuseSuspended(exchange, view.effective(tenant.get()))
                : chain.filter(exchange);
    }

    /** The tenant of the robot named by Basic credentials, when they are cached and match and it is SUSPENDED. */
    private Optional<String> suspendedRobotTenant(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(BASIC.length()).trim()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        return colon < 0 ? Optional.empty()
                : registry.cachedTenant(decoded.substring(0, colon), decoded.substring(colon + 1),
                        tenant -> view.effectivePhase(tenant) == Phase.SUSPENDED);
    }
}
