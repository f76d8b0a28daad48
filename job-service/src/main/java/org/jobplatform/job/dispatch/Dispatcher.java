package org.jobplatform.job.dispatch;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.jobplatform.contracts.MaintenancePhaseChanged;
import org.jobplatform.contracts.Phase;
import org.jobplatform.contracts.RobotCommandIssued;
import org.jobplatform.contracts.RobotCommandType;
import org.jobplatform.job.drain.DrainProgressPublisher;
import org.jobplatform.job.lifecycle.Job;
import org.jobplatform.job.lifecycle.JobActivity;
import org.jobplatform.job.lifecycle.JobEvents;
import org.jobplatform.job.lifecycle.HintedWorker;
import org.jobplatform.job.lifecycle.RobotCommands;
import org.jobplatform.job.lifecycle.persistence.JobRepository;
import org.jobplatform.job.robots.RobotPresence;
import org.jobplatform.starter.phase.PhaseListener;
import org.jobplatform.starter.phase.PhaseView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Assigns waiting jobs to robots and sends their START: the named robot if it is connected and has room, otherwise
 * the connected robot of the tenant with the most room; with no room the job waits PENDING. A tenant in maintenance
 * (DRAINING or SUSPENDED, its own or the host's) gets nothing dispatched: its pending jobs are held and go out after
 * the end.
 * <p>
 * Each tenant is dispatched in one transaction under a per-tenant advisory lock, so two instances never fill the
 * same robot twice; jobs are locked with {@code skip locked}. The worker runs when a hint says jobs or robots
 * changed, and on a timer.
 */
@Component
public class Dispatcher extends HintedWorker implements PhaseListener {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    private static final int BATCH = 1000;
    private static final Duration TAKE_BACK_EVERY = Duration.ofSeconds(1);

    private final AtomicLong lastTakeBack = new AtomicLong(System.nanoTime() - TAKE_BACK_EVERY.toNanos());

    private final DatabaseClient db;
    private final JobRepository jobs;
    private final RobotPresence robots;
    private final TransactionalOperator tx;
    private final PhaseView view;
    private final JobActivity activity;
    private final DrainProgressPublisher progress;
    private final RobotCommands commands;

    public Dispatcher(DatabaseClient db, JobRepository jobs, RobotPresence robots, TransactionalOperator tx,
            PhaseView view, JobActivity activity, DrainProgressPublisher progress,
            RobotCommands commands,
            @Value("${jobs.dispatch.hint-interval:50ms}") Duration hintInterval,
            @Value("${jobs.dispatch.sweep-interval:2s}") Duration sweepInterval) {
        super("dispatch", view, hintInterval, sweepInterval);
        this.db = db;
        this.jobs = jobs;
        this.robots = robots;
        this.tx = tx;
        this.view = view;
        this.activity = activity;
        this.progress = progress;
        this.commands = commands;
    }

    @Override
    public void onPhaseApplied(MaintenancePhaseChanged change, boolean catchUp) {
        if (change.phase() == Phase.NONE) {
            activity.dispatchWanted();
        }
    }

    @Override
    protected boolean takeHint() {
        return activity.takeDispatchWanted();
    }

    @Override
    protected void hint() {
        activity.dispatchWanted();
    }

    @Override
    protected Mono<Long> pass() {
        return dispatchAll();
    }

    /** Dispatches every tenant not in maintenance; emits how many jobs got a robot. */
    public Mono<Long> dispatchAll() {
        // passes run on every hint, many a second in a busy drain; looking for vanished robots once a second is enough
        long now = System.nanoTime();
        long last = lastTakeBack.get();
        boolean due = now - last >= TAKE_BACK_EVERY.toNanos() && lastTakeBack.compareAndSet(last, now);
        return (due ? takeBackFromVanishedRobots() : Mono.just(0L)).then(dispatchWaiting());
    }

    /**
     * A job sent to a robot that stopped calling in before it started the job waits for a robot again (its named
     * robot, or any): it was never confirmed started. Should the first robot come back and run it after all, its
     * report is ignored and its heartbeat earns it a Kill, since the job is another robot's by then.
     */
    private Mono<Long> takeBackFromVanishedRobots() {
        return db.sql("""
                update job set dispatched_at = null, robot_id = case when robot_named then robot_id end
                where state = 'PENDING' and dispatched_at < """ + RobotPresence.CUTOFF + """
                 and not exists (select 1 from robot_presence p where p.robot_id = job.robot_id
                   and p.last_seen > """ + RobotPresence.CUTOFF + ")")
                .bind("timeout", robots.connectedTimeout().toMillis() / 1000.0).fetch().rowsUpdated()
                .doOnNext(taken -> {
                    if (taken > 0) {
                        log.info("{} job(s) sent to robots that stopped calling in wait for a robot again", taken);
                    }
                });
    }

    private Mono<Long> dispatchWaiting() {
        return db.sql("select distinct tenant_id from job where state = 'PENDING' and dispatched_at is null")
                .map(row -> row.get("tenant_id", String.class)).all()
                .filter(tenant -> view.effectivePhase(tenant) == Phase.NONE)
                .concatMap(this::dispatchTenant)
                .reduce(0L, Long::sum);
    }

    private Mono<Long> dispatchTenant(String tenant) {
        return tx.transactional(lockTenant(tenant).flatMap(locked -> locked ? assign(tenant)
                : Mono.just(List.<RobotCommandIssued>of())))
                .map(starts -> {
                    commands.send(starts);
                    return (long) starts.size();
                })
                .doOnNext(count -> {
                    if (count > 0) {
                        progress.changed(tenant);
                        if (count >= BATCH) {
                            activity.dispatchWanted();
                        }
                    }
                });
    }

    private Mono<Boolean> lockTenant(String tenant) {
        return db.sql("select pg_try_advisory_xact_lock(hashtext('job-dispatch'), hashtext(:tenant)) as locked")
                .bind("tenant", tenant).map(row -> Boolean.TRUE.equals(row.get("locked", Boolean.class))).one();
    }

    /** Assigns the tenant's waiting jobs; emits their START commands, to be sent once this commits. */
    private Mono<List<RobotCommandIssued>> assign(String tenant) {
        return robots.connected(tenant).filter(r -> r.free() > 0).collectList().flatMap(connected -> {
            if (connected.isEmpty()) {
                return Mono.just(List.<RobotCommandIssued>of());
            }
            // only jobs that can go now: a job named for a robot without room must not hold up the others
            List<String> withRoom = connected.stream().map(RobotPresence.Connected::robotId).toList();
            return jobs.lockWaiting(tenant, withRoom, BATCH).collectList()
                    .flatMap(waiting -> send(plan(waiting, connected)));
        });
    }

    /** Which robot each job goes to: its named robot if that has room, else the robot with the most room. */
    static Map<Job, String> plan(List<Job> waiting, List<RobotPresence.Connected> connected) {
        Map<String, Long> free = new HashMap<>();
        connected.forEach(r -> free.put(r.robotId(), r.free()));
        Map<Job, String> plan = new LinkedHashMap<>();
        for (Job job : waiting) {
            if (job.robotId() != null) {
                Long left = free.get(job.robotId());
                if (left != null && left > 0) {
                    free.put(job.robotId(), left - 1);
                    plan.put(job, job.robotId());
                }
                continue;
            }
            String robot = null;
            long most = 0;
            for (Map.Entry<String, Long> candidate : free.entrySet()) {
                if (candidate.getValue() > most) {
                    most = candidate.getValue();
                    robot = candidate.getKey();
                }
            }
            if (robot != null) {
                free.put(robot, free.get(robot) - 1);
                plan.put(job, robot);
            }
        }
        return plan;
    }

    private Mono<List<RobotCommandIssued>> send(Map<Job, String> plan) {
        if (plan.isEmpty()) {
            return Mono.just(List.of());
        }
        Instant now = Instant.now();
        List<RobotCommandIssued> starts = new ArrayList<>();
        UUID[] ids = new UUID[plan.size()];
        String[] robotIds = new String[plan.size()];
        int i = 0;
        for (Map.Entry<Job, String> e : plan.entrySet()) {
            Job job = e.getKey().withRobot(e.getValue());
            starts.add(JobEvents.command(job, RobotCommandType.START, "DISPATCH", null, now));
            ids[i] = UUID.fromString(job.id());
            robotIds[i++] = job.robotId();
        }
        return db.sql("""
                update job set robot_id = d.robot, dispatched_at = :now, command_sent_at = :now
                from unnest(:ids, :robots) as d(id, robot) where job.job_id = d.id""")
                .bind("ids", ids).bind("robots", robotIds).bind("now", now.atOffset(ZoneOffset.UTC))
                .fetch().rowsUpdated()
                .thenReturn(starts);
    }
}
