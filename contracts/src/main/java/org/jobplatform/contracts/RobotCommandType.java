package org.jobplatform.contracts;

/** What a command asks a robot to do with a job. */
public enum RobotCommandType {
    /** Start the job. */
    START,
    /** Stop the job gracefully, at the next safe point, and report STOPPED. */
    STOP,
    /** Stop the job at once and report KILLED. */
    KILL;

    /** Parses case-insensitively; throws {@link IllegalArgumentException} naming the accepted values. */
    public static RobotCommandType parse(String value) {
        return Enums.parse(RobotCommandType.class, value, "command type");
    }
}
