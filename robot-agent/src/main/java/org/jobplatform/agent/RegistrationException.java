package org.jobplatform.agent;

/** Robots could not be registered with the gateway, or the saved ones could not be read or written. */
public class RegistrationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RegistrationException(String message) {
        super(message);
    }

    public RegistrationException(String message, Throwable cause) {
        super(message, cause);
    }
}
