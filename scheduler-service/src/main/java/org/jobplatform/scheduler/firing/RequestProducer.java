package org.jobplatform.scheduler.firing;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jobplatform.starter.MaintenanceAutoConfiguration.KafkaClientSettings;
import org.jobplatform.starter.MaintenanceProperties;
import org.jobplatform.starter.messaging.EventProducer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The producer the firing slots send their job requests with: {@code acks=all} and idempotent like every producer
 * of the platform, but with batches of up to 512 KB and a linger of 2 ms. A minute boundary hands it thousands of
 * requests at once; with the default 16 KB batches they would leave in hundreds of small produce requests, a few in
 * flight at a time, and the last would reach the broker hundreds of milliseconds after the first.
 */
@Component
public class RequestProducer implements DisposableBean {

    private static final int BATCH_BYTES = 512 * 1024;
    private static final int LINGER_MS = 2;

    private final EventProducer producer;

    public RequestProducer(KafkaClientSettings kafka, MaintenanceProperties properties) {
        Map<String, Object> props = new HashMap<>(kafka.properties());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, properties.getInstance().resolveId("scheduler-service")
                + "-requests");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, BATCH_BYTES);
        props.put(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS);
        this.producer = new EventProducer(props);
    }

    /** Sends a record; the future completes once the broker has it on every in-sync replica. */
    public CompletableFuture<RecordMetadata> send(ProducerRecord<String, byte[]> record) {
        return producer.send(record);
    }

    @Override
    public void destroy() {
        producer.close();
    }
}
