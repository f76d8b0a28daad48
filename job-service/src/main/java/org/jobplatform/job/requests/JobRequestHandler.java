package org.jobplatform.job.requests;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.jobplatform.contracts.JobRequestAccepted;
import org.jobplatform.contracts.JobRequestRefused;
import org.jobplatform.contracts.JobRequested;
import org.jobplatform.contracts.Phase;
import org.jobplatform.contracts.Topics;
import org.jobplatform.job.lifecycle.JobService;
import org.jobplatform.starter.outbox.Outbox;
import org.jobplatform.starter.outbox.OutboxRelay;
import org.jobplatform.starter.phase.EffectiveState;
import org.jobplatform.starter.phase.PhaseView;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

import reactor.core.publisher.Mono;

/**
 * Answers the scheduler's job requests exactly once each, by request id (table {@code job_request}): outside
 * maintenance the job is created with reason SCHEDULE and {@code JobRequestAccepted} is published with it; while
 * the tenant is DRAINING or SUSPENDED (a trigger that fired as the window began) the request is refused with
 * {@code JobRequestRefused}, so the scheduler and the audit record a skipped execution, never a lost one.
 */
@Component
public class JobRequestHandler {

    /** How the request was answered, as stored. */
    enum Outcome {
        ACCEPTED, REFUSED
    }

    private final DatabaseClient db;
    private final JobService jobs;
    private final PhaseView view;
    private final Outbox outbox;
    private final OutboxRelay relay;
    private final TransactionalOperator tx;

    public JobRequestHandler(DatabaseClient db, JobService jobs, PhaseView view, Outbox outbox, OutboxRelay relay,
            TransactionalOperator tx) {
        this.db = db;
        this.jobs = jobs;
        this.view = view;
        this.outbox = outbox;
        this.relay = relay;
        this.tx = tx;
    }

    /** Answers a request; emits the outcome, or nothing when it was answered before. */
    public Mono<String> handle(JobRequested request) {
        return answered(request.requestId()).flatMap(before -> {
            if (before) {
                return Mono.empty();
            }
            EffectiveState state = view.effective(request.tenantId());
            // an exempt (system) trigger keeps its schedule in a window: its job is created and, like every
            // pending job of a tenant in maintenance, dispatched after the end
            if (state.phase() != Phase.NONE && !request.isExempt()) {
                return refuse(request, state);
            }
            return jobs.createRequested(request, job -> record(request, Outcome.ACCEPTED, job.id())
                    .then(outbox.appendAll(List.of(new Outbox.Entry(Topics.JOB_EVENTS, request.tenantId(),
                            new JobRequestAccepted(request.requestId(), request.triggerId(), request.tenantId(),
                                    job.id(), request.scheduledAt(), job.createdAt()),
                            request.requestId())))))
                    .thenReturn(Outcome.ACCEPTED.name());
        });
    }

    private Mono<String> refuse(JobRequested request, EffectiveState state) {
        JobRequestRefused refused = new JobRequestRefused(request.requestId(), request.triggerId(), request.tenantId(),
                request.processName(), request.scheduledAt(), state.phase(), state.windowId(), Instant.now());
        Mono<Void> work = record(request, Outcome.REFUSED, null)
                .then(outbox.appendAll(List.of(new Outbox.Entry(Topics.JOB_EVENTS, request.tenantId(), refused,
                        request.requestId()))));
        return tx.transactional(work).then(Mono.fromRunnable(relay::relayNow)).thenReturn(Outcome.REFUSED.name());
    }

    private Mono<Boolean> answered(String requestId) {
        return db.sql("select count(*) as n from job_request where request_id = :id").bind("id", requestId)
                .map(row -> row.get("n", Long.class) > 0).one();
    }

    private Mono<Void> record(JobRequested request, Outcome outcome, String jobId) {
        return db.sql("""
                insert into job_request (request_id, tenant_id, trigger_id, outcome, job_id, answered_at)
                values (:id, :tenant, :trigger, :outcome, :job, :at)""")
                .bind("id", request.requestId()).bind("tenant", request.tenantId())
                .bind("trigger", Parameter.fromOrEmpty(request.triggerId(), String.class))
                .bind("outcome", outcome.name())
                .bind("job", Parameter.fromOrEmpty(jobId == null ? null : UUID.fromString(jobId), UUID.class))
                .bind("at", Instant.now().atOffset(ZoneOffset.UTC)).then();
    }
}
