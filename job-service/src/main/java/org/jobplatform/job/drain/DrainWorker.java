package org.jobplatform.job.drain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jobplatform.contracts.DrainStrategy;
import org.jobplatform.contracts.JobState;
import org.jobplatform.contracts.MaintenancePhaseChanged;
import org.jobplatform.contracts.Phase;
import org.jobplatform.contracts.RobotCommandIssued;
import org.jobplatform.contracts.RobotCommandType;
import org.jobplatform.job.lifecycle.JobActivity;
import org.jobplatform.job.lifecycle.JobEvents;
import org.jobplatform.job.lifecycle.HintedWorker;
import org.jobplatform.job.lifecycle.JobService;
import org.jobplatform.job.lifecycle.RobotCommands;
import org.jobplatform.job.lifecycle.persistence.JobRepository;
import org.jobplatform.starter.outbox.OutboxRelay;
import org.jobplatform.starter.phase.EffectiveState;
import org.jobplatform.starter.phase.PhaseListener;
import org.jobplatform.starter.phase.PhaseView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * job-service's reaction to maintenance, per tenant and its effective phase:
 * <ul>
 * <li>strategy {@code STOP} (the default): every RUNNING job gets a Stop and turns STOPPING;</li>
 * <li>strategy {@code FINISH}: running jobs go on;</li>
 * <li>{@code killJobs}, or the {@code drainDeadline} passed: every RUNNING or STOPPING job gets a Kill and turns
 * TERMINATING (a job sent its START but not yet started turns KILLED);</li>
 * <li>SUSPENDED with {@code killJobs} or {@code force}: the same Kill; robots cannot be reached while suspended, so
 * it reaches them when they call in after the end (reconciliation), and a job that ended meanwhile ends in the state
 * its robot reports.</li>
 * </ul>
 * Every change carries reason MAINTENANCE and the window id; a job is only counted ended when its robot says so.
 * Pending jobs are held by the {@code Dispatcher}.
 * <p>
 * Every instance sweeps; each batch is one transaction over rows locked with {@code skip locked}, so instances
 * share the work, and an instance that dies mid-batch rolls back and leaves its rows to the others. An instance runs
 * {@code jobs.drain.concurrency} batches at once, which share a tenant's jobs the same way. The sweep runs
 * when a phase changes or a job starts in maintenance, and on a timer while any scope is in maintenance: that also
 * kills at a deadline and stops a job whose start crossed the window's.
 */
@Component
public class DrainWorker extends HintedWorker implements PhaseListener {

    private static final Logger log = LoggerFactory.getLogger(DrainWorker.class);

    private final JobRepository jobs;
    private final OutboxRelay relay;
    private final TransactionalOperator tx;
    private final PhaseView view;
    private final JobActivity activity;
    private final DrainProgressPublisher progress;
    private final RobotCommands commands;
    private final int batchSize;
    private final int concurrency;

    public DrainWorker(JobRepository jobs, OutboxRelay relay, TransactionalOperator tx, PhaseView view,
            JobActivity activity, DrainProgressPublisher progress, RobotCommands commands,
            @Value("${jobs.drain.hint-interval:50ms}") Duration hintInterval,
            @Value("${jobs.drain.sweep-interval:1s}") Duration sweepInterval,
            @Value("${jobs.drain.batch-size:5000}") int batchSize,
            @Value("${jobs.drain.concurrency:1}") int concurrency) {
        super("drain sweep", view, hintInterval, sweepInterval);
        this.jobs = jobs;
        this.relay = relay;
        this.tx = tx;
        this.view = view;
        this.activity = activity;
        this.progress = progress;
        this.commands = commands;
        this.batchSize = batchSize;
        if (batchSize < 1 || concurrency < 1) {
            throw new IllegalArgumentException("jobs.drain.batch-size and jobs.drain.concurrency must be at least 1, "
                    + "got " + batchSize + " and " + concurrency);
        }
        this.concurrency = concurrency;
    }

    @Override
    public void onPhaseApplied(MaintenancePhaseChanged change, boolean catchUp) {
        activity.drainWanted();
    }

    @Override
    protected boolean takeHint() {
        return activity.takeDrainWanted();
    }

    @Override
    protected void hint() {
        activity.drainWanted();
    }

    @Override
    protected boolean active() {
        return inMaintenance();
    }

    /** A sweep, during which this instance's consumer of robot reports waits (decision 21). */
    @Override
    protected Mono<Long> pass() {
        return Mono.defer(() -> {
            activity.sweepStarted();
            return sweep().doFinally(signal -> activity.sweepEnded());
        });
    }

