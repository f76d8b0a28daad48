package org.jobplatform.agent;

import java.util.Objects;

/**
 * What a robot authenticates with (HTTP Basic {@code robotId:secret}); the gateway shows the secret only once.
 *
 * @param robotId the robot's id, its Basic user name
 * @param secret  its secret, its Basic password
 */
public record RobotCredentials(String robotId, String secret) {

    public RobotCredentials {
        Objects.requireNonNull(robotId, "robotId");
        Objects.requireNonNull(secret, "secret");
        if (robotId.isBlank() || robotId.indexOf(':') >= 0) {
            throw new IllegalArgumentException("robotId must be a non-blank Basic user name without ':'");
        }
    }

    /** Keeps the secret out of logs. */
    @Override
    public String toString() {
        return "RobotCredentials[robotId=" + robotId + ", secret=***]";
    }
}
