package org.jobplatform.audit.event;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.jobplatform.contracts.CloudEventHeaders;

/**
 * A record as Kafka had it: its coordinates, key, headers and payload. Headers stay bytes until one is asked for: a
 * replay reads three of each record's seven.
 *
 * @param topic     the topic
 * @param partition the partition
 * @param offset    the offset
 * @param key       the key, or {@code null}
 * @param headers   the headers
 * @param payload   the value, or {@code null}
 */
public record RawEvent(String topic, int partition, long offset, String key, Headers headers, byte[] payload) {

    /** A record as Kafka clients hand it over; a key in bytes is read as UTF-8 text. */
    public static RawEvent of(ConsumerRecord<?, ?> record) {
        Object key = record.key();
        return new RawEvent(record.topic(), record.partition(), record.offset(),
                key instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8)
                        : key == null ? null : key.toString(),
                record.headers(), record.value() instanceof byte[] value ? value : null);
    }

    /** A header's value (the last of a repeated name) as text, or {@code null}. */
    public String header(String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /**
     * Every header as text, in order (the last value of a repeated name), as PostgreSQL can hold it: bytes that are
     * not UTF-8 and NUL characters become U+FFFD.
     */
    public Map<String, String> headerTexts() {
        Map<String, String> texts = new LinkedHashMap<>();
        for (Header header : headers) {
            texts.put(storable(header.key()), header.value() == null ? ""
                    : storable(new String(header.value(), StandardCharsets.UTF_8)));
        }
        return texts;
    }

    /** The key as PostgreSQL can hold it (NUL characters become U+FFFD), or {@code null}. */
    public String storableKey() {
        return key == null ? null : storable(key);
    }

    /** {@code ce_time} as an instant, or {@code null} when it is missing or not an ISO-8601 instant. */
    public Instant time() {
        String value = header(CloudEventHeaders.TIME);
        if (value == null) {
            return null;
        }
        try {
            return Instants.parse(value);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static String storable(String text) {
        return text.indexOf('\u0000') < 0 ? text : text.replace('\u0000', '\uFFFD');
    }

    /** {@code topic-partition@offset}, for messages. */
    public String coordinates() {
        return topic + "-" + partition + "@" + offset;
    }
}
