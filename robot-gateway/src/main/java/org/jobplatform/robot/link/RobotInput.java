package org.jobplatform.robot.link;

import java.util.UUID;

/** Checks of what robots send; a failure is an {@link IllegalArgumentException}, answered 400 with its message. */
final class RobotInput {

    /** The value as a canonical UUID; {@code what} names the field in the message. */
    static String uuid(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " is required");
        }
        try {
            return UUID.fromString(value).toString();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " '" + value + "' is not a UUID");
        }
    }

    /** The text, or {@code null} when blank and not required; at most {@code max} characters. */
    static String text(String value, String what, int max, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                throw new IllegalArgumentException(what + " is required");
            }
            return null;
        }
        if (value.length() > max) {
            throw new IllegalArgumentException(what + " is " + value.length() + " characters long; at most " + max
                    + " are accepted");
        }
        return value;
    }

    private RobotInput() {
    }
}
