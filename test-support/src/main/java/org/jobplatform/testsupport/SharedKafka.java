package org.jobplatform.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Reads whole topics and publishes records on the shared broker, for tests. */
public final class SharedKafka {

    /** Every record on the topic, from the beginning to the end offsets at the time of the call. */
    public static List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedInfrastructure.get().bootstrapServers(), ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class, ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.CLIENT_ID_CONFIG, "probe-" + UUID.randomUUID());
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            var infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            if (infos == null || infos.isEmpty()) {
                return records;
            }
            List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    /** Publishes a record with {@code acks=all} and waits for the broker's acknowledgement. */
    public static void publish(ProducerRecord<String, byte[]> record) {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedInfrastructure.get().bootstrapServers(), ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not publish to " + record.topic(), e);
        }
    }

    /**
     * The record batches of the topic as the broker stored them in its log segments (every partition, in file order),
     * read from its data folder: how the producer sent them, compression included, which no consumer sees. A batch
     * still being written at the end of a segment is left out.
     */
    public static List<RecordBatch> storedBatches(String topic) {
        Path logs = SharedInfrastructure.get().kafka().dataDir();
        List<RecordBatch> batches = new ArrayList<>();
        try (var partitions = Files.list(logs)) {
            for (Path partition : partitions.filter(p -> p.getFileName().toString().matches(
                    java.util.regex.Pattern.quote(topic) + "-\\d+")).sorted().toList()) {
                try (var segments = Files.list(partition)) {
                    for (Path segment : segments.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
                        MemoryRecords.readableRecords(ByteBuffer.wrap(Files.readAllBytes(segment))).batches()
                                .forEach(batches::add);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the log segments of " + topic, e);
        }
        return batches;
    }

    private SharedKafka() {
    }
}
