package org.jobplatform.robot.link;

import java.util.List;

import org.jobplatform.starter.security.Caller;
import org.jobplatform.starter.web.ApiProblemException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Mono;

/** Robot heartbeats: a robot reports the jobs it runs and gets its commands. */
@RestController
@RequestMapping(path = "/api/robot", produces = MediaType.APPLICATION_JSON_VALUE)
public class RobotLinkController {

    /** How long a robot waits before its next heartbeat when it has no command. */
    static final long POLL_AFTER_MS = 5000;

    /**
     * A heartbeat's body.
     *
     * @param runningJobIds the jobs the robot runs
     */
    public record Heartbeat(List<String> runningJobIds) {
    }

    /**
     * A heartbeat's answer.
     *
     * @param commands    commands for the robot
     * @param pollAfterMs when to call again
     */
    public record HeartbeatAnswer(List<Object> commands, long pollAfterMs) {
    }

    @PostMapping(path = "/heartbeat", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<HeartbeatAnswer> heartbeat(@RequestBody(required = false) Heartbeat heartbeat) {
        return Caller.isRobot().map(robot -> {
            if (!robot) {
                throw ApiProblemException.of(HttpStatus.FORBIDDEN, "forbidden",
                        "Only robots call the robot API: authenticate with robotId:secret.");
            }
            return new HeartbeatAnswer(List.of(), POLL_AFTER_MS);
        });
    }
}
