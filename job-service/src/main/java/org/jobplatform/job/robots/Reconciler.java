package org.jobplatform.job.robots;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jobplatform.contracts.JobState;
import org.jobplatform.contracts.RobotCommandIssued;
import org.jobplatform.contracts.RobotCommandType;
import org.jobplatform.contracts.RobotHeartbeatReceived;
import org.jobplatform.job.drain.DrainProgressPublisher;
import org.jobplatform.job.lifecycle.Job;
import org.jobplatform.job.lifecycle.JobActivity;
import org.jobplatform.job.lifecycle.JobEvents;
import org.jobplatform.job.lifecycle.JobService;
import org.jobplatform.job.lifecycle.RobotCommands;
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
 * <li>a job the robot runs that had ended here, or was another robot's, when the robot called in gets a Kill (a
 * job that ended after it is one the robot may have stopped since: the heartbeat cannot tell).</li>
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
    private final RobotCommands commands;
    private final Duration resendAfter;
    private final Duration missingGrace;

    public Reconciler(JobRepository jobs, RobotPresence presence, Outbox outbox, OutboxRelay relay,
            TransactionalOperator tx, JobActivity activity, DrainProgressPublisher progress, RobotCommands commands,
            @Value("${jobs.reconciliation.resend-after:3s}") Duration resendAfter,
            @Value("${jobs.reconciliation.missing-grace:10s}") Duration missingGrace) {
        this.jobs = jobs;
        this.presence = presence;
        this.outbox = outbox;
        this.relay = relay;
        this.tx = tx;
        this.activity = activity;
        this.progress = progress;
        this.commands = commands;
        this.resendAfter = resendAfter;
        this.missingGrace = missingGrace;
    }

    /** Applies one heartbeat; emits how many commands were sent and jobs resolved. */
    public Mono<Integer> heartbeat(RobotHeartbeatReceived heartbeat) {
        return heartbeats(List.of(heartbeat));
    }

    /**
     * Applies the heartbeats of different robots in one transaction, with a few statements for all of them rather
     * than several per robot; emits how many commands were sent and jobs resolved.
     */
    public Mono<Integer> heartbeats(List<RobotHeartbeatReceived> heartbeats) {
        if (heartbeats.isEmpty()) {
            return Mono.just(0);
        }
        List<String> robots = heartbeats.stream().map(RobotHeartbeatReceived::robotId).toList();
        Mono<Changes> work = presence.seenAll(heartbeats)
                .thenMany(jobs.lockOnRobots(robots)).collectList()
                .flatMap(tracked -> reconcile(heartbeats, tracked));
        return tx.transactional(work).map(changes -> {
            commands.send(changes.commands);
            int count = changes.commands.size() + changes.resolved.size();
            if (!changes.resolved.isEmpty()) {
                relay.relayNow();
            }
            if (count > 0) {
                heartbeats.stream().map(RobotHeartbeatReceived::tenantId).distinct().forEach(progress::changed);
            }
            activity.dispatchWanted();
            return count;
        });
    }

    /** What the heartbeats ask for, gathered so that each kind of change is one statement. */
    private static final class Changes {
        final Instant now = Instant.now();
        final List<Outbox.Entry> events = new ArrayList<>();
        /** Sent once the transaction commits. */
        final List<RobotCommandIssued> commands = new ArrayList<>();
        final List<String> resent = new ArrayList<>();
        final List<String> listedAgain = new ArrayList<>();
        final List<String> nowMissing = new ArrayList<>();
        final List<Instant> missingSince = new ArrayList<>();
        final List<Job> resolved = new ArrayList<>();
        /** Per robot, the jobs it lists that it should not run (ended here, or another robot's) may get a Kill. */
        final Map<String, RobotHeartbeatReceived> foreign = new LinkedHashMap<>();
    }

    private Mono<Changes> reconcile(List<RobotHeartbeatReceived> heartbeats, List<JobRepository.Tracked> tracked) {
        Map<String, List<JobRepository.Tracked>> byRobot = new HashMap<>();
        tracked.forEach(t -> byRobot.computeIfAbsent(t.job().robotId(), r -> new ArrayList<>()).add(t));
        Changes changes = new Changes();
        for (RobotHeartbeatReceived heartbeat : heartbeats) {
            decide(heartbeat, listed(heartbeat), byRobot.getOrDefault(heartbeat.robotId(), List.of()), changes);
        }
        Mono<Void> kills = jobs.findAll(List.copyOf(changes.foreign.keySet()))
                .doOnNext(job -> {
                    RobotHeartbeatReceived heartbeat = changes.foreign.get(job.id());
                    // a job that changed after the robot called in (it ended, or moved) may be one the robot has
                    // stopped since: only a change from before the heartbeat shows that the robot runs it wrongly
                    if (job.tenantId().equals(heartbeat.tenantId()) && job.updatedAt().isBefore(heartbeat.at())
                            && (job.state().isFinal() || !heartbeat.robotId().equals(job.robotId()))) {
                        changes.commands.add(JobEvents.command(job.withRobot(heartbeat.robotId()),
                                RobotCommandType.KILL, "RECONCILIATION", job.windowId(), changes.now));
                    }
                })
                .then();
        return kills
                .then(jobs.commandSent(changes.resent, changes.now))
                .then(jobs.notMissing(changes.listedAgain))
                .then(jobs.missingSince(changes.nowMissing, changes.missingSince))
                .then(Flux.fromIterable(changes.resolved).concatMap(jobs::updateState).then())
                .then(Mono.defer(() -> changes.events.isEmpty() ? Mono.<Void>empty()
                        : outbox.appendAll(changes.events)))
                .then(Mono.fromSupplier(() -> {
                    if (!changes.commands.isEmpty() || !changes.resolved.isEmpty()) {
                        log.info("reconciled {} robot(s): {} command(s) sent again, {} job(s) resolved",
                                heartbeats.size(), changes.commands.size(), changes.resolved.size());
                    }
                    return changes;
                }));
    }

    private static Set<String> listed(RobotHeartbeatReceived heartbeat) {
        Set<String> listed = new HashSet<>();
        for (String id : heartbeat.runningJobIds() == null ? List.<String>of() : heartbeat.runningJobIds()) {
            try {
                listed.add(UUID.fromString(id).toString());
            } catch (IllegalArgumentException e) {
                log.warn("robot {} lists '{}', which is not a job id", heartbeat.robotId(), id);
            }
        }
        return listed;
    }

    private void decide(RobotHeartbeatReceived heartbeat, Set<String> listed, List<JobRepository.Tracked> tracked,
            Changes changes) {
        // decisions are measured against when the robot called in, not when the heartbeat is read: a lagging
        // consumer must not take a command sent after the heartbeat for one the robot ignored
        Instant seen = heartbeat.at();
        Instant resendBefore = seen.minus(resendAfter);
        Set<String> known = new HashSet<>();
        for (JobRepository.Tracked t : tracked) {
            Job job = t.job();
            known.add(job.id());
            boolean due = t.commandSentAt() == null || t.commandSentAt().isBefore(resendBefore);
            if (listed.contains(job.id())) {
                if (t.missingSince() != null) {
                    changes.listedAgain.add(job.id());
                }
                RobotCommandType again = job.state() == JobState.STOPPING ? RobotCommandType.STOP
                        : job.state() == JobState.TERMINATING ? RobotCommandType.KILL : null;
                if (again != null && due) {
                    changes.commands.add(JobEvents.command(job, again, "RECONCILIATION", job.windowId(), changes.now));
                    changes.resent.add(job.id());
                }
            } else if (job.state() == JobState.PENDING) {
                if (due) {
                    changes.commands.add(JobEvents.command(job, RobotCommandType.START, "RECONCILIATION", null,
                            changes.now));
                    changes.resent.add(job.id());
                }
            } else if (!job.updatedAt().isBefore(seen)) {
                continue; // it changed after the robot called in: the heartbeat cannot tell
            } else if (t.missingSince() == null) {
                changes.nowMissing.add(job.id());
                changes.missingSince.add(seen);
            } else if (!t.missingSince().isAfter(seen.minus(missingGrace))) {
                Job ended = job.moveTo(resolution(job.state()), JobService.BY_RECONCILIATION, job.windowId(),
                        changes.now);
                changes.resolved.add(ended);
                changes.events.add(JobEvents.changed(ended, job.state()));
            }
        }
        listed.stream().filter(id -> !known.contains(id)).forEach(id -> changes.foreign.put(id, heartbeat));
    }

    private static JobState resolution(JobState state) {
        return switch (state) {
            case STOPPING -> JobState.STOPPED;
            case TERMINATING -> JobState.KILLED;
            default -> JobState.FAULTED;
        };
    }
}
