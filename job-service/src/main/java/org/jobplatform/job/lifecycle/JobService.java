package org.jobplatform.job.lifecycle;

import java.time.Instant;
import java.util.UUID;

import org.jobplatform.contracts.JobState;
import org.jobplatform.contracts.JobStateChanged;
import org.jobplatform.contracts.JobStateReported;
import org.jobplatform.contracts.Topics;
import org.jobplatform.job.drain.DrainProgressPublisher;
import org.jobplatform.job.lifecycle.persistence.JobRepository;
import org.jobplatform.starter.outbox.Outbox;
import org.jobplatform.starter.outbox.OutboxRelay;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Creates jobs and changes their state. Each change is one transaction that locks the job, checks the
 * transition, writes the job and its {@code JobStateChanged} event into the outbox.
 */
@Service
public class JobService {

    /** Why a change happened: a user asked. */
    public static final String BY_USER = "USER";
    /** Why a change happened: the robot reported it. */
    public static final String BY_ROBOT = "ROBOT";

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(JobService.class);

    private final JobRepository jobs;
    private final Outbox outbox;
    private final OutboxRelay relay;
    private final TransactionalOperator tx;
    private final DrainProgressPublisher progress;

    public JobService(JobRepository jobs, Outbox outbox, OutboxRelay relay, TransactionalOperator tx,
            DrainProgressPublisher progress) {
        this.jobs = jobs;
        this.outbox = outbox;
        this.relay = relay;
        this.tx = tx;
        this.progress = progress;
    }

    /** Creates a PENDING job of a tenant. */
    public Mono<Job> create(String tenantId, String processName, String robotId, String inputArguments) {
        Instant now = Instant.now();
        Job job = new Job(UUID.randomUUID().toString(), tenantId, processName, robotId, inputArguments,
                JobState.PENDING, BY_USER, null, now, now);
        return tx.transactional(jobs.insert(job).then(publish(job, null))).thenReturn(job)
                .doOnSuccess(this::committed);
    }

    /** A job, if the caller's tenant owns it ({@code null} tenant: any job, for host admins). */
    public Mono<Job> find(UUID id, String tenantOrNull) {
        return jobs.find(id).filter(job -> tenantOrNull == null || tenantOrNull.equals(job.tenantId()));
    }

    /** Jobs newest first. */
    public Flux<Job> list(String tenantOrNull, JobState stateOrNull, int limit) {
        return jobs.list(tenantOrNull, stateOrNull, limit);
    }

    /** Applies a user's stop or kill; emits the job as it is afterwards, empty if not found for this tenant. */
    public Mono<Job> command(UUID id, String tenantOrNull, JobCommand command) {
        Mono<Job> work = jobs.lock(id)
                .filter(job -> tenantOrNull == null || tenantOrNull.equals(job.tenantId()))
                .flatMap(job -> {
                    JobState target = command.target(job);
                    if (target == null) {
                        return Mono.just(job);
                    }
                    Job changed = job.moveTo(target, BY_USER, null, Instant.now());
                    return jobs.updateState(changed).then(publish(changed, job.state())).thenReturn(changed);
                });
        return tx.transactional(work).doOnSuccess(this::committed);
    }

    /**
     * Applies a robot's report to its job: a legal change is written and published with reason ROBOT and the
     * robot as the job's robot; a report of the current state, of an illegal change, of an unknown job or of
     * another tenant's job changes nothing.
     */
    public Mono<Job> robotReported(JobStateReported report) {
        UUID id;
        try {
            id = UUID.fromString(report.jobId());
        } catch (IllegalArgumentException e) {
            log.warn("ignoring a report for '{}', which is not a job id", report.jobId());
            return Mono.empty();
        }
        Mono<Job> work = jobs.lock(id).flatMap(job -> {
            if (!job.tenantId().equals(report.tenantId())) {
                log.warn("ignoring robot {} of tenant {} reporting on job {} of tenant {}", report.robotId(),
                        report.tenantId(), job.id(), job.tenantId());
                return Mono.empty();
            }
            if (job.state() == report.state() || !job.state().canMoveTo(report.state())) {
                if (job.state() != report.state()) {
                    log.info("ignoring report {} for job {} in {}", report.state(), job.id(), job.state());
                }
                return Mono.empty();
            }
            Job changed = job.moveTo(report.state(), BY_ROBOT, job.windowId(), Instant.now())
                    .withRobot(report.robotId());
            return jobs.updateState(changed).then(publish(changed, job.state())).thenReturn(changed);
        });
        return tx.transactional(work).doOnSuccess(this::committed);
    }

    private void committed(Job job) {
        relay.relayNow();
        if (job != null) {
            progress.changed(job.tenantId());
        }
    }

    private Mono<Void> publish(Job job, JobState previous) {
        JobStateChanged event = new JobStateChanged(job.id(), job.tenantId(), job.processName(), job.robotId(),
                job.state(), previous, job.reason(), job.windowId(), job.updatedAt());
        return outbox.append(Topics.JOB_EVENTS, job.tenantId(), event, job.id()).then();
    }
}