    private boolean inMaintenance() {
        return view.states().stream().anyMatch(s -> s.phase() != Phase.NONE);
    }

    /** One sweep over every tenant in maintenance; emits how many jobs changed. */
    public Mono<Long> sweep() {
        Flux<String> tenants = view.hostPhase() != Phase.NONE ? jobs.tenantsWithActiveJobs()
                : Flux.fromIterable(view.states()).filter(s -> s.tenantId() != null && s.phase() != Phase.NONE)
                        .map(MaintenancePhaseChanged::tenantId);
        return tenants.concatMap(this::drainTenant).reduce(0L, Long::sum);
    }

    /** What maintenance asks of a tenant's jobs now. */
    enum Action {
        NOTHING, STOP, KILL
    }

    static Action action(EffectiveState state, Instant now) {
        MaintenancePhaseChanged source = state.source();
        if (state.phase() == Phase.NONE || source == null) {
            return Action.NOTHING;
        }
        if (state.phase() == Phase.SUSPENDED) {
            return source.killJobs() || source.force() ? Action.KILL : Action.NOTHING;
        }
        if (source.killJobs() || deadlinePassed(source, now)) {
            return Action.KILL;
        }
        return source.strategy() == DrainStrategy.FINISH ? Action.NOTHING : Action.STOP;
    }

    private static boolean deadlinePassed(MaintenancePhaseChanged source, Instant now) {
        if (source.drainDeadline() == null || source.since() == null) {
            return false;
        }
        try {
            return !now.isBefore(source.since().plus(Duration.parse(source.drainDeadline())));
        } catch (RuntimeException e) {
            log.warn("ignoring drain deadline '{}' of {}: {}", source.drainDeadline(), source.scope(), e.getMessage());
            return false;
        }
    }

    private Mono<Long> drainTenant(String tenant) {
        EffectiveState state = view.effective(tenant);
        Action action = action(state, Instant.now());
        if (action == Action.NOTHING) {
            return Mono.just(0L);
        }
        List<JobState> states = action == Action.STOP ? List.of(JobState.RUNNING)
                : List.of(JobState.RUNNING, JobState.STOPPING);
        Mono<Long> batch = Mono.defer(() -> {
            Instant now = Instant.now();
            long started = System.nanoTime();
            long[] moved = new long[1];
            JobState target = action == Action.STOP ? JobState.STOPPING : JobState.TERMINATING;
            return tx.transactional(jobs.moveInStates(tenant, states, action != Action.STOP, target, JobState.KILLED,
                    JobService.BY_MAINTENANCE, state.windowId(), now, batchSize).collectList()
                    .doOnNext(rows -> moved[0] = System.nanoTime()))
                    .map(rows -> {
                        // committed: the robots hear of it now, not after the relay
                        commands.send(commands(tenant, rows, action, state.windowId(), now));
                        if (log.isDebugEnabled() && !rows.isEmpty()) {
                            log.debug("sweep batch of {} job(s) of {}: moved with their events in {} ms, committed "
                                    + "{} ms later", rows.size(), tenant, millis(moved[0] - started),
                                    millis(System.nanoTime() - moved[0]));
                        }
                        return (long) rows.size();
                    });
        });
        // batch after batch until a batch finds less than it could take: rows another transaction holds (another
        // instance's, or this one's next to it) are skipped, not waited for
        Mono<Long> batches = batch.expand(changed -> changed >= batchSize ? batch : Mono.empty()).reduce(0L, Long::sum);
        return Flux.range(0, concurrency).flatMap(i -> batches, concurrency).reduce(0L, Long::sum)
                .doOnNext(changed -> {
                    if (changed > 0) {
                        relay.relayNow();
                        progress.changed(tenant);
                        log.info("maintenance {} {}: {} job(s) of {}", action, state.windowId(), changed, tenant);
                    }
                });
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }

    /** The commands for the robots of a batch's jobs, to send once it commits. */
    private static List<RobotCommandIssued> commands(String tenant, List<JobRepository.Moved> moved, Action action,
            String windowId, Instant now) {
        List<RobotCommandIssued> toRobots = new ArrayList<>(moved.size());
        RobotCommandType type = action == Action.STOP ? RobotCommandType.STOP : RobotCommandType.KILL;
        for (JobRepository.Moved m : moved) {
            if (m.robotId() != null) {
                toRobots.add(JobEvents.command(m.jobId(), tenant, m.robotId(), type, JobService.BY_MAINTENANCE,
                        windowId, now));
            }
        }
        return toRobots;
    }
}
