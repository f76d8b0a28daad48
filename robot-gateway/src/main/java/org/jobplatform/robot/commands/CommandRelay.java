package org.jobplatform.robot.commands;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jobplatform.contracts.EventTypes;
import org.jobplatform.contracts.RobotCommandIssued;
import org.jobplatform.starter.messaging.EventCodec;
import org.jobplatform.starter.messaging.UndecodableEventException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.codec.ServerSentEvent;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.scheduler.Schedulers;

/**
 * Relays the commands read from {@code robots.commands.v1} to the robots connected to this instance. Every instance
 * reads the whole topic, since a robot may call any instance, and keeps per robot the commands not yet delivered:
 * a robot with an open event stream gets a command the moment it is read, any other robot in its next heartbeat
 * answer. The follower {@linkplain #queue queues} the records of a poll and then {@linkplain #deliverQueued delivers}
 * them, so a robot given several commands at once (a drain stops all its jobs) gets them in one write of its stream. A robot's queue is bounded (the oldest command is dropped beyond it), a command older than the TTL is
 * dropped, and a command id read twice is delivered once.
 *
 * <p>A command maintenance caused (reason {@code MAINTENANCE}) waits until this instance has applied its window
 * ({@link #windowApplied}), and no command is pushed to a robot whose tenant is cut off: job-service and this
 * instance apply a phase change each on their own, so without that a Kill of a forced SUSPENDED could reach a robot
 * in the moment before this instance cuts it off, and a robot would hear of a window before its gateway enforced it.
 *
 * <p>Delivery is fast, not certain, and that is by design: a gateway restarted before delivery, a command dropped
 * for age or overflow, a stream that breaks with a command in flight all lose it. job-service compares every
 * heartbeat (the jobs the robot runs) with what it asked for and re-issues any Start, Stop or Kill the robot has
 * not acted on, so a lost command costs time, never correctness. With several instances a robot may get a command
 * from each of them; a robot acts on a command id, and on a job's command, at most once, so that is harmless.
 */
