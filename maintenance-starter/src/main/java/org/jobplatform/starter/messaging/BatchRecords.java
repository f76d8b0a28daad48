package org.jobplatform.starter.messaging;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jobplatform.contracts.CloudEventHeaders;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;

/**
 * A batch of records as the Kafka binder delivers it to a batch-mode function with native decoding: the payloads
 * as Kafka has them, each record's CloudEvents type, and each record rebuilt for the dead-letter topic. A batch
 * function costs the binder one message for the whole batch, where a record function costs one per record.
 */
public final class BatchRecords {

    private final Message<List<byte[]>> message;
    private final String topic;
    private final List<?> headers;

    private BatchRecords(Message<List<byte[]>> message, String topic) {
        this.message = message;
        this.topic = topic;
        this.headers = message.getHeaders().get(KafkaHeaders.BATCH_CONVERTED_HEADERS, List.class);
    }

    /**
     * The batch of a message read from the topic.
     *
     * @throws IllegalStateException when the batch has fewer payloads than records: a record the binder could not
     *                               convert would vanish from the batch, which must never pass silently
     */
    public static BatchRecords of(Message<List<byte[]>> message, String topic) {
        List<?> offsets = message.getHeaders().get(KafkaHeaders.OFFSET, List.class);
        if (offsets != null && offsets.size() != message.getPayload().size()) {
            throw new IllegalStateException("a batch of " + offsets.size() + " records arrived with "
                    + message.getPayload().size() + " payloads; the binding must use native decoding");
        }
        return new BatchRecords(message, topic);
    }

    /** How many records the batch holds. */
    public int size() {
        return message.getPayload().size();
    }

    /** The record's value. */
    public byte[] payload(int index) {
        return message.getPayload().get(index);
    }

    /** The record's CloudEvents type, or {@code null} if it has none. */
    public String type(int index) {
        if (headers == null || index >= headers.size() || !(headers.get(index) instanceof Map<?, ?> map)) {
            return null;
        }
        return EventCodec.headerText(map.get(CloudEventHeaders.TYPE));
    }

    /** The record at {@code index} as Kafka had it (key, value, headers, partition and offset), for dead letters. */
    public ConsumerRecord<String, byte[]> record(int index) {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(topic,
                ((Number) at(KafkaHeaders.RECEIVED_PARTITION, index, -1)).intValue(),
                ((Number) at(KafkaHeaders.OFFSET, index, -1L)).longValue(),
                EventCodec.headerText(at(KafkaHeaders.RECEIVED_KEY, index, null)), payload(index));
        if (headers != null && index < headers.size() && headers.get(index) instanceof Map<?, ?> map) {
            map.forEach((name, value) -> {
                String text = EventCodec.headerText(value);
                if (text != null) {
                    record.headers().add(name.toString(), text.getBytes(StandardCharsets.UTF_8));
                }
            });
        }
        return record;
    }

    private Object at(String header, int index, Object fallback) {
        Object values = message.getHeaders().get(header);
        return values instanceof List<?> list && index < list.size() && list.get(index) != null ? list.get(index)
                : fallback;
    }
}
