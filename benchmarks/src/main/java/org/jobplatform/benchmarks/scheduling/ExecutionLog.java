package org.jobplatform.benchmarks.scheduling;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jobplatform.contracts.Topics;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads what scheduler-service published, from the beginning of its two topics: every
 * {@code TriggerExecutionRecorded} on {@code scheduler.executions.v1} and every job request on
 * {@code scheduler.job-requests.v1} ({@code JobRequested}, or each of a {@code JobsRequested}), each with its Kafka
 * record timestamp. The run first sets both topics to
 * {@code message.timestamp.type=LogAppendTime}, so that timestamp is when the broker appended the record, whatever
 * the producer set: a record sent at once but appended late counts as late.
 */
final class ExecutionLog implements AutoCloseable {

    /**
     * One execution event.
     *
     * @param executionId the execution
     * @param triggerId   its trigger
     * @param scheduledAt its scheduled time
     * @param outcome     FIRED, SKIPPED, ...
     * @param recordedAt  the event's {@code at}: when scheduler-service recorded it
     * @param publishedAt the record timestamp: when the broker appended it
     */
    record Recorded(String executionId, String triggerId, Instant scheduledAt, String outcome, Instant recordedAt,
            Instant publishedAt) {
    }

    /**
     * One job request.
     *
     * @param requestId   the request
     * @param triggerId   its trigger
     * @param scheduledAt the execution's scheduled time
     * @param publishedAt the record timestamp: when the broker appended it
     */
    record Requested(String requestId, String triggerId, Instant scheduledAt, Instant publishedAt) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final KafkaConsumer<String, byte[]> consumer;
    /** How long before a boundary {@link #quietAround} stops reading. */
    static final Duration QUIET_BEFORE = Duration.ofSeconds(2);
    /** How long after a boundary {@link #quietAround} starts reading again. */
    static final Duration QUIET_AFTER = Duration.ofSeconds(5);

    private final List<ConsumerRecord<String, byte[]>> unread = new ArrayList<>();
    private volatile List<Instant> quiet = List.of();
    private final List<Recorded> recorded = new ArrayList<>();
    private final List<Requested> requested = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Throwable failure;

    private ExecutionLog(String bootstrapServers) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        appendTimestamps(bootstrapServers);
        consumer = new KafkaConsumer<>(config);
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(Topics.SCHEDULER_EXECUTIONS, Topics.SCHEDULER_JOB_REQUESTS)) {
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        }
        if (partitions.isEmpty()) {
            throw new IllegalStateException("the scheduler topics have no partitions");
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread = new Thread(this::follow, "scheduling-execution-log");
        thread.setDaemon(true);
    }

    /** Starts reading both topics from their beginning. */
    static ExecutionLog start(String bootstrapServers) {
        ExecutionLog log = new ExecutionLog(bootstrapServers);
        log.thread.start();
        return log;
    }

    /**
     * Stops reading from {@link #QUIET_BEFORE} before each of these boundaries to {@link #QUIET_AFTER} after it: the
     * broker then serves no fetches of this reader while the scheduler's records of the boundary arrive, and this JVM
     * (which also runs the broker) allocates nothing for them. When it stops, it collects this JVM's garbage, so that
     * the records it keeps are not copied by a collection at the boundary. Nothing measured depends on when a record
     * is read: its timestamp is the broker's append time.
     */
    void quietAround(List<Instant> boundaries) {
        quiet = List.copyOf(boundaries);
    }

    private boolean quietNow() {
        Instant now = Instant.now();
        return quiet.stream().anyMatch(b -> now.isAfter(b.minus(QUIET_BEFORE)) && now.isBefore(b.plus(QUIET_AFTER)));
    }

    private void follow() {
        try {
            boolean paused = false;
            while (running) {
                boolean quietNow = quietNow();
                if (quietNow != paused) {
                    if (quietNow) {
                        consumer.pause(consumer.assignment());
                        // the records read since the last boundary are young and live: collected at the boundary,
                        // while the broker in this JVM appends the scheduler's requests, copying them paused the
                        // broker for up to 100 ms (2026-12-04). Collected now, they are old by the boundary.
                        System.gc();
                    } else {
                        consumer.resume(consumer.assignment());
                    }
                    paused = quietNow;
                }
                List<ConsumerRecord<String, byte[]>> polled = new ArrayList<>();
                consumer.poll(Duration.ofMillis(100)).forEach(polled::add);
                if (!polled.isEmpty()) {
                    // kept as read: decoding them now would take CPU from the scheduler at the very moment it is
                    // measured; they are decoded when asked for, between boundaries (their timestamps are the
                    // broker's, so when they are decoded changes nothing)
                    synchronized (this) {
                        unread.addAll(polled);
                    }
                }
            }
        } catch (RuntimeException | Error e) {
            failure = e;
        } finally {
            consumer.close();
        }
    }

    /** Has the broker stamp the two topics' records with their append time. */
    private static void appendTimestamps(String bootstrapServers) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            AlterConfigOp op = new AlterConfigOp(new ConfigEntry(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG,
                    "LogAppendTime"), AlterConfigOp.OpType.SET);
            Map<ConfigResource, Collection<AlterConfigOp>> changes = new HashMap<>();
            for (String topic : List.of(Topics.SCHEDULER_EXECUTIONS, Topics.SCHEDULER_JOB_REQUESTS)) {
                changes.put(new ConfigResource(ConfigResource.Type.TOPIC, topic), List.of(op));
            }
            admin.incrementalAlterConfigs(changes).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not set the scheduler topics to LogAppendTime", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while setting the scheduler topics to LogAppendTime", e);
        }
    }

    private void take(ConsumerRecord<String, byte[]> record) {
        JsonNode event = JSON.readTree(record.value());
        Instant published = Instant.ofEpochMilli(record.timestamp());
        if (record.topic().equals(Topics.SCHEDULER_EXECUTIONS)) {
            recorded.add(new Recorded(text(event, "executionId"), text(event, "triggerId"),
                    instant(event.get("scheduledAt")), text(event, "outcome"), instant(event.get("at")), published));
        } else {
            // a JobsRequested (a tenant's requests sent together at a firing slot's decision) or a JobRequested
            JsonNode requests = event.get("requests");
            for (JsonNode request : requests == null ? List.of(event) : requests) {
                requested.add(new Requested(text(request, "requestId"), text(request, "triggerId"),
                        instant(request.get("scheduledAt")), published));
            }
        }
    }

    /** Decodes what was read since the last call. */
    private void decodeUnread() {
        unread.forEach(this::take);
        unread.clear();
    }

    private static String text(JsonNode event, String field) {
        JsonNode value = event.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    /** An instant written as ISO-8601 text or as (decimal) epoch seconds. */
    static Instant instant(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isNumber()) {
            BigDecimal seconds = value.decimalValue();
            long whole = seconds.longValue();
            long nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValue();
            return Instant.ofEpochSecond(whole, nanos);
        }
        return Instant.parse(value.asString());
    }

    /** The execution events read so far. */
    synchronized List<Recorded> recorded() {
        rethrow();
        decodeUnread();
        return List.copyOf(recorded);
    }

    /** The job requests read so far. */
    synchronized List<Requested> requested() {
        rethrow();
        decodeUnread();
        return List.copyOf(requested);
    }

    private void rethrow() {
        if (failure != null) {
            throw new IllegalStateException("reading the scheduler topics failed", failure);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5000);
    }
}
