package org.jobplatform.audit.replay;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.jobplatform.audit.projection.FactBatch;

/**
 * Reads ranges of partitions with a plain consumer outside any group, in large polls: from given offsets up to (not
 * including) given end offsets, handing each poll's records over as one batch. Values are turned into {@code V} by
 * the given deserializer as the consumer parses them; keys are not read. Not thread-safe: one reader per replay.
 *
 * @param <V> what a record's value is read as
 */
public final class TopicReader<V> implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration METADATA = Duration.ofSeconds(30);

    private final KafkaConsumer<Void, V> consumer;

    /**
     * @param clientProperties bootstrap servers and any other client setting
     * @param values           reads each record's value, with its headers
     * @param pollRecords      records per poll
     * @param fetchBytes       most bytes fetched at once
     */
    public TopicReader(Map<String, Object> clientProperties, Deserializer<V> values, int pollRecords,
            int fetchBytes) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.remove(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG);
        props.remove(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, pollRecords);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // few round trips, yet little to keep between garbage collections in a service with a 192 MB heap: a fetch
        // stays in memory until its last record has been handed out
        props.putIfAbsent(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, fetchBytes / 2);
        props.putIfAbsent(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
        props.putIfAbsent(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, fetchBytes / 2);
        props.putIfAbsent(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, fetchBytes);
        props.putIfAbsent(ConsumerConfig.RECEIVE_BUFFER_CONFIG, 1 << 20);
        this.consumer = new KafkaConsumer<>(props, new NoKeys(), values);
    }

    /** Every partition of the topics. */
    public List<FactBatch.Partition> partitions(List<String> topics) {
        List<FactBatch.Partition> partitions = new ArrayList<>();
        for (String topic : topics) {
            var infos = consumer.partitionsFor(topic, METADATA);
            if (infos != null) {
                infos.forEach(i -> partitions.add(new FactBatch.Partition(i.topic(), i.partition())));
            }
        }
        partitions.sort(null);
        return partitions;
    }

    /** The first offset each partition still holds. */
    public Map<FactBatch.Partition, Long> beginningOffsets(List<FactBatch.Partition> partitions) {
        return offsets(consumer.beginningOffsets(topicPartitions(partitions), METADATA));
    }

    /** The offset each partition's next record will get. */
    public Map<FactBatch.Partition, Long> endOffsets(List<FactBatch.Partition> partitions) {
        return offsets(consumer.endOffsets(topicPartitions(partitions), METADATA));
    }

    /**
     * Reads each partition from {@code from} up to {@code to}; partitions where {@code from >= to} are not read.
     *
     * @param handler   gets each poll's records in the range, in order per partition
     * @param cancelled asked after each poll; reading stops when it answers true
     */
    public void read(Map<FactBatch.Partition, Long> from, Map<FactBatch.Partition, Long> to,
            Consumer<List<ConsumerRecord<Void, V>>> handler, BooleanSupplier cancelled) {
        Map<TopicPartition, Long> remaining = new HashMap<>();
        from.forEach((p, start) -> {
            long end = to.getOrDefault(p, start);
            if (start < end) {
                remaining.put(new TopicPartition(p.topic(), p.partition()), end);
            }
        });
        if (remaining.isEmpty()) {
            return;
        }
        consumer.assign(remaining.keySet());
        remaining.keySet().forEach(tp -> consumer.seek(tp, from.get(new FactBatch.Partition(tp.topic(),
                tp.partition()))));
        while (!remaining.isEmpty() && !cancelled.getAsBoolean()) {
            pollOnce(remaining, handler);
        }
        consumer.unsubscribe();
    }

    /**
     * One poll, handed over; a method of its own, called once per poll, so that the JIT compiles it once for every
     * replay rather than the whole reading loop again at each replay's start (on-stack replacement).
     */
    private void pollOnce(Map<TopicPartition, Long> remaining, Consumer<List<ConsumerRecord<Void, V>>> handler) {
        ConsumerRecords<Void, V> records = consumer.poll(POLL);
        List<ConsumerRecord<Void, V>> batch = new ArrayList<>(records.count());
        for (TopicPartition tp : records.partitions()) {
            Long end = remaining.get(tp);
            if (end == null) {
                continue;
            }
            for (ConsumerRecord<Void, V> record : records.records(tp)) {
                if (record.offset() < end) {
                    batch.add(record);
                }
            }
        }
        remaining.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
        consumer.pause(consumer.assignment().stream().filter(tp -> !remaining.containsKey(tp)).toList());
        if (!batch.isEmpty()) {
            handler.accept(batch);
        }
    }

    private static List<TopicPartition> topicPartitions(List<FactBatch.Partition> partitions) {
        return partitions.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    }

    private static Map<FactBatch.Partition, Long> offsets(Map<TopicPartition, Long> offsets) {
        Map<FactBatch.Partition, Long> result = new LinkedHashMap<>();
        offsets.forEach((tp, offset) -> result.put(new FactBatch.Partition(tp.topic(), tp.partition()), offset));
        return result;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }

    /** Skips keys without copying them: the projection does not read them. */
    private static final class NoKeys implements Deserializer<Void> {

        @Override
        public Void deserialize(String topic, byte[] data) {
            return null;
        }

        @Override
        public Void deserialize(String topic, Headers headers, ByteBuffer data) {
            return null;
        }
    }
}
