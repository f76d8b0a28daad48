package org.jobplatform.scheduler.firing;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jobplatform.starter.MaintenanceAutoConfiguration.KafkaClientSettings;
import org.jobplatform.starter.MaintenanceProperties;
import org.jobplatform.starter.messaging.EventProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The producer the firing slots send their job requests with: {@code acks=all} and idempotent like every producer
 * of the platform, but with batches of up to 512 KB, a linger of 2 ms and LZ4 compression. A minute boundary hands
 * it thousands of requests at once; with the default 16 KB batches they would leave in hundreds of small produce
 * requests, a few in flight at a time, and the last would reach the broker hundreds of milliseconds after the first.
 * Compressed (decision 20), a boundary's requests are a fraction of the bytes for the broker to take in, and the
 * last of them is on the broker a few milliseconds after it was handed to the producer instead of tens. LZ4's
 * native library is loaded first ({@link NativeLz4}).
 */
@Component
public class RequestProducer implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RequestProducer.class);

    private static final int BATCH_BYTES = 512 * 1024;
    private static final int LINGER_MS = 2;
    private static final String COMPRESSION = "lz4";

    private final EventProducer producer;

    public RequestProducer(KafkaClientSettings kafka, MaintenanceProperties properties) {
        Map<String, Object> props = new HashMap<>(kafka.properties());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, properties.getInstance().resolveId("scheduler-service")
                + "-requests");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, BATCH_BYTES);
        props.put(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, COMPRESSION);
        if (!NativeLz4.load()) {
            log.info("LZ4's native library is not available here: job requests are compressed in Java");
        }
        this.producer = new EventProducer(props);
    }

    /** Starts a set of sends that completes together. */
    public Sends sends() {
        return new Sends(producer);
    }

    /**
     * Records sent together: {@link #done()} completes once the broker has every one of them, or fails with the
     * first error. One callback serves them all, so a boundary's thousands of requests cost no future, callback or
     * combining node each, which would all be alive, and copied by a young collection, until the broker answers.
     */
    public static final class Sends implements Callback {

        private final EventProducer producer;
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        /** Records not yet acknowledged, plus one until {@link #done()} is asked for. */
        private final AtomicInteger pending = new AtomicInteger(1);

        private Sends(EventProducer producer) {
            this.producer = producer;
        }

        /** Sends one more record of the set. */
        public void send(ProducerRecord<String, byte[]> record) {
            pending.incrementAndGet();
            producer.send(record, this);
        }

        /** Completes once every record sent so far is acknowledged; call it after the last {@link #send}. */
        public CompletableFuture<Void> done() {
            countDown();
            return done;
        }

        @Override
        public void onCompletion(RecordMetadata metadata, Exception error) {
            if (error != null) {
                done.completeExceptionally(error);
            } else {
                countDown();
            }
        }

        private void countDown() {
            if (pending.decrementAndGet() == 0) {
                done.complete(null);
            }
        }
    }

    @Override
    public void destroy() {
        producer.close();
    }
}
