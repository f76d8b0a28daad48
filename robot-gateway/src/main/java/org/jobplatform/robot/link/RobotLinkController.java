package org.jobplatform.robot.link;

import java.net.URI;

import org.jobplatform.robot.commands.CommandRelay;
import org.jobplatform.robot.commands.EventStreamEncoder;
import org.jobplatform.starter.web.ApiProblemException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Robot heartbeats and commands: a robot reports the jobs it runs and gets the commands waiting for it, or keeps an
 * event stream open and gets each command the moment the gateway reads it. A robot only ever gets its own
 * commands, chosen by the identity it authenticated with.
 */
@RestController
@RequestMapping("/api/robot")
public class RobotLinkController {

    private final CommandRelay relay;
    private final EventStreamEncoder encoder;
    private final Heartbeats heartbeats;
    private final Counter viaChain;

    public RobotLinkController(CommandRelay relay, Heartbeats heartbeats, JsonMapper json, MeterRegistry registry) {
        this.relay = relay;
        this.encoder = new EventStreamEncoder(json);
        this.heartbeats = heartbeats;
        this.viaChain = CachedRobotsFilter.heartbeatsCounter(registry, "security-chain");
    }

    /**
     * The heartbeat of a robot authenticated by the security chain (its credentials were not cached, or the call is
     * not one {@link CachedRobotsFilter} takes): published for job-service's reconciliation, then answered with the
     * robot's commands.
     */
    @PostMapping(path = "/heartbeat", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Heartbeats.HeartbeatAnswer> heartbeat(@RequestBody(required = false) Heartbeats.Heartbeat heartbeat) {
        return RobotCaller.current().flatMap(robot -> {
            viaChain.increment();
            return heartbeats.accept(robot.name(), robot.tenantId(), heartbeat);
        });
    }

    /**
     * The robot's commands as server-sent events ({@code id} the command id, {@code event: command}). The commands
     * ready at one moment are written and flushed together.
     */
    @GetMapping(path = "/commands", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public Mono<Void> commands(ServerWebExchange exchange) {
        return RobotCaller.current().flatMap(robot -> {
            ServerHttpResponse response = exchange.getResponse();
            response.getHeaders().setContentType(MediaType.TEXT_EVENT_STREAM);
            return response.writeAndFlushWith(relay.stream(robot.name(), robot.tenantId())
                    .map(events -> Mono.just(response.bufferFactory().wrap(encoder.encode(events)))));
        });
    }

    /**
     * A refusal as problem+json even to a client that accepts only {@code text/event-stream}: content negotiation
     * would otherwise write the problem as an event.
     */
    @ExceptionHandler(ApiProblemException.class)
    ResponseEntity<ProblemDetail> refused(ApiProblemException e, ServerWebExchange exchange) {
        ProblemDetail problem = e.problem();
        problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
