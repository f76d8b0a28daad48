package org.jobplatform.robot.registry;

/** A robot name already used in the tenant (answered 409). */
public class RobotNameTakenException extends RuntimeException {

    public RobotNameTakenException(String message) {
        super(message);
    }
}
