package org.jobplatform.agent;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The gateway's answer to one call, classified once so every caller treats a status the same way.
 *
 * @param status          the HTTP status
 * @param body            the body as text (a problem document on errors)
 * @param retryAfter      the {@code Retry-After} as a duration, or {@code null} if absent or unreadable
 * @param receivedAtNanos {@link System#nanoTime()} when the answer was read, to time command delivery
 */
record Reply(int status, String body, Duration retryAfter, long receivedAtNanos) {

    static Reply of(int status, String body, HttpHeaders headers) {
        return new Reply(status, body, headers.firstValue("Retry-After").map(Reply::parseRetryAfter).orElse(null),
                System.nanoTime());
    }

    boolean ok() {
        return status >= 200 && status < 300;
    }

    /** 503, or 429: nothing was accepted, come back after {@code Retry-After}. */
    boolean unavailable() {
        return status == 503 || status == 429;
    }

    /** Bad credentials or a robot the gateway does not know: retrying soon will not help, giving up loses data. */
    boolean credentialsRefused() {
        return status == 401 || status == 403;
    }

    /** Worth retrying with backoff: a server error or a timeout on the server's side. */
    boolean retryable() {
        return status >= 500 || status == 408;
    }

    /** The request itself is wrong: sending it again would be refused again. */
    boolean rejected() {
        return !ok() && !unavailable() && !credentialsRefused() && !retryable();
    }

    /** Seconds, or an HTTP date (RFC 9110); {@code null} when neither. */
    static Duration parseRetryAfter(String value) {
        String text = value.trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(text)));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration wait = Duration.between(Instant.now(), at);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }
}
