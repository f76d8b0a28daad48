package org.jobplatform.robot.link;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jobplatform.starter.messaging.EventProducer;

/**
 * The producer of what robots send (heartbeats, job states, log lines, queue items): {@code acks=all} and
 * idempotent like the instance's own producer, but lingering a few milliseconds so that the calls of a fleet reach
 * the broker as a few large produce requests rather than one small request per call. The instance's producer keeps
 * no linger, so phase acknowledgements still leave at once.
 */
public class RobotTrafficProducer implements AutoCloseable {

    private final EventProducer producer;

    /**
     * @param clientProperties the Kafka client settings (bootstrap servers, client id)
     * @param linger           how long a record may wait for others to share its produce request
     */
    public RobotTrafficProducer(Map<String, Object> clientProperties, Duration linger) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ProducerConfig.LINGER_MS_CONFIG, (int) linger.toMillis());
        this.producer = new EventProducer(props);
    }

    /** Sends a record; the future completes once the broker has it on every in-sync replica. */
    public CompletableFuture<RecordMetadata> send(ProducerRecord<String, byte[]> record) {
        return producer.send(record);
    }

    @Override
    public void close() {
        producer.close();
    }
}
