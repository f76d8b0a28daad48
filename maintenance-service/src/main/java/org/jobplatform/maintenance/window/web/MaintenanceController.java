package org.jobplatform.maintenance.window.web;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.jobplatform.contracts.DrainStrategy;
import org.jobplatform.contracts.Phase;
import org.jobplatform.contracts.Scope;
import org.jobplatform.maintenance.convergence.ConvergenceView;
import org.jobplatform.maintenance.convergence.InstanceRegistry;
import org.jobplatform.maintenance.drain.DrainProgressStore;
import org.jobplatform.maintenance.window.Decision;
import org.jobplatform.maintenance.window.MaintenanceRequest;
import org.jobplatform.maintenance.window.MaintenanceService;
import org.jobplatform.maintenance.window.ScopeState;
import org.jobplatform.maintenance.window.WindowRecord;
import org.jobplatform.maintenance.window.persistence.WindowRepository;
import org.jobplatform.starter.security.Caller;
import org.jobplatform.starter.web.ApiProblemException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The maintenance API. Starting and ending maintenance and the window history are for host admins; a tenant
 * user may read its own tenant's state. Unknown query parameters are refused, so a misspelt option never
 * passes silently.
 */
@RestController
@RequestMapping(path = "/api/maintenance", produces = MediaType.APPLICATION_JSON_VALUE)
public class MaintenanceController {

    private static final Set<String> START_PARAMS = Set.of("phase", "tenantId", "killJobs", "force", "reason",
            "strategy", "drainDeadline", "autoSuspend");
    private static final Set<String> END_PARAMS = Set.of("tenantId", "reason");
    private static final Set<String> STATE_PARAMS = Set.of("tenantId");
    private static final Set<String> WINDOWS_PARAMS = Set.of("tenantId", "scope", "limit");
    private static final int MAX_REASON = 1000;

    private final MaintenanceService service;
    private final DrainProgressStore drain;
    private final InstanceRegistry instances;
    private final WindowRepository windows;

    public MaintenanceController(MaintenanceService service, DrainProgressStore drain, InstanceRegistry instances,
            WindowRepository windows) {
        this.service = service;
        this.drain = drain;
        this.instances = instances;
        this.windows = windows;
    }

    @Operation(summary = "Start DRAINING or SUSPENDED for the host or one tenant")
    @PostMapping("/start")
    public Mono<MaintenanceStateResponse> start(ServerWebExchange exchange,
            @Parameter(description = "DRAINING or SUSPENDED") String phase,
            @Parameter(description = "the tenant; omit for the host") String tenantId) {
        MultiValueMap<String, String> params = exchange.getRequest().getQueryParams();
        return hostAdmin().flatMap(caller -> {
            checkParams(params, START_PARAMS);
            Phase requested = startPhase(single(params, "phase"));
            Scope scope = Scope.of(single(params, "tenantId"));
            String strategy = single(params, "strategy");
            MaintenanceRequest request = new MaintenanceRequest(requested, bool(params, "killJobs"),
                    bool(params, "force"), reason(params), strategy == null ? null : DrainStrategy.parse(strategy),
                    duration(params, "drainDeadline"), bool(params, "autoSuspend"), caller.name());
            return service.request(scope, request).flatMap(this::answer);
        });
    }

    @Operation(summary = "End maintenance for the host or one tenant")
    @PostMapping("/end")
    public Mono<MaintenanceStateResponse> end(ServerWebExchange exchange,
            @Parameter(description = "the tenant; omit for the host") String tenantId) {
        MultiValueMap<String, String> params = exchange.getRequest().getQueryParams();
        return hostAdmin().flatMap(caller -> {
            checkParams(params, END_PARAMS);
            Scope scope = Scope.of(single(params, "tenantId"));
            return service.request(scope, MaintenanceRequest.end(reason(params), caller.name()))
                    .flatMap(this::answer);
        });
    }

    @Operation(summary = "The state of the host or of one tenant, with drain progress and convergence")
    @GetMapping
    public Mono<MaintenanceStateResponse> state(ServerWebExchange exchange,
            @Parameter(description = "the tenant; omit for the host (a tenant user reads its own)") String tenantId) {
        MultiValueMap<String, String> params = exchange.getRequest().getQueryParams();
        return caller().flatMap(caller -> {
            checkParams(params, STATE_PARAMS);
            String requested = single(params, "tenantId");
            Scope scope;
            if (caller.hostAdmin()) {
                scope = Scope.of(requested);
            } else {
                scope = Scope.of(requested == null ? caller.tenantId() : requested);
                if (scope.isHost() || !caller.mayAccessTenant(scope.tenantId())) {
                    throw ApiProblemException.of(HttpStatus.FORBIDDEN, "forbidden",
                            "A tenant user may read only its own tenant's maintenance state.");
                }
            }
            return service.state(scope).flatMap(this::view);
        });
    }

