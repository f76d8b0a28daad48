package org.jobplatform.job.drain;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jobplatform.contracts.DrainProgressReported;
import org.jobplatform.contracts.Phase;
import org.jobplatform.contracts.Topics;
import org.jobplatform.job.lifecycle.persistence.JobRepository;
import org.jobplatform.starter.messaging.EventCodec;
import org.jobplatform.starter.messaging.EventProducer;
import org.jobplatform.starter.phase.PhaseView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Publishes each tenant's job counts. A change marks its tenant; marked tenants are published within the
 * flush interval, and every tenant with active jobs or in maintenance is published again every refresh
 * interval, so a lost or late report is replaced by the next. A report is a snapshot with its time
 * ({@code asOf}); maintenance-service keeps the newest, so repeats and reordering are harmless.
 */
@Component
public class DrainProgressPublisher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DrainProgressPublisher.class);

    private final JobRepository jobs;
    private final PhaseView view;
    private final EventProducer producer;
    private final EventCodec codec;
    private final Duration flushInterval;
    private final Duration refreshInterval;
    private final Set<String> marked = ConcurrentHashMap.newKeySet();
    private Disposable flushing;
    private Disposable refreshing;

    public DrainProgressPublisher(JobRepository jobs, PhaseView view, EventProducer producer, EventCodec codec,
            @Value("${jobs.drain-progress.flush-interval:200ms}") Duration flushInterval,
            @Value("${jobs.drain-progress.refresh-interval:5s}") Duration refreshInterval) {
        this.jobs = jobs;
        this.view = view;
        this.producer = producer;
        this.codec = codec;
        this.flushInterval = flushInterval;
        this.refreshInterval = refreshInterval;
    }

    /** A tenant's jobs changed: its counts are published within the flush interval. */
    public void changed(String tenantId) {
        marked.add(tenantId);
    }

    @Override
    public void start() {
        flushing = Flux.interval(flushInterval).onBackpressureDrop()
                .concatMap(tick -> Flux.fromIterable(Set.copyOf(marked)).concatMap(tenant -> {
                    marked.remove(tenant);
                    return publish(tenant);
                }), 1)
                .subscribe();
        refreshing = Flux.interval(refreshInterval).onBackpressureDrop()
                .concatMap(tick -> jobs.tenantsWithActiveJobs()
                        .concatWith(Flux.fromIterable(view.states()).filter(s -> s.phase() != Phase.NONE)
                                .filter(s -> s.tenantId() != null).map(s -> s.tenantId()))
                        .distinct().doOnNext(marked::add).then(), 1)
                .subscribe();
    }

    /** Publishes one tenant's counts now. */
    public Mono<Void> publish(String tenant) {
        return jobs.activeCounts(tenant).flatMap(counts -> {
            DrainProgressReported report = new DrainProgressReported(tenant, view.effective(tenant).windowId(),
                    counts.running(), counts.stopping(), counts.pending(), Instant.now());
            return Mono.fromFuture(producer.send(codec.toRecord(Topics.JOB_EVENTS, tenant, report, tenant)));
        }).then().onErrorResume(e -> {
            log.warn("could not publish drain progress of {}; it is retried: {}", tenant, e.getMessage());
            marked.add(tenant);
            return Mono.empty();
        });
    }

    @Override
    public void stop() {
        if (flushing != null) {
            flushing.dispose();
        }
        if (refreshing != null) {
            refreshing.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        return flushing != null && !flushing.isDisposed();
    }
}
