package org.jobplatform.job.lifecycle;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import org.jobplatform.contracts.JobState;
import org.jobplatform.contracts.JobRequested;
import org.jobplatform.contracts.JobStateReported;
import org.jobplatform.contracts.Phase;
import org.jobplatform.contracts.RobotCommandIssued;
import org.jobplatform.contracts.RobotCommandType;
import org.jobplatform.job.drain.DrainProgressPublisher;
import org.jobplatform.job.lifecycle.persistence.JobRepository;
import org.jobplatform.starter.outbox.Outbox;
import org.jobplatform.starter.outbox.OutboxRelay;
import org.jobplatform.starter.phase.PhaseView;
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
    /** Why a change happened: a trigger asked for the job. */
    public static final String BY_SCHEDULE = "SCHEDULE";
    /** Why a change happened: a maintenance window (the change carries its id). */
    public static final String BY_MAINTENANCE = RobotCommandIssued.BY_MAINTENANCE;
    /** Why a change happened: the robot's heartbeat no longer lists a job it had. */
    public static final String BY_RECONCILIATION = "RECONCILIATION";

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(JobService.class);

    private final JobRepository jobs;
    private final Outbox outbox;
    private final OutboxRelay relay;
    private final TransactionalOperator tx;
    private final DrainProgressPublisher progress;
    private final JobActivity activity;
    private final PhaseView view;
    private final RobotCommands commands;

    public JobService(JobRepository jobs, Outbox outbox, OutboxRelay relay, TransactionalOperator tx,
            DrainProgressPublisher progress, JobActivity activity, PhaseView view, RobotCommands commands) {
        this.jobs = jobs;
        this.outbox = outbox;
        this.relay = relay;
        this.tx = tx;
        this.progress = progress;
        this.activity = activity;
        this.view = view;
        this.commands = commands;
    }

    /** Creates a PENDING job of a tenant; it is dispatched when a robot has room and the tenant is not in maintenance. */
    public Mono<Job> create(String tenantId, String processName, String robotId, String inputArguments) {
        Job job = newJob(tenantId, processName, robotId, inputArguments, BY_USER);
        return tx.transactional(jobs.insert(job).then(publish(job, null))).thenReturn(job)
                .doOnSuccess(this::committed);
    }

    /**
     * Creates the job a trigger asked for, with the request's answer, in one transaction: the job and
     * {@code JobRequestAccepted} commit together, so a request is never answered without its job.
     */
    public Mono<Job> createRequested(JobRequested request, Function<Job, Mono<Void>> answer) {
        Job job = newJob(request.tenantId(), request.processName(), request.robotId(), request.inputArguments(),
                BY_SCHEDULE);
        Mono<Void> work = jobs.insert(job, request.requestId(), request.triggerId()).then(publish(job, null))
                .then(answer.apply(job));
        return tx.transactional(work).thenReturn(job).doOnSuccess(this::committed);
    }

    private static Job newJob(String tenantId, String processName, String robotId, String inputArguments,
            String reason) {
        Instant now = Instant.now();
        return new Job(UUID.randomUUID().toString(), tenantId, processName, robotId, inputArguments, JobState.PENDING,
                reason, null, now, now, null);
    }

    /** A job, if the caller's tenant owns it ({@code null} tenant: any job, for host admins). */
    public Mono<Job> find(UUID id, String tenantOrNull) {
        return jobs.find(id).filter(job -> tenantOrNull == null || tenantOrNull.equals(job.tenantId()));
    }

    /** How many jobs are in each state, of one tenant or of all ({@code null}). */
    public Mono<java.util.Map<String, Long>> counts(String tenantOrNull) {
        return jobs.countByState(tenantOrNull);
    }

    /** Jobs newest first. */
    public Flux<Job> list(String tenantOrNull, JobState stateOrNull, int limit) {
        return jobs.list(tenantOrNull, stateOrNull, limit);
    }

    /** Applies a user's stop or kill; emits the job as it is afterwards, empty if not found for this tenant. */
    public Mono<Job> command(UUID id, String tenantOrNull, JobCommand command) {
        return Mono.defer(() -> {
            List<RobotCommandIssued> issued = new ArrayList<>();
            return tx.transactional(command(id, tenantOrNull, command, issued)).doOnSuccess(job -> {
                commands.send(issued);
                committed(job);
            });
        });
    }

    private Mono<Job> command(UUID id, String tenantOrNull, JobCommand command, List<RobotCommandIssued> issued) {
        return jobs.lock(id)
                .filter(job -> tenantOrNull == null || tenantOrNull.equals(job.tenantId()))
                .flatMap(job -> {
                    JobState target = command.target(job);
                    if (target == null) {
                        return Mono.just(job);
                    }
                    Instant now = Instant.now();
                    Job changed = job.moveTo(target, BY_USER, null, now);
                    Mono<Void> toRobot = Mono.empty();
                    if (job.onRobot()) {
                        // the robot has the job or may be starting it: tell it, whatever the job's state now
                        RobotCommandType type = command == JobCommand.STOP ? RobotCommandType.STOP
                                : RobotCommandType.KILL;
                        issued.add(JobEvents.command(changed, type, BY_USER, null, now));
                        toRobot = jobs.commandSent(List.of(job.id()), now);
                    }
                    return jobs.updateState(changed).then(publish(changed, job.state())).then(toRobot)
                            .thenReturn(changed);
                });
    }

    /**
     * Applies a robot's report to its job: a legal change is written and published with reason ROBOT and the
     * robot as the job's robot; a report of the current state, of an illegal change, of an unknown job, of another
     * tenant's job or of a job on another robot changes nothing.
     */
    public Mono<Job> robotReported(JobStateReported report) {
        return robotReported(List.of(report)).flatMap(changed -> Mono.justOrEmpty(changed.stream().findFirst()));
    }

    /**
     * Applies many reports in one transaction, in order (a job reported twice moves twice): the jobs are locked
     * together, changed in memory, and written with one statement; emits the jobs that changed, as they ended up.
     */
    public Mono<List<Job>> robotReported(List<JobStateReported> reports) {
        List<JobStateReported> usable = reports.stream().filter(JobService::hasJobId).toList();
        if (usable.isEmpty()) {
            return Mono.just(List.of());
        }
        List<UUID> ids = usable.stream().map(r -> UUID.fromString(r.jobId())).distinct().sorted().toList();
        Mono<List<Job>> work = jobs.lockAll(ids).collectMap(Job::id).flatMap(locked -> {
            Map<String, Job> current = new LinkedHashMap<>(locked);
            Map<String, Job> changed = new LinkedHashMap<>();
            List<Outbox.Entry> events = new ArrayList<>();
            Instant now = Instant.now();
            for (JobStateReported report : usable) {
                Job job = current.get(UUID.fromString(report.jobId()).toString());
                if (job == null || !applies(report, job)) {
                    continue;
                }
                Job next = job.moveTo(report.state(), BY_ROBOT, job.windowId(), now).withRobot(report.robotId());
                current.put(next.id(), next);
                changed.put(next.id(), next);
                events.add(JobEvents.changed(next, job.state()));
            }
            if (changed.isEmpty()) {
                return Mono.just(List.<Job>of());
            }
            List<Job> result = List.copyOf(changed.values());
            return jobs.updateStates(result, now).then(outbox.appendAll(events)).thenReturn(result);
        });
        return tx.transactional(work).doOnNext(this::committed);
    }

    private static boolean hasJobId(JobStateReported report) {
        try {
            UUID.fromString(report.jobId());
            return true;
        } catch (IllegalArgumentException | NullPointerException e) {
            log.warn("ignoring a report for '{}', which is not a job id", report.jobId());
            return false;
        }
    }

    private static boolean applies(JobStateReported report, Job job) {
        if (!job.tenantId().equals(report.tenantId())) {
            log.warn("ignoring robot {} of tenant {} reporting on job {} of tenant {}", report.robotId(),
                    report.tenantId(), job.id(), job.tenantId());
            return false;
        }
        if (job.robotId() != null && !job.robotId().equals(report.robotId())) {
            // the job is another robot's (named, or handed over): reconciliation stops this one
            log.warn("ignoring robot {} reporting {} for job {} of robot {}", report.robotId(), report.state(),
                    job.id(), job.robotId());
            return false;
        }
        if (job.state() == report.state() || !job.state().canMoveTo(report.state())) {
            if (job.state() != report.state()) {
                log.info("ignoring report {} for job {} in {}", report.state(), job.id(), job.state());
            }
            return false;
        }
        return true;
    }

    private void committed(Job job) {
        committed(job == null ? List.of() : List.of(job));
    }

    /** After a commit: one wake-up of the relay for all of it, and the hints each changed job calls for. */
    private void committed(List<Job> changed) {
        relay.relayNow();
        for (Job job : changed) {
            progress.changed(job.tenantId());
            if (job.state() == JobState.PENDING || job.state().isFinal()) {
                activity.dispatchWanted();
            }
            if (job.state() == JobState.RUNNING && view.effectivePhase(job.tenantId()) != Phase.NONE) {
                activity.drainWanted();
            }
        }
    }

    private Mono<Void> publish(Job job, JobState previous) {
        return outbox.appendAll(List.of(JobEvents.changed(job, previous)));
    }
}
