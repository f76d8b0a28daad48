package org.jobplatform.benchmarks.propagation;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The baseline: a plain producer (acks=all, idempotent, no linger) sends one record at a time to a fresh
 * single-partition topic and a plain consumer, assigned to it from its end, receives it; the round trip is the
 * receive time minus the send time.
 */
final class RawKafkaRoundTrip {

    /**
     * One sample that did not come back in time.
     *
     * @param sequence the record's number
     * @param reason   what went wrong
     */
    record Failure(long sequence, String reason) {
    }

    /**
     * The outcome of the baseline.
     *
     * @param roundTrips the measured round trips
     * @param failures   the measured sends that did not come back in time
     */
    record Result(Latencies roundTrips, List<Failure> failures) {
    }

    private record Received(long sequence, Instant at) {
    }

    private static final Duration RECEIVE_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(200);

    private RawKafkaRoundTrip() {
    }

    /**
     * Runs {@code warmup} unmeasured and then {@code count} measured round trips, one after the other.
     *
     * @param bootstrapServers the broker
     * @param warmup           round trips left out of the figures
     * @param count            measured round trips
     * @return the round trips and failures
     */
    static Result run(String bootstrapServers, int warmup, int count) throws Exception {
        String topic = "benchmarks.raw-round-trip." + UUID.randomUUID().toString().substring(0, 8);
        createTopic(bootstrapServers, topic);
        TopicPartition partition = new TopicPartition(topic, 0);
        BlockingQueue<Received> received = new LinkedBlockingQueue<>();
        try (KafkaProducer<String, byte[]> producer = producer(bootstrapServers);
                KafkaConsumer<String, byte[]> consumer = consumer(bootstrapServers, "benchmark-raw-consumer")) {
            consumer.assign(List.of(partition));
            consumer.seekToEnd(List.of(partition));
            consumer.position(partition);
            ReceiveLoop loop = new ReceiveLoop(consumer, received);
            Thread thread = new Thread(loop, "raw-round-trip-consumer");
            thread.setDaemon(true);
            thread.start();
            try {
                List<Duration> roundTrips = new ArrayList<>();
                List<Failure> failures = new ArrayList<>();
                for (long sequence = 0; sequence < warmup + count; sequence++) {
                    boolean measured = sequence >= warmup;
                    byte[] value = ("round trip " + sequence).getBytes(StandardCharsets.UTF_8);
                    Instant sent = Instant.now();
                    producer.send(new ProducerRecord<>(topic, 0, Long.toString(sequence), value));
                    Received answer = awaitSequence(received, sequence, loop);
                    if (answer == null) {
                        if (measured) {
                            failures.add(new Failure(sequence, "not received within "
                                    + RECEIVE_TIMEOUT.toSeconds() + " s"));
                        }
                    } else if (measured) {
                        roundTrips.add(Duration.between(sent, answer.at()));
                    }
                }
                return new Result(Latencies.of(roundTrips), failures);
            } finally {
                loop.stop();
                consumer.wakeup();
                thread.join(Duration.ofSeconds(10).toMillis());
            }
        }
    }

    private static Received awaitSequence(BlockingQueue<Received> received, long sequence, ReceiveLoop loop)
            throws InterruptedException {
        long deadline = System.nanoTime() + RECEIVE_TIMEOUT.toNanos();
        while (true) {
            if (loop.failure != null) {
                throw new IllegalStateException("raw round-trip consumer failed", loop.failure);
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return null;
            }
            Received next = received.poll(remaining, TimeUnit.NANOSECONDS);
            if (next != null && next.sequence() == sequence) {
                return next;
            }
        }
    }

    private static void createTopic(String bootstrapServers, String topic)
            throws InterruptedException, ExecutionException, TimeoutException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "benchmark-raw-producer");
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /** A consumer without group or auto-commit that reads from where it is placed, for the benchmark's readers. */
    static KafkaConsumer<String, byte[]> consumer(String bootstrapServers, String clientId) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** Polls the baseline topic and hands each record over with the time it was received. */
    private static final class ReceiveLoop implements Runnable {

        private final KafkaConsumer<String, byte[]> consumer;
        private final BlockingQueue<Received> received;
        private volatile boolean running = true;
        private volatile RuntimeException failure;

        ReceiveLoop(KafkaConsumer<String, byte[]> consumer, BlockingQueue<Received> received) {
            this.consumer = consumer;
            this.received = received;
        }

        void stop() {
            running = false;
        }

        @Override
        public void run() {
            try {
                while (running) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                        received.add(new Received(Long.parseLong(record.key()), Instant.now()));
                    }
                }
            } catch (WakeupException e) {
                if (running) {
                    failure = e;
                }
            } catch (RuntimeException e) {
                failure = e;
            }
        }
    }
}
