package org.jobplatform.starter.instance;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jobplatform.contracts.InstanceHeartbeat;
import org.jobplatform.contracts.MaintenancePhaseChanged;
import org.jobplatform.contracts.PhaseApplied;
import org.jobplatform.contracts.Topics;
import org.jobplatform.starter.messaging.EventCodec;
import org.jobplatform.starter.messaging.EventProducer;
import org.jobplatform.starter.phase.PhaseListener;
import org.jobplatform.starter.phase.PhaseView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** Acknowledges applied phase changes at once and sends a heartbeat every interval. */
public class InstanceReporter implements PhaseListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(InstanceReporter.class);

    private final String service;
    private final String instanceId;
    private final Duration interval;
    private final PhaseView view;
    private final EventProducer producer;
    private final EventCodec codec;
    private final Timer applyLag;
    private final ScheduledExecutorService scheduler;

    public InstanceReporter(String service, String instanceId, Duration interval, PhaseView view,
            EventProducer producer, EventCodec codec, MeterRegistry registry) {
        this.service = service;
        this.instanceId = instanceId;
        this.interval = interval;
        this.view = view;
        this.producer = producer;
        this.codec = codec;
        this.applyLag = Timer.builder("maintenance.phase.apply.lag")
                .description("Time from a phase change's commit to this instance applying it")
                .publishPercentileHistogram().register(registry);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "heartbeat-" + instanceId);
            t.setDaemon(true);
            return t;
        });
    }

    public String instanceId() {
        return instanceId;
    }

    public String service() {
        return service;
    }

    /** Starts the heartbeats; the first goes out at once. */
    public void start() {
        scheduler.scheduleAtFixedRate(this::heartbeat, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void onPhaseApplied(MaintenancePhaseChanged change, boolean catchUp) {
        if (catchUp) {
            return;
        }
        Instant now = Instant.now();
        if (change.changedAt() != null) {
            applyLag.record(Duration.between(change.changedAt(), now));
        }
        send(new PhaseApplied(service, instanceId, change.scope(), change.epoch(), now, view.appliedEpochs()));
    }

    /** Sends one heartbeat now. */
    public void heartbeat() {
        send(new InstanceHeartbeat(service, instanceId, view.isCaughtUp(), view.appliedEpochs(), interval.toMillis(),
                Instant.now()));
    }

    private void send(Object event) {
        producer.send(codec.toRecord(Topics.ACKS, instanceId, event, instanceId)).whenComplete((m, e) -> {
            if (e != null) {
                log.warn("could not send {} of {}: {}", event.getClass().getSimpleName(), instanceId, e.getMessage());
            }
        });
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
