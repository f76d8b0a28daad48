package org.jobplatform.benchmarks.replay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The baseline: a plain kafka-clients consumer, outside any group, reading every partition of the topics from the
 * beginning to their end offsets in large polls and fetches (10,000 records a poll, 8 MB a partition, 32 MB a fetch,
 * more than a replay can afford in the service's heap), touching each record's key, headers and value and nothing
 * more.
 */
public final class RawRead {

    /**
     * One read.
     *
     * @param records records read
     * @param bytes   value bytes read
     * @param elapsed how long it took, from the first poll to the last record
     */
    public record Result(long records, long bytes, Duration elapsed) {
        /** Records per second. */
        public double perSecond() {
            return records / (elapsed.toNanos() / 1e9);
        }
    }

    /** Reads the topics once. */
    public static Result read(String bootstrapServers, List<String> topics) {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000,
                ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1 << 20, ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 << 20, ConsumerConfig.FETCH_MAX_BYTES_CONFIG,
                32 << 20, ConsumerConfig.RECEIVE_BUFFER_CONFIG, 1 << 20);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                consumer.partitionsFor(topic, Duration.ofSeconds(30))
                        .forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long records = 0;
            long bytes = 0;
            long headers = 0;
            long started = System.nanoTime();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    records++;
                    bytes += record.value() == null ? 0 : record.value().length;
                    headers += record.headers().toArray().length + (record.key() == null ? 0 : 1);
                }
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            if (headers < 0) {
                throw new IllegalStateException("unreachable: keeps the header reads");
            }
            return new Result(records, bytes, elapsed);
        }
    }

    private RawRead() {
    }
}
