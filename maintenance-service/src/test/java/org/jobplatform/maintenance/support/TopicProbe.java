package org.jobplatform.maintenance.support;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jobplatform.starter.messaging.EventCodec;
import org.jobplatform.testsupport.SharedKafka;

/** Reads and publishes the platform's CloudEvents on the shared broker. */
public final class TopicProbe {

    private static final EventCodec CODEC = new EventCodec("/test");

    /** Every record currently on the topic. */
    public static List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        return SharedKafka.readAll(topic);
    }

    /** Records of the topic whose key is {@code key}, decoded as the given record type. */
    public static <T> List<T> readAll(String topic, String key, Class<T> type) {
        return readAll(topic).stream().filter(r -> key.equals(r.key()))
                .map(r -> CODEC.decode(r.value(), type)).toList();
    }

    /** Publishes an event as a CloudEvent and waits for the broker's acknowledgement. */
    public static void publish(String topic, String key, Object event) {
        SharedKafka.publish(CODEC.toRecord(topic, key, event, key));
    }

    /** Publishes raw bytes with the given headers and waits for the acknowledgement. */
    public static void publishRaw(String topic, String key, byte[] value, Map<String, String> headers) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
        headers.forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
        SharedKafka.publish(record);
    }

    private TopicProbe() {
    }
}
