package org.jobplatform.scheduler.firing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.jobplatform.contracts.CloudEventHeaders;
import org.jobplatform.contracts.EventTypes;
import org.jobplatform.scheduler.executions.Execution;
import org.jobplatform.scheduler.executions.ExecutionEvents;
import org.jobplatform.scheduler.triggers.Trigger;
import org.jobplatform.starter.messaging.EventCodec;
import org.jobplatform.starter.outbox.Outbox;

/**
 * A prepared execution's job request, encoded when it is prepared: at the decision only its time is missing. Its
 * JSON is kept in two parts around the value of {@code requestedAt}, so a record costs a copy of bytes at the time,
 * not an encoding: thousands of them are handed to the producer within milliseconds.
 */
final class PreparedRequest {

    /** The time written in place of the decision's while preparing; found again to split the JSON. */
    private static final Instant MARK = Instant.EPOCH;

    private final String topic;
    private final String key;
    /** The CloudEvent headers, the time's as written while preparing. */
    private final Header[] headers;
    private final int timeHeader;
    private final byte[] head;
    private final byte[] tail;

    private PreparedRequest(Outbox.Entry entry, String source, byte[] head, byte[] tail) {
        this.topic = entry.topic();
        this.key = entry.key();
        this.headers = EventCodec.toRecord(topic, key, UUID.randomUUID().toString(),
                EventTypes.of(entry.event().getClass()), source, entry.subject(), MARK, new byte[0]).headers()
                .toArray();
        int time = -1;
        for (int i = 0; i < headers.length; i++) {
            if (headers[i].key().equals(CloudEventHeaders.TIME)) {
                time = i;
            }
        }
        this.timeHeader = time;
        this.head = head;
        this.tail = tail;
    }

    /** The {@code ce_time} header of a decision at {@code decidedAt}: one for every request of the slot. */
    static Header timeHeader(Instant decidedAt) {
        return new RecordHeader(CloudEventHeaders.TIME, decidedAt.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Encodes the request the execution fires with (see {@link ExecutionEvents#requested}), but for its time. */
    static PreparedRequest of(Trigger trigger, Execution planned, EventCodec codec) {
        Outbox.Entry entry = ExecutionEvents.requested(trigger, planned, MARK);
        byte[] json = codec.toJson(entry.event());
        byte[] field = codec.toJson(Map.of("requestedAt", MARK));
        // {"requestedAt":"1970-01-01T00:00:00Z"} without its braces: a name and a value, both quoted, which inside
        // a string (the input arguments) would be escaped, so this occurs once
        byte[] marked = Arrays.copyOfRange(field, 1, field.length - 1);
        int at = indexOf(json, marked);
        if (at < 0) {
            throw new IllegalStateException("the job request's JSON has no requestedAt to fill in");
        }
        int valueAt = at + marked.length - (codec.toJson(MARK).length);
        return new PreparedRequest(entry, codec.source(), Arrays.copyOfRange(json, 0, valueAt),
                Arrays.copyOfRange(json, at + marked.length, json.length));
    }

    /**
     * The CloudEvent record of this request decided at a time whose JSON value ({@code codec.toJson} of the instant)
     * is {@code decidedAtJson} and whose {@link #timeHeader} is {@code time}: the same record
     * {@link ExecutionEvents#requested} would give.
     */
    ProducerRecord<String, byte[]> record(byte[] decidedAtJson, Header time) {
        byte[] data = new byte[head.length + decidedAtJson.length + tail.length];
        System.arraycopy(head, 0, data, 0, head.length);
        System.arraycopy(decidedAtJson, 0, data, head.length, decidedAtJson.length);
        System.arraycopy(tail, 0, data, head.length + decidedAtJson.length, tail.length);
        Header[] stamped = headers.clone();
        stamped[timeHeader] = time;
        return new ProducerRecord<>(topic, null, null, key, data, Arrays.asList(stamped));
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
