package org.jobplatform.benchmarks.drain;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jobplatform.benchmarks.propagation.Latencies;
import org.jobplatform.contracts.CloudEventHeaders;
import org.jobplatform.contracts.EventTypes;
import org.jobplatform.contracts.Topics;

/**
 * Follows the drain through the broker, so the time to drained splits into its stages. Each event says when its
 * producer made it ({@code ce_time}) and the broker records when it was sent (the record timestamp): a Stop
 * command's {@code ce_time} is when job-service's sweep wrote it, its timestamp when job-service sent it;
 * a robot's STOPPED report is timestamped by robot-gateway; the job's STOPPED state change's {@code ce_time} is when
 * job-service applied the report. Only records made after the drain started count, each job's first of each kind.
 * <p>
 * The topics' ends are taken before the drain, and the records read only once it is over ({@link #read()}): the
 * times are the records' own, so reading later changes none of them, and the reader takes no CPU from the drain
 * it measures (it shares the two cores with every service).
 */
final class DrainTimeline implements AutoCloseable {

    /** One stage: when each job reached it, in epoch milliseconds. */
    enum Stage {
        STOP_WRITTEN("Stop written by the sweep"),
        STOP_PUBLISHED("Stop published by job-service"),
        REPORT_PUBLISHED("STOPPED report published by robot-gateway"),
        STOPPED_WRITTEN("STOPPED applied by job-service"),
        STOPPED_PUBLISHED("STOPPED event published by the relay");

        final String label;

        Stage(String label) {
            this.label = label;
        }
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<Stage, Map<String, Long>> reached = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long sinceMillis = Long.MAX_VALUE;

    private DrainTimeline(String bootstrapServers) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        consumer = new KafkaConsumer<>(config);
        for (Stage stage : Stage.values()) {
            reached.put(stage, new ConcurrentHashMap<>());
        }
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(Topics.ROBOT_COMMANDS, Topics.ROBOT_REPORTS, Topics.JOB_EVENTS)) {
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        thread = new Thread(this::follow, "drain-timeline");
        thread.setDaemon(true);
    }

    /** Takes the topics' current ends, to read from there once {@link #read()} is called. */
    static DrainTimeline open(String bootstrapServers) {
        return new DrainTimeline(bootstrapServers);
    }

    /** Starts reading, from the ends taken when opened; records made from {@link #countFrom} on are counted. */
    void read() {
        thread.start();
    }

    /** Counts records made from this moment on. */
    void countFrom(Instant since) {
        sinceMillis = since.toEpochMilli();
    }

    private void follow() {
        while (running) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                take(record);
            }
        }
        consumer.close();
    }

    private void take(ConsumerRecord<String, byte[]> record) {
        String type = header(record, CloudEventHeaders.TYPE);
        String time = header(record, CloudEventHeaders.TIME);
        if (type == null || time == null) {
            return;
        }
        long made = Instant.parse(time).toEpochMilli();
        if (made < sinceMillis) {
            return;
        }
        String payload = new String(record.value(), StandardCharsets.UTF_8);
        String job = header(record, CloudEventHeaders.SUBJECT);
        if (job == null) {
            return;
        }
        if (EventTypes.ROBOT_COMMAND_ISSUED.equals(type) && payload.contains("\"type\":\"STOP\"")) {
            reached.get(Stage.STOP_WRITTEN).putIfAbsent(job, made);
            reached.get(Stage.STOP_PUBLISHED).putIfAbsent(job, record.timestamp());
        } else if (EventTypes.JOB_STATE_REPORTED.equals(type) && payload.contains("\"state\":\"STOPPED\"")) {
            reached.get(Stage.REPORT_PUBLISHED).putIfAbsent(job, record.timestamp());
        } else if (EventTypes.JOB_STATE_CHANGED.equals(type) && payload.contains("\"state\":\"STOPPED\"")) {
            reached.get(Stage.STOPPED_WRITTEN).putIfAbsent(job, made);
            reached.get(Stage.STOPPED_PUBLISHED).putIfAbsent(job, record.timestamp());
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** When each job reached each stage, counted from {@code origin}, for the stages some job reached. */
    Map<Stage, Latencies> stages(Instant origin) {
        Map<Stage, Latencies> stages = new java.util.EnumMap<>(Stage.class);
        reached.forEach((stage, jobs) -> {
            if (!jobs.isEmpty()) {
                stages.put(stage, Latencies.of(since(origin, jobs.values())));
            }
        });
        return stages;
    }

    private static List<Duration> since(Instant origin, Collection<Long> millis) {
        return millis.stream().map(at -> Duration.ofMillis(at - origin.toEpochMilli())).collect(Collectors.toList());
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        if (thread.isAlive()) {
            thread.join(5000);
        } else {
            consumer.close();
        }
    }
}
