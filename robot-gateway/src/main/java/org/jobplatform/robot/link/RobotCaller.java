package org.jobplatform.robot.link;

import org.jobplatform.starter.security.Caller;
import org.jobplatform.starter.web.ApiProblemException;
import org.springframework.http.HttpStatus;

import reactor.core.publisher.Mono;

/** The robot calling the robot API; people are refused. */
final class RobotCaller {

    /** The calling robot (its name is the robot id, its tenant the robot's), or a 403 for anyone else. */
    static Mono<Caller> current() {
        return Caller.isRobot().flatMap(robot -> {
            if (!robot) {
                return Mono.error(ApiProblemException.of(HttpStatus.FORBIDDEN, "forbidden",
                        "Only robots call the robot API: authenticate with robotId:secret."));
            }
            return Caller.current();
        });
    }

    private RobotCaller() {
    }
}
