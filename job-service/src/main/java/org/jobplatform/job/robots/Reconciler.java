package org.jobplatform.job.robots;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.jobplatform.contracts.JobState;
import org.jobplatform.contracts.RobotCommandType;
import org.jobplatform.contracts.RobotHeartbeatReceived;
import org.jobplatform.job.drain.DrainProgressPublisher;
import org.jobplatform.job.lifecycle.Job;
import org.jobplatform.job.lifecycle.JobActivity;
import org.jobplatform.job.lifecycle.JobEvents;
import org.jobplatform.job.lifecycle.JobService;
import org.jobplatform.job.lifecycle.persistence.JobRepository;
import org.jobplatform.starter.outbox.Outbox;
import org.jobplatform.starter.outbox.OutboxRelay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Makes commands certain (DESIGN §4): every robot heartbeat lists the jobs the robot runs, and is compared with what
 * job-service believes the robot has.
 * <ul>
 * <li>a STOPPING or TERMINATING job the robot still runs, whose Stop or Kill went out longer than the resend time
 * ago, gets it again (the first was lost, or the robot was offline);</li>
 * <li>a job sent its START that the robot does not run gets the START again after the resend time;</li>
 * <li>a started job the robot no longer lists is resolved once it has been missing for the grace time (long enough
 * for the robot's final state report, sent before its heartbeat but on another partition, to arrive first):
 * RUNNING turns FAULTED, STOPPING STOPPED, TERMINATING KILLED, with reason RECONCILIATION;</li>
 * <li>a job the robot runs that has ended here, or that is another robot's, gets a Kill.</li>
 * </ul>
 * Times are the heartbeat's own (when the robot called in), so a consumer that lags behind cannot mistake a
 * command sent after the heartbeat for one the robot ignored. A heartbeat delivered twice finds the commands just
 * sent and the missing times just set, so it changes nothing.
 * A heartbeat also tells which robots are connected and with what capacity ({@link RobotPresence}).
 */
@Component
public class Reconciler {

    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

    private final JobRepository jobs;
    private final RobotPresence presence;
    private final Outbox outbox;
    private final OutboxRelay relay;
    private final TransactionalOperator tx;
    private final JobActivity activity;
    private final DrainProgressPublisher progress;
    private final Duration resendAfter;
    private final Duration missingGrace;

    public Reconciler(JobRepository jobs, RobotPresence presence, Outbox outbox, OutboxRelay relay,
            TransactionalOperator tx, JobActivity activity, DrainProgressPublisher progress,
            @Value("${jobs.reconciliation.resend-after:3s}") Duration resendAfter,
            @Value("${jobs.reconciliation.missing-grace:10s}") Duration missingGrace) {
        this.jobs = jobs;
        this.presence = presence;
        this.outbox = outbox;
        this.relay = relay;
        this.tx = tx;
        this.activity = activity;
        this.progress = progress;
        this.resendAfter = resendAfter;
        this.missingGrace = missingGrace;
    }

    /** Applies one heartbeat; emits how many commands were sent and jobs resolved. */
    public Mono<Integer> heartbeat(RobotHeartbeatReceived heartbeat) {
        Set<String> listed = new HashSet<>();
        for (String id : heartbeat.runningJobIds() == null ? List.<String>of() : heartbeat.runningJobIds()) {
            try {
                listed.add(UUID.fromString(id).toString());
            } catch (IllegalArgumentException e) {
                log.warn("robot {} lists '{}', which is not a job id", heartbeat.robotId(), id);
            }
        }
        Mono<Integer> work = presence.seen(heartbeat)
                .thenMany(jobs.lockOnRobot(heartbeat.robotId())).collectList()
                .flatMap(tracked -> reconcile(heartbeat, listed, tracked));
        return tx.transactional(work).doOnNext(changes -> {
            if (changes > 0) {
                relay.relayNow();
                progress.changed(heartbeat.tenantId());
            }
            activity.dispatchWanted();
        });
    }

    private Mono<Integer> reconcile(RobotHeartbeatReceived heartbeat, Set<String> listed,
            List<JobRepository.Tracked> tracked) {
        // decisions are measured against when the robot called in, not when the heartbeat is read: a lagging
        // consumer must not take a command sent after the heartbeat for one the robot ignored
        Instant seen = heartbeat.at();
        Instant now = Instant.now();
        Instant resendBefore = seen.minus(resendAfter);
        List<Outbox.Entry> events = new ArrayList<>();
        List<String> resent = new ArrayList<>();
        List<String> listedAgain = new ArrayList<>();
        List<String> nowMissing = new ArrayList<>();
        List<Job> resolved = new ArrayList<>();
        Set<String> known = new HashSet<>();
        for (JobRepository.Tracked t : tracked) {
            Job job = t.job();
            known.add(job.id());
            boolean due = t.commandSentAt() == null || t.commandSentAt().isBefore(resendBefore);
            if (listed.contains(job.id())) {
                if (t.missingSince() != null) {
                    listedAgain.add(job.id());
                }
                RobotCommandType again = job.state() == JobState.STOPPING ? RobotCommandType.STOP
                        : job.state() == JobState.TERMINATING ? RobotCommandType.KILL : null;
                if (again != null && due) {
                    events.add(JobEvents.command(job, again, "RECONCILIATION", job.windowId(), now));
                    resent.add(job.id());
                }
            } else if (job.state() == JobState.PENDING) {
                if (due) {
                    events.add(JobEvents.command(job, RobotCommandType.START, "RECONCILIATION", null, now));
                    resent.add(job.id());
                }
            } else if (!job.updatedAt().isBefore(seen)) {
                continue; // it changed after the robot called in: the heartbeat cannot tell
            } else if (t.missingSince() == null) {
                nowMissing.add(job.id());
            } else if (!t.missingSince().isAfter(seen.minus(missingGrace))) {
                Job ended = job.moveTo(resolution(job.state()), JobService.BY_RECONCILIATION, job.windowId(), now);
                resolved.add(ended);
                events.add(JobEvents.changed(ended, job.state()));
            }
        }
        List<String> foreign = listed.stream().filter(id -> !known.contains(id)).toList();
        Mono<Void> kills = jobs.findAll(foreign)
                .filter(job -> job.tenantId().equals(heartbeat.tenantId()))
                .filter(job -> job.state().isFinal() || !heartbeat.robotId().equals(job.robotId()))
                .doOnNext(job -> events.add(JobEvents.command(job.withRobot(heartbeat.robotId()),
                        RobotCommandType.KILL, "RECONCILIATION", job.windowId(), now)))
                .then();
        return kills
                .then(jobs.commandSent(resent, now))
                .then(jobs.notMissing(listedAgain))
                .then(jobs.missingSince(nowMissing, seen))
                .then(Flux.fromIterable(resolved).concatMap(jobs::updateState).then())
                .then(Mono.defer(() -> events.isEmpty() ? Mono.<Void>empty() : outbox.appendAll(events)))
                .then(Mono.fromSupplier(() -> {
                    if (!events.isEmpty()) {
                        log.info("reconciled robot {}: {} command(s) sent again, {} job(s) resolved",
                                heartbeat.robotId(), events.size() - resolved.size(), resolved.size());
                    }
                    return events.size();
                }));
    }

    private static JobState resolution(JobState state) {
        return switch (state) {
            case STOPPING -> JobState.STOPPED;
            case TERMINATING -> JobState.KILLED;
            default -> JobState.FAULTED;
        };
    }
}
