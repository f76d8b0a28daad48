package org.jobplatform.starter.messaging;

/** An event that can never be processed (unknown type, malformed data): it belongs on a dead-letter topic. */
public class UndecodableEventException extends RuntimeException {

    public UndecodableEventException(String message) {
        super(message);
    }

    public UndecodableEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
