package org.jobplatform.robot.link;

import java.util.List;

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
        return RobotCaller.current().map(robot -> new HeartbeatAnswer(List.of(), POLL_AFTER_MS));
    }
}
