package org.jobplatform.audit.event;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * A record as Kafka had it: its coordinates, key, headers (as text) and payload.
 *
 * @param topic     the topic
 * @param partition the partition
 * @param offset    the offset
 * @param key       the key, or {@code null}
 * @param headers   the headers by name, in order (the last value of a repeated name)
 * @param payload   the value, or {@code null}
 */
public record RawEvent(String topic, int partition, long offset, String key, Map<String, String> headers,
        byte[] payload) {

    /** A record as Kafka clients hand it over; a key or value in bytes is read as UTF-8 text or taken as is. */
    public static RawEvent of(ConsumerRecord<?, ?> record) {
        Map<String, String> headers = new LinkedHashMap<>(8);
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8));
        }
        Object key = record.key();
        return new RawEvent(record.topic(), record.partition(), record.offset(),
                key instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8)
                        : key == null ? null : key.toString(),
                headers, record.value() instanceof byte[] value ? value : null);
    }

    /** A header's value, or {@code null}. */
    public String header(String name) {
        return headers.get(name);
    }

    /** {@code topic-partition@offset}, for messages. */
    public String coordinates() {
        return topic + "-" + partition + "@" + offset;
    }
}
