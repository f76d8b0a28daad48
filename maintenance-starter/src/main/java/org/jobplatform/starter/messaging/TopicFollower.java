package org.jobplatform.starter.messaging;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every partition of one topic on its own thread, without a consumer group, from the beginning or from
 * a point in time, and says once it has caught up with the end offsets it saw at start. Every instance reads
 * the whole topic this way, which is what a phase view needs. A record the handler cannot process goes to the
 * dead-letter topic with the error in its headers and reading goes on. An optional second handler runs after the
 * records of each poll, so a handler can gather what a poll brought and act on it once.
 */
public class TopicFollower implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TopicFollower.class);

    private final String topic;
    private final Map<String, Object> consumerProperties;
    private final Consumer<ConsumerRecord<String, byte[]>> handler;
    private final Runnable afterRecords;
    private final StartFrom startFrom;
    private final Runnable onCaughtUp;
    private final DeadLetters deadLetters;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final Thread thread;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean running = true;

    /** Where reading starts. */
    public sealed interface StartFrom {
        /** From the first record kept. */
        record Beginning() implements StartFrom {
        }

        /** From the first record at or after now minus {@code lookBack}. */
        record LookBack(Duration lookBack) implements StartFrom {
        }
    }

    public TopicFollower(String topic, Map<String, Object> consumerProperties, StartFrom startFrom,
            Consumer<ConsumerRecord<String, byte[]>> handler, Runnable onCaughtUp, DeadLetters deadLetters) {
        this(topic, consumerProperties, startFrom, handler, () -> { }, onCaughtUp, deadLetters);
    }

    /**
     * @param handler      takes each record, on the follower's thread
     * @param afterRecords runs on the follower's thread after the handler took the records of a poll that brought
     *                     any; a failure is logged and reading goes on
     */
    public TopicFollower(String topic, Map<String, Object> consumerProperties, StartFrom startFrom,
            Consumer<ConsumerRecord<String, byte[]>> handler, Runnable afterRecords, Runnable onCaughtUp,
            DeadLetters deadLetters) {
        this.topic = topic;
        this.consumerProperties = new HashMap<>(consumerProperties);
        this.consumerProperties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumerProperties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumerProperties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        this.consumerProperties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        this.startFrom = startFrom;
        this.handler = handler;
        this.afterRecords = afterRecords;
        this.onCaughtUp = onCaughtUp;
        this.deadLetters = deadLetters;
        this.thread = new Thread(this::run, "follower-" + topic);
        this.thread.setDaemon(true);
    }

    /** Starts reading on the follower's thread. */
    public void start() {
        thread.start();
    }

    /** Whether every partition has been read up to the end offsets seen at start. */
    public boolean isCaughtUp() {
        return caughtUp.getCount() == 0;
    }

    /** Waits until caught up; returns whether it was in time. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void run() {
        while (running) {
            try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(consumerProperties)) {
                consumer = c;
                follow(c);
            } catch (WakeupException e) {
                if (running) {
                    log.warn("follower of {} woken up while running; starting over", topic);
                }
            } catch (RuntimeException e) {
                if (running) {
                    log.error("follower of {} failed; starting over in 1 s", topic, e);
                    pause(Duration.ofSeconds(1));
                }
            }
        }
    }

    private void follow(KafkaConsumer<String, byte[]> c) {
        List<TopicPartition> partitions = partitions(c);
        c.assign(partitions);
        seek(c, partitions);
        Map<TopicPartition, Long> end = c.endOffsets(partitions);
        checkCaughtUp(c, end);
        while (running) {
            ConsumerRecords<String, byte[]> records = c.poll(Duration.ofMillis(200));
            for (ConsumerRecord<String, byte[]> record : records) {
                handle(record);
            }
            if (!records.isEmpty()) {
                try {
                    afterRecords.run();
                } catch (RuntimeException e) {
                    log.error("cannot finish a poll of {} records of {}", records.count(), topic, e);
                }
            }
            if (!isCaughtUp()) {
                checkCaughtUp(c, end);
            }
        }
    }

    private List<TopicPartition> partitions(KafkaConsumer<String, byte[]> c) {
        while (running) {
            var infos = c.partitionsFor(topic, Duration.ofSeconds(10));
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            }
            log.info("waiting for topic {} to exist", topic);
            pause(Duration.ofMillis(500));
        }
        throw new WakeupException();
    }

    private void seek(KafkaConsumer<String, byte[]> c, List<TopicPartition> partitions) {
        if (startFrom instanceof StartFrom.LookBack lookBack) {
            long from = System.currentTimeMillis() - lookBack.lookBack().toMillis();
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(p -> query.put(p, from));
            Map<TopicPartition, OffsetAndTimestamp> offsets = c.offsetsForTimes(query);
            Map<TopicPartition, Long> ends = c.endOffsets(partitions);
            for (TopicPartition p : partitions) {
                OffsetAndTimestamp found = offsets.get(p);
                c.seek(p, found != null ? found.offset() : ends.get(p));
            }
        } else {
            c.seekToBeginning(partitions);
        }
    }

    private void checkCaughtUp(KafkaConsumer<String, byte[]> c, Map<TopicPartition, Long> end) {
        for (var e : end.entrySet()) {
            if (c.position(e.getKey()) < e.getValue()) {
                return;
            }
        }
        if (caughtUp.getCount() > 0) {
            onCaughtUp.run();
            caughtUp.countDown();
        }
    }

    private void handle(ConsumerRecord<String, byte[]> record) {
        try {
            handler.accept(record);
        } catch (RuntimeException e) {
            log.error("cannot process {}-{}@{}; sending it to the dead-letter topic", record.topic(),
                    record.partition(), record.offset(), e);
            deadLetters.send(record, e);
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Where records that cannot be processed go. */
    public interface DeadLetters {
        /** Sends the record, with the error, to the dead-letter topic. */
        void send(ConsumerRecord<String, byte[]> record, Exception error);

        /** Dead letters through the instance's producer to {@code <topic>.<group>.dlt}. */
        static DeadLetters to(EventProducer producer, String group) {
            return (record, error) -> {
                ProducerRecord<String, byte[]> dead = new ProducerRecord<>(
                        org.jobplatform.contracts.Topics.deadLetter(record.topic(), group), record.key(),
                        record.value());
                record.headers().forEach(h -> dead.headers().add(h));
                dead.headers().add("dlt-exception-message", String.valueOf(error.getMessage())
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                dead.headers().add("dlt-original-topic", record.topic().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                dead.headers().add("dlt-original-offset", Long.toString(record.offset())
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                dead.headers().add("dlt-original-partition", Integer.toString(record.partition())
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                producer.send(dead).whenComplete((m, e) -> {
                    if (e != null) {
                        log.error("could not dead-letter {}-{}@{}", record.topic(), record.partition(),
                                record.offset(), e);
                    }
                });
            };
        }
    }
}