    @Operation(summary = "History of maintenance windows, newest first")
    @GetMapping("/windows")
    public Flux<WindowRecord> windows(ServerWebExchange exchange,
            @Parameter(description = "only the windows of this tenant") String tenantId) {
        MultiValueMap<String, String> params = exchange.getRequest().getQueryParams();
        return hostAdmin().flatMapMany(caller -> {
            checkParams(params, WINDOWS_PARAMS);
            String tenant = single(params, "tenantId");
            String scopeKey = single(params, "scope");
            Scope scope = scopeKey != null ? Scope.fromKey(scopeKey) : tenant != null ? Scope.of(tenant) : null;
            int limit = intParam(params, "limit", 100, 1, 1000);
            return windows.history(scope, limit);
        });
    }

    private Mono<MaintenanceStateResponse> answer(Decision decision) {
        if (decision instanceof Decision.Change change) {
            return view(change.next());
        }
        if (decision instanceof Decision.Unchanged unchanged) {
            return view(unchanged.current());
        }
        Decision.Conflict conflict = (Decision.Conflict) decision;
        ApiProblemException problem = ApiProblemException.of(HttpStatus.CONFLICT, "conflict", conflict.detail())
                .with("phase", conflict.current().phase().name())
                .with("windowId", conflict.current().windowId());
        if (conflict.runningJobs() != null) {
            problem.with("runningJobs", conflict.runningJobs());
        }
        return Mono.error(problem);
    }

    private Mono<MaintenanceStateResponse> view(ScopeState state) {
        Mono<ScopeState> host = state.scope().isHost() ? Mono.just(state) : service.state(Scope.HOST);
        return Mono.zip(host, drain.progress(state.scope())).map(t -> {
            ScopeState h = t.getT1();
            var progress = t.getT2();
            ConvergenceView convergence = ConvergenceView.of(instances, state.scope().key(), state.epoch(),
                    h.epoch(), Instant.now());
            return new MaintenanceStateResponse(state.scope().key(), state.scope().tenantId(), state.phase().name(),
                    h.phase().strongest(state.phase()).name(), state.windowId(), state.epoch(), state.since(),
                    state.requestedBy(), state.reason(), state.killJobs(), state.strategy().name(),
                    state.drainDeadline() == null ? null : state.drainDeadline().toString(), state.autoSuspend(),
                    new MaintenanceStateResponse.Drain(progress.notEnded(), progress.pendingJobs(), progress.asOf()),
                    convergence.instances(), convergence.converged());
        });
    }

    private static Mono<Caller> caller() {
        return Caller.current().switchIfEmpty(Mono.error(ApiProblemException.of(HttpStatus.UNAUTHORIZED,
                "unauthenticated", "Authentication is required.")));
    }

    private static Mono<Caller> hostAdmin() {
        return caller().map(caller -> {
            if (!caller.hostAdmin()) {
                throw ApiProblemException.of(HttpStatus.FORBIDDEN, "forbidden",
                        "Only host admins may start or end maintenance or list windows; " + caller.name()
                                + " is not one.");
            }
            return caller;
        });
    }

    private static void checkParams(MultiValueMap<String, String> params, Set<String> accepted) {
        for (String name : params.keySet()) {
            if (!accepted.contains(name)) {
                throw new IllegalArgumentException("unknown query parameter '" + name + "'; accepted: "
                        + accepted.stream().sorted().toList());
            }
            List<String> values = params.get(name);
            if (values.size() > 1) {
                throw new IllegalArgumentException("query parameter '" + name + "' given " + values.size() + " times");
            }
        }
    }

    private static Phase startPhase(String value) {
        String accepted = "; accepted: DRAINING, SUSPENDED (POST /api/maintenance/end ends maintenance)";
        if (value == null) {
            throw new IllegalArgumentException("phase is required" + accepted);
        }
        Phase phase;
        try {
            phase = Phase.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + value + "' is not a phase to start" + accepted);
        }
        if (phase == Phase.NONE) {
            throw new IllegalArgumentException("'" + value + "' is not a phase to start" + accepted);
        }
        return phase;
    }

    private static String single(MultiValueMap<String, String> params, String name) {
        String value = params.getFirst(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static boolean bool(MultiValueMap<String, String> params, String name) {
        String value = single(params, name);
        if (value == null) {
            return params.containsKey(name) && params.getFirst(name) != null && params.getFirst(name).isEmpty();
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("'" + value + "' is not a valid " + name
                    + "; accepted: true, false");
        };
    }

    private static String reason(MultiValueMap<String, String> params) {
        String reason = single(params, "reason");
        if (reason != null && reason.length() > MAX_REASON) {
            throw new IllegalArgumentException("reason is " + reason.length() + " characters long; at most "
                    + MAX_REASON + " are accepted");
        }
        return reason;
    }

    private static Duration duration(MultiValueMap<String, String> params, String name) {
        String value = single(params, name);
        if (value == null) {
            return null;
        }
        Duration duration;
        try {
            duration = Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + value + "' is not a valid " + name
                    + ": use an ISO-8601 duration such as PT30M or PT1H30M");
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
        return duration;
    }

    private static int intParam(MultiValueMap<String, String> params, String name, int fallback, int min, int max) {
        String value = single(params, name);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed < min || parsed > max) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + value + "' is not a valid " + name + ": use a whole number from "
                    + min + " to " + max);
        }
    }
}
