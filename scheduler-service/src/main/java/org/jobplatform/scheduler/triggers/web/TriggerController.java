package org.jobplatform.scheduler.triggers.web;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

import org.jobplatform.contracts.Scope;
import org.jobplatform.scheduler.backfill.Backfill;
import org.jobplatform.scheduler.triggers.TriggerDefinition;
import org.jobplatform.scheduler.triggers.TriggerService;
import org.jobplatform.starter.security.Caller;
import org.jobplatform.starter.web.ApiProblemException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The trigger API. A tenant user creates and sees only its own tenant's triggers (the tenant comes from its
 * identity); a host admin sees every tenant's, creates a trigger for a tenant it names in the body, and alone may
 * mark one exempt from maintenance. Another tenant's trigger answers 404, as if it did not exist.
 */
@RestController
@RequestMapping(path = "/api/triggers", produces = MediaType.APPLICATION_JSON_VALUE)
public class TriggerController {

    private static final int MAX_INPUT_CHARS = 64 * 1024;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final TriggerService triggers;
    private final Backfill backfill;
    private final Clock clock;

    public TriggerController(TriggerService triggers, Backfill backfill, Clock clock) {
        this.triggers = triggers;
        this.backfill = backfill;
        this.clock = clock;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<TriggerView>> create(@RequestBody(required = false) CreateTriggerRequest request) {
        return Caller.current().flatMap(caller -> {
            if (request == null) {
                throw new IllegalArgumentException("the body is required: {\"name\": \"...\", \"processName\": "
                        + "\"...\", \"type\": \"CRON|ONCE|INTERVAL\", ...}");
            }
            String tenant = tenantOf(caller, request);
            String input = request.inputArguments() == null ? null : JSON.writeValueAsString(request.inputArguments());
            if (input != null && input.length() > MAX_INPUT_CHARS) {
                throw new IllegalArgumentException("inputArguments is " + input.length()
                        + " characters of JSON; at most " + MAX_INPUT_CHARS + " are accepted");
            }
            TriggerDefinition definition = TriggerDefinition.of(request.name(), request.processName(),
                    request.robotId(), input, request.type(), request.cron(), request.at(), request.intervalSeconds(),
                    request.timeZone(), request.misfirePolicy(), request.exempt(), clock.instant());
            return triggers.create(tenant, definition);
        }).map(t -> ResponseEntity.created(URI.create("/api/triggers/" + t.id())).body(TriggerView.of(t)));
    }

    @GetMapping
    public Flux<TriggerView> list(@RequestParam(required = false) String tenantId,
            @RequestParam(required = false, defaultValue = "1000") int limit) {
        if (limit < 1 || limit > 10_000) {
            throw new IllegalArgumentException("limit must be from 1 to 10000, got " + limit);
        }
        return Caller.current().flatMapMany(caller -> triggers.list(caller.hostAdmin()
                ? (tenantId == null || tenantId.isBlank() ? null : Scope.tenant(tenantId.trim()).tenantId())
                : scope(caller), limit)).map(TriggerView::of);
    }

    @GetMapping("/{id}")
    public Mono<TriggerView> get(@PathVariable String id) {
        UUID triggerId = triggerId(id);
        return Caller.current().flatMap(caller -> triggers.find(triggerId, scope(caller))).map(TriggerView::of)
                .switchIfEmpty(Mono.error(() -> notFound(id)));
    }

    @DeleteMapping("/{id}")
    public Mono<ResponseEntity<Void>> delete(@PathVariable String id) {
        UUID triggerId = triggerId(id);
        return Caller.current().flatMap(caller -> triggers.delete(triggerId, scope(caller)))
                .flatMap(deleted -> deleted ? Mono.just(ResponseEntity.noContent().<Void>build())
                        : Mono.error(notFound(id)));
    }

    @PostMapping("/{id}/enable")
    public Mono<TriggerView> enable(@PathVariable String id) {
        return setEnabled(id, true);
    }

    @PostMapping("/{id}/disable")
    public Mono<TriggerView> disable(@PathVariable String id) {
        return setEnabled(id, false);
    }

    @GetMapping("/{id}/executions")
    public Mono<List<ExecutionView>> executions(@PathVariable String id,
            @RequestParam(required = false, defaultValue = "1000") int limit) {
        if (limit < 1 || limit > 10_000) {
            throw new IllegalArgumentException("limit must be from 1 to 10000, got " + limit);
        }
        UUID triggerId = triggerId(id);
        return Caller.current().flatMap(caller -> triggers.executions(triggerId, scope(caller), limit))
                .map(list -> list.stream().map(ExecutionView::of).toList())
                .switchIfEmpty(Mono.error(() -> notFound(id)));
    }

    @PostMapping("/{id}/backfill")
    public Mono<BackfillView> backfill(@PathVariable String id, @RequestParam(required = false) String windowId) {
        UUID triggerId = triggerId(id);
        if (windowId == null || windowId.isBlank()) {
            throw new IllegalArgumentException("windowId is required: the maintenance window whose skipped "
                    + "executions are to run");
        }
        return Caller.current().flatMap(caller -> backfill.backfill(triggerId, scope(caller), windowId.trim()))
                .map(run -> new BackfillView(id, windowId.trim(), run.stream().map(ExecutionView::of).toList()))
                .switchIfEmpty(Mono.error(() -> notFound(id)));
    }

    private Mono<TriggerView> setEnabled(String id, boolean enabled) {
        UUID triggerId = triggerId(id);
        return Caller.current().flatMap(caller -> triggers.setEnabled(triggerId, scope(caller), enabled))
                .map(TriggerView::of).switchIfEmpty(Mono.error(() -> notFound(id)));
    }

    /** The tenant a new trigger belongs to; refuses what the caller may not do. */
    private static String tenantOf(Caller caller, CreateTriggerRequest request) {
        boolean named = request.tenantId() != null && !request.tenantId().isBlank();
        if (caller.hostAdmin()) {
            if (!named) {
                throw new IllegalArgumentException("tenantId is required from a host admin: a trigger belongs to a "
                        + "tenant");
            }
            return Scope.tenant(request.tenantId().trim()).tenantId();
        }
        if (caller.tenantId() == null) {
            throw ApiProblemException.of(HttpStatus.FORBIDDEN, "forbidden",
                    "A trigger belongs to a tenant: create it as a user of that tenant.");
        }
        if (Boolean.TRUE.equals(request.exempt())) {
            throw ApiProblemException.of(HttpStatus.FORBIDDEN, "forbidden",
                    "Only a host admin may mark a trigger exempt from maintenance.");
        }
        if (named && !request.tenantId().trim().equals(caller.tenantId())) {
            throw ApiProblemException.of(HttpStatus.FORBIDDEN, "forbidden",
                    "A tenant user creates triggers of its own tenant only.");
        }
        return caller.tenantId();
    }

    /** The tenant the caller sees: {@code null} (every tenant) for a host admin; none for a caller without one. */
    private static String scope(Caller caller) {
        if (caller.hostAdmin()) {
            return null;
        }
        return caller.tenantId() == null ? "" : caller.tenantId();
    }

    private static ApiProblemException notFound(String id) {
        return ApiProblemException.of(HttpStatus.NOT_FOUND, "not-found", "No trigger " + id + " in your tenant.");
    }

    private static UUID triggerId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + id + "' is not a trigger id: trigger ids are UUIDs");
        }
    }
}
