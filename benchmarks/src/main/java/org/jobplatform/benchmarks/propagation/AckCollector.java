package org.jobplatform.benchmarks.propagation;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.jobplatform.contracts.CloudEventHeaders;
import org.jobplatform.contracts.EventTypes;
import org.jobplatform.contracts.PhaseApplied;
import org.jobplatform.contracts.Scope;
import org.jobplatform.contracts.Topics;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads every partition of the acks topic from its end on a thread of its own and keeps, per host epoch, when each
 * instance applied it; heartbeats and tenant-scope acks are skipped.
 */
final class AckCollector implements AutoCloseable {

    private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaConsumer<String, byte[]> consumer;
    private final JsonMapper mapper;
    private final Map<Long, Map<String, Instant>> appliedByEpoch = new HashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile RuntimeException failure;
    private long undecodable;

    private AckCollector(KafkaConsumer<String, byte[]> consumer) {
        this.consumer = consumer;
        this.mapper = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
        this.thread = new Thread(this::pollLoop, "ack-collector");
        this.thread.setDaemon(true);
    }

    /**
     * Assigns every partition of the acks topic, moves to its end and starts collecting; records written before
     * this method returns are not seen.
     */
    static AckCollector start(String bootstrapServers) {
        KafkaConsumer<String, byte[]> consumer = RawKafkaRoundTrip.consumer(bootstrapServers, "benchmark-ack-collector");
        try {
            List<TopicPartition> partitions = partitions(consumer);
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
        AckCollector collector = new AckCollector(consumer);
        collector.thread.start();
        return collector;
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer) {
        long deadline = System.nanoTime() + TOPIC_TIMEOUT.toNanos();
        while (true) {
            List<PartitionInfo> infos = consumer.partitionsFor(Topics.ACKS, Duration.ofSeconds(5));
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Topic " + Topics.ACKS + " does not exist after "
                        + TOPIC_TIMEOUT.toSeconds() + " s although every service is ready");
            }
        }
    }

    /**
     * Waits until every given instance has acknowledged a host epoch.
     *
     * @param epoch     the host epoch
     * @param instances the instance ids that must acknowledge it
     * @param timeout   how long to wait at most
     * @return each instance's {@code appliedAt}, or only those that arrived in time
     */
    Map<String, Instant> await(long epoch, Set<String> instances, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (appliedByEpoch) {
            while (true) {
                Map<String, Instant> applied = appliedByEpoch.getOrDefault(epoch, Map.of());
                if (applied.keySet().containsAll(instances) || failure != null) {
                    return Map.copyOf(applied);
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return Map.copyOf(applied);
                }
                appliedByEpoch.wait(Math.max(1L, remaining / 1_000_000L));
            }
        }
    }

    /** The error that stopped the collector, or {@code null}. */
    RuntimeException failure() {
        return failure;
    }

    /** How many phase-applied records could not be decoded. */
    long undecodable() {
        synchronized (appliedByEpoch) {
            return undecodable;
        }
    }

    private void pollLoop() {
        try {
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
                if (!records.isEmpty()) {
                    collect(records);
                }
            }
        } catch (WakeupException e) {
            if (running) {
                failure = new IllegalStateException("ack collector woken up unexpectedly", e);
            }
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            consumer.close(Duration.ofSeconds(5));
            synchronized (appliedByEpoch) {
                appliedByEpoch.notifyAll();
            }
        }
    }

    private void collect(ConsumerRecords<String, byte[]> records) {
        synchronized (appliedByEpoch) {
            for (ConsumerRecord<String, byte[]> record : records) {
                if (!EventTypes.PHASE_APPLIED.equals(type(record))) {
                    continue;
                }
                PhaseApplied applied;
                try {
                    applied = mapper.readValue(record.value(), PhaseApplied.class);
                } catch (RuntimeException e) {
                    undecodable++;
                    continue;
                }
                if (Scope.HOST_KEY.equals(applied.scope()) && applied.appliedAt() != null) {
                    appliedByEpoch.computeIfAbsent(applied.epoch(), e -> new HashMap<>())
                            .putIfAbsent(applied.instanceId(), applied.appliedAt());
                }
            }
            appliedByEpoch.notifyAll();
        }
    }

    private static String type(ConsumerRecord<?, ?> record) {
        Header header = record.headers().lastHeader(CloudEventHeaders.TYPE);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Stops the polling thread and closes the consumer. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(Duration.ofSeconds(10).toMillis());
    }
}
