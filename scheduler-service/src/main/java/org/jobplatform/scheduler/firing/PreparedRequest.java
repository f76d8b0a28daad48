package org.jobplatform.scheduler.firing;

import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

import org.jobplatform.scheduler.executions.Execution;
import org.jobplatform.scheduler.executions.ExecutionEvents;
import org.jobplatform.scheduler.triggers.Trigger;
import org.jobplatform.starter.messaging.EventCodec;

/**
 * A prepared execution's job request, encoded when it is prepared: at the decision only its time is missing. Its
 * JSON is kept in two parts around the value of {@code requestedAt}, so writing it into a {@link RequestBatch} costs
 * a copy of bytes at the time, not an encoding: thousands of them are sent within milliseconds.
 */
final class PreparedRequest {

    /** The time written in place of the decision's while preparing; found again to split the JSON. */
    private static final Instant MARK = Instant.EPOCH;

    private final String tenantId;
    private final byte[] head;
    private final byte[] tail;

    private PreparedRequest(String tenantId, byte[] head, byte[] tail) {
        this.tenantId = tenantId;
        this.head = head;
        this.tail = tail;
    }

    /** The request's tenant: the key of the record it is sent in. */
    String tenantId() {
        return tenantId;
    }

    /** The length of the request's JSON with a time whose JSON value is {@code timeLength} bytes long. */
    int length(int timeLength) {
        return head.length + timeLength + tail.length;
    }

    /**
     * Writes the request's JSON decided at the time whose JSON value ({@code codec.toJson} of the instant) is
     * {@code decidedAtJson} into {@code buffer} at {@code offset}, which has room for {@link #length}; returns the
     * offset after it. The JSON is the one {@link ExecutionEvents#requested} gives.
     */
    int writeTo(byte[] buffer, int offset, byte[] decidedAtJson) {
        System.arraycopy(head, 0, buffer, offset, head.length);
        System.arraycopy(decidedAtJson, 0, buffer, offset + head.length, decidedAtJson.length);
        System.arraycopy(tail, 0, buffer, offset + head.length + decidedAtJson.length, tail.length);
        return offset + head.length + decidedAtJson.length + tail.length;
    }

    /** Encodes prepared requests with one codec; where the placeholder stands in the JSON is worked out once. */
    static final class Encoder {

        private final EventCodec codec;
        /** {@code "requestedAt":"1970-01-01T00:00:00Z"}: the placeholder field, name and value. */
        private final byte[] marked;
        private final int valueLength;

        Encoder(EventCodec codec) {
            this.codec = codec;
            byte[] field = codec.toJson(Map.of("requestedAt", MARK));
            // without its braces: a name and a value, both quoted, which inside a string (the input arguments) would
            // be escaped, so this occurs once in a request's JSON
            this.marked = Arrays.copyOfRange(field, 1, field.length - 1);
            this.valueLength = codec.toJson(MARK).length;
        }

        /** Encodes the request the execution fires with (see {@link ExecutionEvents#requested}), but for its time. */
        PreparedRequest encode(Trigger trigger, Execution planned) {
            byte[] json = codec.toJson(ExecutionEvents.requested(trigger, planned, MARK).event());
            int at = indexOf(json, marked);
            if (at < 0) {
                throw new IllegalStateException("the job request's JSON has no requestedAt to fill in");
            }
            int valueAt = at + marked.length - valueLength;
            return new PreparedRequest(trigger.tenantId(), Arrays.copyOfRange(json, 0, valueAt),
                    Arrays.copyOfRange(json, at + marked.length, json.length));
        }
    }

    private static int indexOf(byte[] bytes, byte[] part) {
        outer:
        for (int i = 0; i <= bytes.length - part.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (bytes[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
