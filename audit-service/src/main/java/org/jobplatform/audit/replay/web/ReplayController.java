package org.jobplatform.audit.replay.web;

import java.net.URI;
import java.util.Set;
import java.util.UUID;

import org.jobplatform.audit.logs.web.QueryParameters;
import org.jobplatform.audit.replay.ReplayReport;
import org.jobplatform.audit.replay.ReplayRunningException;
import org.jobplatform.audit.replay.ReplayService;
import org.jobplatform.starter.security.Caller;
import org.jobplatform.starter.web.ApiProblemException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

/**
 * The replay API, for host admins only: {@code POST} starts a replay and answers 202 with its report and its
 * {@code Location}; {@code GET} answers the latest replay's report, {@code GET /{id}} a given one's. A second
 * {@code POST} while a replay is unfinished answers 409 naming it.
 */
@RestController
@RequestMapping(path = "/api/admin/audit/replay", produces = MediaType.APPLICATION_JSON_VALUE)
public class ReplayController {

    private final ReplayService replays;

    public ReplayController(ReplayService replays) {
        this.replays = replays;
    }

    @PostMapping
    public Mono<ResponseEntity<ReplayReport>> start(ServerWebExchange exchange) {
        QueryParameters.check(exchange.getRequest().getQueryParams(), Set.of());
        return hostAdmin().flatMap(caller -> replays.start(caller.name()))
                .map(report -> ResponseEntity.accepted()
                        .location(URI.create("/api/admin/audit/replay/" + report.id())).body(report));
    }

    @GetMapping
    public Mono<ReplayReport> latest(ServerWebExchange exchange) {
        QueryParameters.check(exchange.getRequest().getQueryParams(), Set.of());
        return hostAdmin().flatMap(caller -> replays.latest())
                .switchIfEmpty(Mono.error(() -> ApiProblemException.of(HttpStatus.NOT_FOUND, "not-found",
                        "No replay has been run yet.")));
    }

    @GetMapping("/{id}")
    public Mono<ReplayReport> one(@PathVariable String id, ServerWebExchange exchange) {
        QueryParameters.check(exchange.getRequest().getQueryParams(), Set.of());
        UUID replayId;
        try {
            replayId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + id + "' is not a replay id: replay ids are UUIDs");
        }
        return hostAdmin().flatMap(caller -> replays.find(replayId))
                .switchIfEmpty(Mono.error(() -> ApiProblemException.of(HttpStatus.NOT_FOUND, "not-found",
                        "No replay " + id + ".")));
    }

    @ExceptionHandler(ReplayRunningException.class)
    ProblemDetail running(ReplayRunningException e) {
        return ApiProblemException.of(HttpStatus.CONFLICT, "replay-running", e.getMessage())
                .with("replayId", e.running().id()).with("state", e.running().state()).problem();
    }

    private static Mono<Caller> hostAdmin() {
        return Caller.current().map(caller -> {
            if (!caller.hostAdmin()) {
                throw ApiProblemException.of(HttpStatus.FORBIDDEN, "forbidden",
                        "Replaying the audit is for host admins.");
            }
            return caller;
        });
    }
}
