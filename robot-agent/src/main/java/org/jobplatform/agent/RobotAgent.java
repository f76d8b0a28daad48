package org.jobplatform.agent;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated robot: it calls in with its running jobs, acts on the commands it gets and delivers what its jobs
 * write.
 *
 * <p><b>Heartbeats.</b> Every {@code pollAfterMs} (from the last answer; {@link AgentConfig#pollAfter()} until the
 * first) the robot first delivers its outbox, then sends {@code {runningJobIds, capacity}} and acts on the commands
 * in the answer. With {@link AgentConfig#sse()} it also keeps the command stream open.
 *
 * <p><b>Commands, at most once per job.</b> A command id seen before is ignored; START for a job the robot runs or
 * ran (the last {@link AgentConfig#rememberedJobs()} jobs) is not run again: for a job that ended here the robot
 * reports how it ended once more, since the server evidently missed it; STOP or KILL for a job it does not run is
 * ignored. START at capacity is refused and not remembered, so the same job may be sent again later. STOP ends the
 * job at its next step with a last line "stopped" and reports STOPPED; KILL ends it at once and reports KILLED.
 *
 * <p><b>Outbox.</b> Log lines (with an id made when written), state reports and queue items go through one
 * outbox, delivered in order and removed only after a 2xx. On 503 the robot waits {@code Retry-After} (capped by
 * {@link AgentConfig#retryAfterCap()}) and keeps everything; on connection errors and 5xx it backs off
 * exponentially up to {@link AgentConfig#maxBackoff()}; a 4xx means the item itself is wrong: it is logged and
 * dropped. Memory holds at most {@link AgentConfig#memoryBound()} items: with a data directory every item is
 * also on disk, memory holds the oldest ones and nothing is dropped (what was not delivered survives a restart);
 * without one, log lines and queue items written at the bound are dropped and counted, state reports are kept.
 *
 * <p><b>Stopping.</b> {@link #stop()} takes no more commands, ends running jobs as STOPPED, lets the outbox drain
 * for {@link AgentConfig#shutdownGrace()} and then waits for the call in flight before closing the outbox.
 */
public final class RobotAgent {

    private static final Logger log = LoggerFactory.getLogger(RobotAgent.class);
    private static final Pattern QUEUE = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9._-]{0,99}");
    /** Beyond the request timeout, how long stop waits for the call in flight to be answered. */
    private static final Duration HALT_MARGIN = Duration.ofSeconds(1);

    private enum Lifecycle {
        NEW, RUNNING, STOPPING, STOPPED
    }

    private final RobotCredentials credentials;
    private final AgentConfig config;
    private final AgentRuntime runtime;
    private final AgentListener listener;
    private final Counters counters = new Counters();
    private final Map<String, SimulatedJob> running = new ConcurrentHashMap<>();
    private final Outbox outbox;
    private final Courier courier;
    private final CommandStream stream;
    private final SimulatedJob.Host host;
    // guarded by this
    private final RecentIds recentJobs;
    private final RecentIds recentCommands;
    /**
     * How the most recent jobs that ended here ended. Its own lock, taken last: a job ends holding its own monitor,
     * and a command is handled holding this agent's, so taking the agent's monitor here would deadlock.
     */
    private final Map<String, ReportedState> endedJobs;
    private Lifecycle lifecycle = Lifecycle.NEW;
    private CompletableFuture<Void> stopped;

    /**
     * A robot, not started yet. With a data directory its outbox is opened now, so what an earlier run left is
     * counted in {@link #pendingItems()} at once.
     *
     * @throws java.io.UncheckedIOException if the outbox cannot be opened (for example another agent uses it)
     */
    public RobotAgent(RobotCredentials credentials, AgentConfig config, AgentRuntime runtime,
            AgentListener listener) {
        this.credentials = credentials;
        this.config = config;
        this.runtime = runtime;
        this.listener = listener == null ? AgentListener.NONE : listener;
        this.recentJobs = new RecentIds(config.rememberedJobs());
        this.recentCommands = new RecentIds(config.rememberedJobs());
        int remembered = config.rememberedJobs();
        this.endedJobs = Collections.synchronizedMap(new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, ReportedState> eldest) {
                return size() > remembered;
            }
        });
        String robotId = credentials.robotId();
        this.outbox = config.dataDir() == null ? Outbox.inMemory(robotId, config.memoryBound())
                : Outbox.journaled(robotId, config.memoryBound(), outboxDir(config.dataDir(), robotId),
                        runtime.json());
        Gate gate = new Gate();
        GatewayClient client = new GatewayClient(runtime, config, credentials);
        this.courier = new Courier(robotId, config, runtime, outbox, client, gate, counters, this.listener,
                running::keySet, this::handle);
        this.stream = config.sse()
                ? new CommandStream(robotId, config, runtime, client, gate, counters, this.listener, this::handle)
                : null;
        this.host = new SimulatedJob.Host() {
            @Override
            public void write(OutboxItem item) {
                RobotAgent.this.write(item);
            }

            @Override
            public void ended(SimulatedJob job, ReportedState state) {
                jobEnded(job, state);
            }

            @Override
            public ScheduledExecutorService scheduler() {
                return runtime.scheduler();
            }
        };
    }

    /** Where a robot keeps its outbox inside a data directory. */
    public static Path outboxDir(Path dataDir, String robotId) {
        return dataDir.resolve("outbox").resolve(robotId.replaceAll("[^A-Za-z0-9._-]", "_"));
    }

    public String robotId() {
        return credentials.robotId();
    }

    /** Starts heartbeats (the first one at once, after the outbox) and, if configured, the command stream. */
    public synchronized void start() {
        if (lifecycle != Lifecycle.NEW) {
            throw new IllegalStateException("robot " + robotId() + " was started before; make a new RobotAgent");
        }
        lifecycle = Lifecycle.RUNNING;
        courier.startHeartbeats();
        if (stream != null) {
            stream.open();
        }
    }

    /** Stops with the configured grace and returns when the outbox is closed. */
    public void stop() {
        stopAsync(config.shutdownGrace()).join();
    }

    /**
     * Stops: no more commands, running jobs end as STOPPED, the outbox drains for up to {@code grace}, then the call
     * in flight is awaited and the outbox closed. What is left is kept on disk with a data directory and lost
     * without one (logged). Calling it again returns the same future.
     */
    public CompletableFuture<Void> stopAsync(Duration grace) {
        synchronized (this) {
            if (stopped != null) {
                return stopped;
            }
            if (lifecycle == Lifecycle.NEW) {
                lifecycle = Lifecycle.STOPPED;
                outbox.close();
                stopped = CompletableFuture.completedFuture(null);
                return stopped;
            }
            lifecycle = Lifecycle.STOPPING;
            if (stream != null) {
                stream.close();
            }
            courier.stopHeartbeats();
            running.values().forEach(SimulatedJob::shutDown);
            Duration haltWait = config.requestTimeout().plus(HALT_MARGIN);
            stopped = Polling.until(outbox::isEmpty, grace, runtime.scheduler())
                    .thenCompose(drained -> courier.halt()
                            .completeOnTimeout(null, haltWait.toMillis(), TimeUnit.MILLISECONDS))
                    .thenRun(this::closeOutbox);
            return stopped;
        }
    }

    /** What this robot wrote, delivered and received so far. */
    public AgentStats stats() {
        return counters.snapshot(running.size(), outbox.size());
    }

    /** The jobs running now. */
    public Set<String> runningJobIds() {
        return Set.copyOf(running.keySet());
    }

    /** Outbox items not delivered yet, in memory and on disk. */
    public int pendingItems() {
        return outbox.size();
    }

    /** Outbox items held in memory now: never more than {@link AgentConfig#memoryBound()} with a data directory. */
    public int itemsInMemory() {
        return outbox.inMemory();
    }

    /** No job runs and everything written was delivered (or dropped). */
    public boolean isIdle() {
        return running.isEmpty() && outbox.isEmpty();
    }

    /**
     * Adds an item to a queue, delivered through the outbox like a log line.
     *
     * @param content any value Jackson can write (a map, a record, a string...)
     * @return {@code false} if it was not taken: the robot stopped, or the memory bound is reached without a data
     *         directory
     * @throws IllegalArgumentException for a queue name the gateway would refuse, or a blank reference
     */
    public boolean addQueueItem(String queue, String reference, Object content) {
        if (queue == null || !QUEUE.matcher(queue).matches()) {
            throw new IllegalArgumentException("queue '" + queue + "' is not valid: use 1 to 100 letters, digits, "
                    + ". _ -, starting with a letter or digit");
        }
        if (reference == null || reference.isBlank()) {
            throw new IllegalArgumentException("reference is required");
        }
        synchronized (this) {
            if (lifecycle == Lifecycle.STOPPING || lifecycle == Lifecycle.STOPPED) {
                return false;
            }
        }
        boolean taken = outbox.add(OutboxItem.queueItem(queue, reference, runtime.json().valueToTree(content)));
        if (taken) {
            courier.itemWritten();
        }
        return taken;
    }

    @Override
    public String toString() {
        return "RobotAgent[" + robotId() + "]";
    }

    /** A command from a heartbeat answer or the stream; acted on at most once per job. */
    synchronized void handle(Command command, long receivedAtNanos) {
        if (lifecycle != Lifecycle.RUNNING) {
            return;
        }
        // a gateway that sends no id still gets at-most-once per job from the job id checks below
        String key = command.id() != null ? command.id() : command.type() + ":" + command.jobId();
        if (recentCommands.contains(key)) {
            counters.duplicateCommands.increment();
            return;
        }
        counters.commandReceived(command.type());
        listener.onCommand(robotId(), command, receivedAtNanos);
        switch (command.type()) {
            case START:
                start(command, key);
                break;
            case STOP:
                recentCommands.add(key);
                SimulatedJob toStop = running.get(command.jobId());
                if (toStop == null || !toStop.requestStop(command.reason())) {
                    counters.ignoredCommands.increment();
                }
                break;
            default:
                recentCommands.add(key);
                SimulatedJob toKill = running.get(command.jobId());
                if (toKill == null || !toKill.kill(command.reason())) {
                    counters.ignoredCommands.increment();
                }
        }
    }

    private void start(Command command, String key) {
        if (recentJobs.contains(command.jobId())) {
            recentCommands.add(key);
            counters.ignoredCommands.increment();
            ReportedState ended = endedJobs.get(command.jobId());
            if (ended != null) {
                write(OutboxItem.state(command.jobId(), ended, "ended on this robot before"));
            }
            return;
        }
        if (running.size() >= config.capacity()) {
            // not remembered: the server may send this job again once a slot is free
            counters.startsRefused.increment();
            log.warn("Robot {}: refusing job {}, already running {} jobs (its capacity)", robotId(),
                    command.jobId(), running.size());
            return;
        }
        recentCommands.add(key);
        recentJobs.add(command.jobId());
        SimulatedJob job = SimulatedJob.of(command, host);
        running.put(job.jobId(), job);
        job.start();
    }

    private void write(OutboxItem item) {
        boolean line = item.kind() == OutboxItem.Kind.LOG;
        if (line) {
            counters.logLinesWritten.increment();
        }
        if (outbox.add(item)) {
            courier.itemWritten();
        } else if (line) {
            counters.logLinesDropped.increment();
        }
    }

    private void jobEnded(SimulatedJob job, ReportedState state) {
        counters.jobEnded(state);
        endedJobs.put(job.jobId(), state);
        running.remove(job.jobId());
        listener.onJobEnded(robotId(), job.jobId(), state, System.nanoTime());
    }

    private void closeOutbox() {
        int left = outbox.size();
        outbox.close();
        synchronized (this) {
            lifecycle = Lifecycle.STOPPED;
        }
        if (left > 0) {
            if (config.dataDir() == null) {
                log.warn("Robot {} stopped with {} undelivered items; without a data directory they are lost",
                        robotId(), left);
            } else {
                log.info("Robot {} stopped with {} undelivered items, kept in {} for the next run", robotId(), left,
                        outboxDir(config.dataDir(), robotId()));
            }
        }
    }
}
