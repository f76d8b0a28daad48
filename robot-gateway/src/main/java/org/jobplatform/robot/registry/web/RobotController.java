package org.jobplatform.robot.registry.web;

import java.net.URI;
import java.util.regex.Pattern;

import org.jobplatform.robot.registry.Robot;
import org.jobplatform.robot.registry.RobotNameTakenException;
import org.jobplatform.robot.registry.RobotRegistry;
import org.jobplatform.starter.security.Caller;
import org.jobplatform.starter.web.ApiProblemException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Tenant users register and list their robots; robots themselves may not. */
@RestController
@RequestMapping(path = "/api/robots", produces = MediaType.APPLICATION_JSON_VALUE)
public class RobotController {

    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} ._-]{0,99}");

    private final RobotRegistry registry;

    public RobotController(RobotRegistry registry) {
        this.registry = registry;
    }

    /**
     * The body of {@code POST /api/robots}.
     *
     * @param name the robot's name, unique in the tenant
     */
    public record RegisterRobotRequest(String name) {
    }

    /**
     * A registration's answer: the only time the secret is shown.
     *
     * @param robotId  the robot's id, its Basic user name
     * @param tenantId its tenant
     * @param name     its name
     * @param secret   its secret, its Basic password
     */
    public record RegisteredRobot(String robotId, String tenantId, String name, String secret) {
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<RegisteredRobot>> register(@RequestBody(required = false) RegisterRobotRequest request) {
        return person().flatMap(caller -> {
            if (caller.tenantId() == null) {
                throw ApiProblemException.of(HttpStatus.FORBIDDEN, "forbidden",
                        "A robot belongs to a tenant: register it as a user of that tenant.");
            }
            if (request == null || request.name() == null || request.name().isBlank()) {
                throw new IllegalArgumentException("name is required: {\"name\": \"...\"}");
            }
            if (!NAME.matcher(request.name()).matches()) {
                throw new IllegalArgumentException("name '" + request.name() + "' is not valid: use 1 to 100 letters, "
                        + "digits, spaces or . _ -, starting with a letter or digit");
            }
            return registry.register(caller.tenantId(), request.name());
        }).map(r -> ResponseEntity.created(URI.create("/api/robots/" + r.robot().robotId()))
                .body(new RegisteredRobot(r.robot().robotId(), r.robot().tenantId(), r.robot().name(), r.secret())));
    }

    @GetMapping
    public Flux<Robot> list() {
        return person().flatMapMany(caller -> registry.list(caller.hostAdmin() ? null : caller.tenantId()));
    }

    @ExceptionHandler(RobotNameTakenException.class)
    ProblemDetail nameTaken(RobotNameTakenException e) {
        return ApiProblemException.of(HttpStatus.CONFLICT, "conflict", e.getMessage()).problem();
    }

    private static Mono<Caller> person() {
        return Caller.isRobot().flatMap(robot -> {
            if (robot) {
                return Mono.error(ApiProblemException.of(HttpStatus.FORBIDDEN, "forbidden",
                        "Robots may not manage the registry."));
            }
            return Caller.current();
        });
    }
}
