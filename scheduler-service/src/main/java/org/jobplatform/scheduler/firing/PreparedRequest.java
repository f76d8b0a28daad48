package org.jobplatform.scheduler.firing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

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

    private PreparedRequest(Outbox.Entry entry, Header[] headers, byte[] head, byte[] tail) {
        this.topic = entry.topic();
        this.key = entry.key();
        this.headers = headers;
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

    /**
     * Encodes prepared requests with one codec. What is the same for every request is worked out once: where the
     * placeholder's {@code requestedAt} stands in the JSON, and the CloudEvent headers whose values do not change
     * from one request to the next (kept once, shared by every request held).
     */
    static final class Encoder {

        /** Headers whose value is the same for every job request of this service. */
        private static final Set<String> CONSTANT_HEADERS = Set.of(CloudEventHeaders.SPEC_VERSION,
                CloudEventHeaders.TYPE, CloudEventHeaders.SOURCE, CloudEventHeaders.CONTENT_TYPE);

        private final EventCodec codec;
        /** {@code "requestedAt":"1970-01-01T00:00:00Z"}: the placeholder field, name and value. */
        private final byte[] marked;
        private final int valueLength;
        private final Map<String, Header> shared = new ConcurrentHashMap<>();

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
            Outbox.Entry entry = ExecutionEvents.requested(trigger, planned, MARK);
            byte[] json = codec.toJson(entry.event());
            int at = indexOf(json, marked);
            if (at < 0) {
                throw new IllegalStateException("the job request's JSON has no requestedAt to fill in");
            }
            int valueAt = at + marked.length - valueLength;
            Header[] headers = EventCodec.toRecord(entry.topic(), entry.key(), UUID.randomUUID().toString(),
                    EventTypes.of(entry.event().getClass()), codec.source(), entry.subject(), MARK, new byte[0])
                    .headers().toArray();
            for (int i = 0; i < headers.length; i++) {
                if (CONSTANT_HEADERS.contains(headers[i].key())) {
                    headers[i] = share(headers[i]);
                }
            }
            return new PreparedRequest(entry, headers, Arrays.copyOfRange(json, 0, valueAt),
                    Arrays.copyOfRange(json, at + marked.length, json.length));
        }

        private Header share(Header header) {
            Header kept = shared.putIfAbsent(header.key(), header);
            return kept != null && Arrays.equals(kept.value(), header.value()) ? kept : header;
        }
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