public class CommandRelay implements Consumer<ConsumerRecord<String, byte[]>>, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CommandRelay.class);

    /** Command ids remembered at most, whatever their age, so that a flood cannot exhaust memory. */
    static final int MAX_REMEMBERED_IDS = 100_000;
    /** Windows remembered as applied at most; a command of a window forgotten waits no longer than its TTL. */
    static final int MAX_REMEMBERED_WINDOWS = 10_000;
    /** How often expired commands and idle robots are swept out, which bounds how late an expiry is counted. */
    private static final Duration SWEEP_EVERY = Duration.ofSeconds(1);

    private final EventCodec codec;
    private final RobotLinkProperties.Commands settings;
    private final Clock clock;
    private final Predicate<String> tenantCutOff;
    private final Map<String, Mailbox> mailboxes = new ConcurrentHashMap<>();
    /** Ids of the commands read within the TTL, with their issue time; used on the follower's thread only. */
    private final LinkedHashMap<String, Instant> seen = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
            return size() > MAX_REMEMBERED_IDS;
        }
    };
    /** Mailboxes given commands by {@link #queue} since the last {@link #deliverQueued}; the follower's thread only. */
    private final Set<Mailbox> queuedTo = new LinkedHashSet<>();
    /** Commands {@link #queue} took since the last delivery, and the earliest of their publishing times. */
    private int queuedCount;
    private long firstQueuedPublished = Long.MAX_VALUE;
    /** Ids of the maintenance windows this instance applied, newest last; written on the phase thread. */
    private final Set<String> appliedWindows = Collections.synchronizedSet(Collections.newSetFromMap(
            new LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > MAX_REMEMBERED_WINDOWS;
                }
            }));
    private final AtomicInteger openStreams = new AtomicInteger();
    private final Counter viaStream;
    private final Counter viaHeartbeat;
    private final Counter overflow;
    private final Counter expired;
    private volatile Disposable sweeper;

    /**
     * @param codec        decodes the events
     * @param settings     TTL, queue bound and keep-alive
     * @param clock        the clock a command's age is measured with
     * @param tenantCutOff whether a tenant's robots are cut off (SUSPENDED): their streams are closed
     * @param registry     where the meters go
     */
    public CommandRelay(EventCodec codec, RobotLinkProperties.Commands settings, Clock clock,
            Predicate<String> tenantCutOff, MeterRegistry registry) {
        this.codec = codec;
        this.settings = settings;
        this.clock = clock;
        this.tenantCutOff = tenantCutOff;
        this.viaStream = delivered(registry, "sse");
        this.viaHeartbeat = delivered(registry, "heartbeat");
        this.overflow = dropped(registry, "overflow");
        this.expired = dropped(registry, "expired");
        Gauge.builder("robots.commands.streams", openStreams, AtomicInteger::get)
                .description("Robot command streams open on this instance").register(registry);
    }

    private static Counter delivered(MeterRegistry registry, String via) {
        return Counter.builder("robots.commands.delivered").description("Commands handed to robots")
                .tag("via", via).register(registry);
    }

    private static Counter dropped(MeterRegistry registry, String why) {
        return Counter.builder("robots.commands.dropped")
                .description("Commands dropped undelivered on this instance (job-service re-issues them)")
                .tag("why", why).register(registry);
    }

    /** One robot's undelivered commands and open stream; guarded by its own monitor. */
    private static final class Mailbox {
        final String robotId;
        final ArrayDeque<Pending> queue = new ArrayDeque<>();
        CommandStream stream;
        boolean draining;
        /** Set when the sweeper removed it from the map; whoever still holds it must look it up again. */
        boolean retired;

        Mailbox(String robotId) {
            this.robotId = robotId;
        }
    }

    /**
     * A command not yet delivered.
     *
     * @param window the maintenance window it waits for, or {@code null} when it waits for none
     */
    private record Pending(RobotCommand command, Instant issuedAt, String window) {
    }

    /**
     * Takes one record of the command topic and delivers it at once if its robot's stream is open.
     *
     * @throws UndecodableEventException for a record that is not a deliverable {@code RobotCommandIssued}
     */
    @Override
    public void accept(ConsumerRecord<String, byte[]> record) {
        Mailbox mailbox = read(record);
        if (mailbox != null) {
            deliver(mailbox);
        }
    }

    /**
     * Takes one record of the command topic, on the follower's thread, and leaves it queued until
     * {@link #deliverQueued}.
     *
     * @throws UndecodableEventException for a record that is not a deliverable {@code RobotCommandIssued}; the
     *                                   follower sends it to its dead-letter topic
     */
    public void queue(ConsumerRecord<String, byte[]> record) {
        Mailbox mailbox = read(record);
        if (mailbox != null) {
            queuedTo.add(mailbox);
            queuedCount++;
            firstQueuedPublished = Math.min(firstQueuedPublished, record.timestamp());
        }
    }

    /** Pushes what {@link #queue} took to the open streams of its robots, one write per robot; the follower's thread. */
    public void deliverQueued() {
        try {
            queuedTo.forEach(this::deliver);
            if (log.isDebugEnabled() && queuedCount > 0) {
                log.debug("delivered {} command(s) read for {} robot(s), {} ms after the first was published",
                        queuedCount, queuedTo.size(), clock.millis() - firstQueuedPublished);
            }
        } finally {
            queuedTo.clear();
            queuedCount = 0;
            firstQueuedPublished = Long.MAX_VALUE;
        }
    }

    private void deliver(Mailbox mailbox) {
        synchronized (mailbox) {
            drain(mailbox);
        }
    }

    /** Decodes and queues a command; its robot's mailbox, or {@code null} when it was dropped or read before. */
    private Mailbox read(ConsumerRecord<String, byte[]> record) {
        String type = EventCodec.type(record);
        if (!EventTypes.ROBOT_COMMAND_ISSUED.equals(type)) {
            throw new UndecodableEventException("expected ce_type " + EventTypes.ROBOT_COMMAND_ISSUED + ", got '"
                    + type + "'");
        }
        RobotCommandIssued issued = codec.decode(record.value(), RobotCommandIssued.class);
        RobotCommand command = RobotCommand.of(issued, codec.mapper());
        String window = RobotCommandIssued.BY_MAINTENANCE.equals(issued.reason()) ? issued.windowId() : null;
        return offer(issued.robotId(), new Pending(command, issued.issuedAt(), window));
    }

    private Mailbox offer(String robotId, Pending pending) {
        Instant now = clock.instant();
        forgetIdsIssuedBefore(now.minus(settings.ttl()));
        if (isExpired(pending, now)) {
            dropExpired(robotId, pending);
            return null;
        }
        if (seen.putIfAbsent(pending.command().id(), pending.issuedAt()) != null) {
            log.debug("command {} for robot {} was read before: ignored", pending.command().id(), robotId);
            return null;
        }
        return withMailbox(robotId, mailbox -> {
            if (mailbox.queue.size() >= settings.maxQueuedPerRobot()) {
                Pending oldest = mailbox.queue.poll();
                overflow.increment();
                log.warn("robot {} has {} undelivered commands: dropped the oldest, {} {} of job {}", robotId,
                        settings.maxQueuedPerRobot(), oldest.command().type(), oldest.command().id(),
                        oldest.command().jobId());
            }
            mailbox.queue.add(pending);
            return mailbox;
        });
    }

    /** A command issued before the limit is expired, so it cannot come back as anything but expired. */
    private void forgetIdsIssuedBefore(Instant limit) {
        Iterator<Instant> issued = seen.values().iterator();
        while (issued.hasNext() && issued.next().isBefore(limit)) {
            issued.remove();
        }
    }

    /** Takes the robot's queued commands, for its heartbeat answer. */
    public List<RobotCommand> take(String robotId) {
        Mailbox mailbox = mailboxes.get(robotId);
        if (mailbox == null) {
            return List.of();
        }
        List<RobotCommand> commands;
        synchronized (mailbox) {
            commands = takeReady(mailbox);
        }
        viaHeartbeat.increment(commands.size());
        return commands;
    }

    /**
     * The robot's command stream: a {@code connected} comment, its queued commands, then the new commands as they
     * are read, with a keep-alive comment when idle. Each element is what is ready at one moment, to be written to
     * the robot at once. It replaces the robot's older stream on this instance, which completes, and completes
     * itself when the robot's tenant is cut off.
     */
    public Flux<List<ServerSentEvent<RobotCommand>>> stream(String robotId, String tenantId) {
        return Flux.create(sink -> attach(robotId, new CommandStream(tenantId, sink), sink),
                FluxSink.OverflowStrategy.BUFFER);
    }

    private void attach(String robotId, CommandStream stream, FluxSink<List<ServerSentEvent<RobotCommand>>> sink) {
        openStreams.incrementAndGet();
        long keepAliveMs = settings.keepAlive().toMillis();
        Disposable keepAlive = Schedulers.parallel().schedulePeriodically(() -> {
            if (stream.wantsMore()) {
                stream.comment("keep-alive");
            }
        }, keepAliveMs, keepAliveMs, TimeUnit.MILLISECONDS);
        sink.onDispose(() -> {
            keepAlive.dispose();
            openStreams.decrementAndGet();
            detach(robotId, stream);
        });
        sink.onRequest(n -> drainTo(robotId, stream));
        // sent at once so that the robot's client sees the response start (headers) without waiting for a command
        stream.comment("connected");
        CommandStream replaced = withMailbox(robotId, mailbox -> {
            CommandStream older = mailbox.stream;
            mailbox.stream = stream;
            drain(mailbox);
            return older;
        });
        if (replaced != null) {
            log.info("robot {} opened a new command stream; the older one is closed", robotId);
            replaced.complete();
        }
        // the phase may have changed between the gate's check and now
        if (tenantCutOff.test(stream.tenantId())) {
            stream.complete();
        }
    }

    private void drainTo(String robotId, CommandStream stream) {
        Mailbox mailbox = mailboxes.get(robotId);
        if (mailbox != null) {
            synchronized (mailbox) {
                if (mailbox.stream == stream) {
                    drain(mailbox);
                }
            }
        }
    }

    private void detach(String robotId, CommandStream stream) {
        Mailbox mailbox = mailboxes.get(robotId);
        if (mailbox != null) {
            synchronized (mailbox) {
                if (mailbox.stream == stream) {
                    mailbox.stream = null;
                }
            }
        }
    }

    /**
     * Pushes every queued command in one element if the robot's stream asks for more; the caller holds the mailbox's
     * monitor.
     */
    private void drain(Mailbox mailbox) {
        if (mailbox.draining) {
            // a push whose write asked for more re-entered: the push under way holds everything queued
            return;
        }
        mailbox.draining = true;
        try {
            if (mailbox.stream == null || !mailbox.stream.wantsMore() || mailbox.queue.isEmpty()
                    || tenantCutOff.test(mailbox.stream.tenantId())) {
                // a cut-off robot's stream is closing: its commands wait for its first call after the window
                return;
            }
            List<RobotCommand> ready = takeReady(mailbox);
            if (!ready.isEmpty()) {
                mailbox.stream.push(ready);
                viaStream.increment(ready.size());
            }
        } finally {
            mailbox.draining = false;
        }
    }

    /**
     * Takes the queued commands that may go to the robot now, in their order, dropping the expired ones; a command
     * whose window this instance has not applied stays queued. The caller holds the mailbox's monitor.
     */
    private List<RobotCommand> takeReady(Mailbox mailbox) {
        Instant now = clock.instant();
        List<RobotCommand> ready = new ArrayList<>(mailbox.queue.size());
        for (Iterator<Pending> queued = mailbox.queue.iterator(); queued.hasNext();) {
            Pending next = queued.next();
            if (isExpired(next, now)) {
                queued.remove();
                dropExpired(mailbox.robotId, next);
            } else if (next.window() == null || appliedWindows.contains(next.window())) {
                queued.remove();
                ready.add(next.command());
            }
        }
        return ready;
    }

    /**
     * This instance applied a phase change of the window: the commands that waited for it are pushed to the open
     * streams of robots not cut off. Called on the phase thread, after the view holds the change.
     */
    public void windowApplied(String windowId) {
        if (appliedWindows.add(windowId)) {
            mailboxes.values().forEach(this::deliver);
        }
    }

    /** Closes the streams of the robots whose tenant is now cut off; their commands wait in their queue. */
    public void closeCutOffStreams() {
        closeStreams(stream -> tenantCutOff.test(stream.tenantId()), "its tenant is cut off for maintenance");
    }

    private void closeStreams(Predicate<CommandStream> which, String why) {
        mailboxes.forEach((robotId, mailbox) -> {
            CommandStream stream;
            synchronized (mailbox) {
                stream = mailbox.stream;
            }
            if (stream != null && which.test(stream)) {
                log.info("closing the command stream of robot {}: {}", robotId, why);
                stream.complete();
            }
        });
    }

    /** Drops expired commands and forgets robots with nothing queued and no stream. */
    void sweep() {
        Instant now = clock.instant();
        mailboxes.forEach((robotId, mailbox) -> {
            synchronized (mailbox) {
                mailbox.queue.removeIf(pending -> {
                    if (isExpired(pending, now)) {
                        dropExpired(robotId, pending);
                        return true;
                    }
                    return false;
                });
                if (mailbox.queue.isEmpty() && mailbox.stream == null) {
                    mailbox.retired = true;
                    mailboxes.remove(robotId, mailbox);
                }
            }
        });
    }

    private <T> T withMailbox(String robotId, Function<Mailbox, T> action) {
        while (true) {
            Mailbox mailbox = mailboxes.computeIfAbsent(robotId, Mailbox::new);
            synchronized (mailbox) {
                if (!mailbox.retired) {
                    return action.apply(mailbox);
                }
            }
        }
    }

    private boolean isExpired(Pending pending, Instant now) {
        return pending.issuedAt().isBefore(now.minus(settings.ttl()));
    }

    private void dropExpired(String robotId, Pending pending) {
        expired.increment();
        // debug only: with several instances, every command delivered through another instance expires here
        log.debug("command {} for robot {} was issued at {}, more than {} ago: dropped", pending.command().id(),
                robotId, pending.issuedAt(), settings.ttl());
    }

    @Override
    public void start() {
        sweeper = Schedulers.parallel().schedulePeriodically(() -> {
            try {
                sweep();
            } catch (RuntimeException e) {
                log.error("sweeping robot command queues failed", e);
            }
        }, SWEEP_EVERY.toMillis(), SWEEP_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Closes every stream before the web server's graceful shutdown, which would otherwise wait for them. */
    @Override
    public void stop() {
        Disposable running = sweeper;
        sweeper = null;
        if (running != null) {
            running.dispose();
        }
        closeStreams(stream -> true, "this instance stops");
    }

    @Override
    public boolean isRunning() {
        return sweeper != null;
    }
}
