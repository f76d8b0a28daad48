package org.jobplatform.robot.link;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jobplatform.contracts.RobotHeartbeatReceived;
import org.jobplatform.contracts.Topics;
import org.jobplatform.robot.commands.CommandRelay;
import org.jobplatform.robot.commands.RobotCommand;
import org.jobplatform.robot.commands.RobotLinkProperties;
import org.jobplatform.starter.messaging.EventCodec;
import org.jobplatform.starter.messaging.EventProducer;
import org.jobplatform.starter.security.Caller;
import org.jobplatform.starter.web.ApiProblemException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Robot heartbeats and commands: a robot reports the jobs it runs and gets the commands waiting for it, or keeps an
 * event stream open and gets each command the moment the gateway reads it. A robot only ever gets its own
 * commands, chosen by the identity it authenticated with.
 */
@RestController
@RequestMapping("/api/robot")
public class RobotLinkController {

    /** The largest capacity a robot may report. */
    static final int MAX_CAPACITY = 1000;
    /** Job ids a heartbeat may list: a robot runs at most its capacity. */
    static final int MAX_RUNNING = MAX_CAPACITY;

    private final CommandRelay relay;
    private final EventProducer producer;
    private final EventCodec codec;
    private final long pollAfterMs;

    public RobotLinkController(CommandRelay relay, EventProducer producer, EventCodec codec,
            RobotLinkProperties properties) {
        this.relay = relay;
        this.producer = producer;
        this.codec = codec;
        this.pollAfterMs = properties.heartbeat().pollAfter().toMillis();
    }

    /**
     * A heartbeat's body.
     *
     * @param runningJobIds the jobs the robot runs, an empty list for none
     * @param capacity      how many jobs it runs at once, 1 when absent
     */
    public record Heartbeat(List<String> runningJobIds, Integer capacity) {
    }

    /**
     * A heartbeat's answer.
     *
     * @param commands    the commands waiting for the robot, each given once
     * @param pollAfterMs when to call again
     */
    public record HeartbeatAnswer(List<RobotCommand> commands, long pollAfterMs) {
    }

    /**
     * Publishes the heartbeat for job-service's reconciliation and answers with the robot's commands once the
     * broker has it: a robot whose heartbeat failed keeps its commands queued here for the next one.
     */
    @PostMapping(path = "/heartbeat", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<HeartbeatAnswer> heartbeat(@RequestBody(required = false) Heartbeat heartbeat) {
        return RobotCaller.current().flatMap(robot -> {
            RobotHeartbeatReceived event = received(robot, heartbeat);
            return Mono.fromFuture(producer.send(codec.toRecord(Topics.ROBOT_REPORTS, robot.name(), event,
                    robot.name())))
                    .then(Mono.fromSupplier(() -> new HeartbeatAnswer(relay.take(robot.name()), pollAfterMs)));
        });
    }

    /** The robot's commands as server-sent events ({@code id} the command id, {@code event: command}). */
    @GetMapping(path = "/commands", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public Flux<ServerSentEvent<RobotCommand>> commands() {
        return RobotCaller.current().flatMapMany(robot -> relay.stream(robot.name(), robot.tenantId()));
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

    private static RobotHeartbeatReceived received(Caller robot, Heartbeat heartbeat) {
        if (heartbeat == null || heartbeat.runningJobIds() == null) {
            throw new IllegalArgumentException("runningJobIds is required, an empty list when no job runs: "
                    + "{\"runningJobIds\": [], \"capacity\": 1}");
        }
        List<String> listed = heartbeat.runningJobIds();
        if (listed.size() > MAX_RUNNING) {
            throw new IllegalArgumentException("runningJobIds lists " + listed.size() + " jobs; at most "
                    + MAX_RUNNING + " are accepted");
        }
        List<String> running = new ArrayList<>(listed.size());
        for (int i = 0; i < listed.size(); i++) {
            running.add(RobotInput.uuid(listed.get(i), "runningJobIds[" + i + "]"));
        }
        int capacity = heartbeat.capacity() == null ? 1 : heartbeat.capacity();
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("capacity is " + capacity + "; it must be 1 to " + MAX_CAPACITY);
        }
        return new RobotHeartbeatReceived(robot.name(), robot.tenantId(), List.copyOf(running), capacity,
                Instant.now());
    }
}
