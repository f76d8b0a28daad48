package org.jobplatform.audit.support;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jobplatform.contracts.EventTypes;
import org.jobplatform.starter.messaging.EventCodec;
import org.jobplatform.testsupport.SharedInfrastructure;

/** Publishes CloudEvents on the shared broker as the platform's services would, through one producer per JVM. */
public final class TestEvents {

    private static final EventCodec CODEC = new EventCodec("/test");
    private static KafkaProducer<String, byte[]> producer;

    /** A CloudEvent record with a fresh id, made now. */
    public static ProducerRecord<String, byte[]> record(String topic, String key, Object event) {
        return record(topic, key, event, Instant.now());
    }

    /** A CloudEvent record with a fresh id, made at the given time. */
    public static ProducerRecord<String, byte[]> record(String topic, String key, Object event, Instant time) {
        return EventCodec.toRecord(topic, key, UUID.randomUUID().toString(), EventTypes.of(event.getClass()), "/test",
                key, time, CODEC.toJson(event));
    }

    /** The same CloudEvent data with a new id, as a second publication of the same fact would be. */
    public static ProducerRecord<String, byte[]> republished(ProducerRecord<String, byte[]> record) {
        ProducerRecord<String, byte[]> copy = new ProducerRecord<>(record.topic(), record.key(), record.value());
        record.headers().forEach(h -> copy.headers().add(h.key(), "ce_id".equals(h.key())
                ? UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8) : h.value()));
        return copy;
    }

    /** A record with raw bytes and the given headers. */
    public static ProducerRecord<String, byte[]> raw(String topic, String key, byte[] value,
            Map<String, String> headers) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
        headers.forEach((name, text) -> record.headers().add(name, text.getBytes(StandardCharsets.UTF_8)));
        return record;
    }

    /** Publishes the records in order and waits until the broker has every one. */
    public static void publish(List<ProducerRecord<String, byte[]>> records) {
        KafkaProducer<String, byte[]> p = producer();
        try {
            for (var future : records.stream().map(p::send).toList()) {
                future.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not publish", e);
        }
    }

    /** Publishes one record and waits for the broker. */
    public static void publish(ProducerRecord<String, byte[]> record) {
        publish(List.of(record));
    }

    private static synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    SharedInfrastructure.get().bootstrapServers(), ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                    StringSerializer.class, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                    ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 0));
            Runtime.getRuntime().addShutdownHook(new Thread(producer::close));
        }
        return producer;
    }

    private TestEvents() {
    }
}
