package org.jobplatform.audit.event;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

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

    /** Every header as text, in order (the last value of a repeated name). */
    public Map<String, String> headerTexts() {
        Map<String, String> texts = new LinkedHashMap<>();
        for (Header header : headers) {
            texts.put(header.key(), header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8));
        }
        return texts;
    }

    /** {@code topic-partition@offset}, for messages. */
    public String coordinates() {
        return topic + "-" + partition + "@" + offset;
    }
}
