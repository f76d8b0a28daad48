package org.jobplatform.audit.ingest;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jobplatform.audit.AuditProperties;
import org.jobplatform.audit.projection.FactBatch;
import org.jobplatform.audit.projection.persistence.ProjectionStore;
import org.jobplatform.contracts.Topics;
import org.jobplatform.starter.MaintenanceAutoConfiguration.KafkaClientSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Measures consumer lag as the logs see it: per topic, the records published (end offsets) that the live generation
 * has not applied yet (its positions), refreshed every {@code audit.ingest.lag-interval}, as gauge
 * {@code audit.consumer.lag{topic}}.
 */
@Component
public class LagMonitor implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LagMonitor.class);

    private final ProjectionStore store;
    private final Map<String, Object> kafka;
    private final Duration interval;
    private final Map<String, AtomicLong> lags = new ConcurrentHashMap<>();
    private ScheduledExecutorService scheduler;
    private KafkaConsumer<byte[], byte[]> consumer;

    public LagMonitor(ProjectionStore store, KafkaClientSettings kafka, AuditProperties properties,
            MeterRegistry registry) {
        this.store = store;
        this.kafka = kafka.properties();
        this.interval = properties.getIngest().getLagInterval();
        for (String topic : Topics.REPLAYED_BY_AUDIT) {
            AtomicLong lag = new AtomicLong();
            lags.put(topic, lag);
            Gauge.builder("audit.consumer.lag", lag, AtomicLong::get).tag("topic", topic)
                    .description("Records published that the live logs have not applied yet").register(registry);
        }
    }

    /** Refreshes the gauges now; answers the lag per topic. */
    public synchronized Map<String, Long> refresh() {
        if (consumer == null) {
            Map<String, Object> props = new HashMap<>(kafka);
            props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
            props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
            props.put(ConsumerConfig.CLIENT_ID_CONFIG, "audit-lag-" + Integer.toHexString(hashCode()));
            consumer = new KafkaConsumer<>(props);
        }
        Map<FactBatch.Partition, Long> positions = store.positions(store.liveGeneration().block()).block();
        Map<String, Long> result = new HashMap<>();
        for (String topic : Topics.REPLAYED_BY_AUDIT) {
            var infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            List<TopicPartition> partitions = infos == null ? List.of()
                    : infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, Duration.ofSeconds(10));
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            long lag = 0;
            for (TopicPartition tp : partitions) {
                long applied = positions.getOrDefault(new FactBatch.Partition(topic, tp.partition()),
                        begin.getOrDefault(tp, 0L));
                lag += Math.max(0, end.getOrDefault(tp, 0L) - applied);
            }
            lags.get(topic).set(lag);
            result.put(topic, lag);
        }
        return result;
    }

    @Override
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "audit-lag");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                refresh();
            } catch (RuntimeException e) {
                log.debug("could not measure consumer lag", e);
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (consumer != null) {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null && !scheduler.isShutdown();
    }
}
