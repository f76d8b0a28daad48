package org.jobplatform.agent;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Delivers one robot's outbox and sends its heartbeats, one call at a time. One call at a time is what keeps the
 * order: an item is sent only after everything before it was accepted, and a heartbeat only when the outbox is
 * empty. Waits (Retry-After, backoff, the next heartbeat) are scheduled tasks, never a blocked thread.
 */
final class Courier {

    /** Well below the gateway's 1 MB body limit. */
    static final int MAX_BATCH_BYTES = 512 * 1024;

    private static final Logger log = LoggerFactory.getLogger(Courier.class);

    private final String robotId;
    private final AgentConfig config;
    private final Outbox outbox;
    private final GatewayClient client;
    private final Gate gate;
    private final Counters counters;
    private final AgentListener listener;
    private final ScheduledExecutorService scheduler;
    private final JsonMapper json;
    private final Supplier<Collection<String>> runningJobIds;
    private final CommandSink commands;
    private final Backoff backoff;

    private final Object lock = new Object();
    private final CompletableFuture<Void> halted = new CompletableFuture<>();
    /** The pump runs, waits for an answer or waits to retry; kicks meanwhile are absorbed. */
    private boolean busy;
    private boolean inFlight;
    private boolean heartbeatDue;
    private boolean heartbeatsStopped;
    private boolean flushScheduled;
    private boolean halting;
    private boolean credentialsRefusedLogged;
    private long retryAt = System.nanoTime();
    private long pollAfterMs;
    private ScheduledFuture<?> wakeUp;
    private ScheduledFuture<?> nextHeartbeat;

    Courier(String robotId, AgentConfig config, AgentRuntime runtime, Outbox outbox, GatewayClient client, Gate gate,
            Counters counters, AgentListener listener, Supplier<Collection<String>> runningJobIds,
            CommandSink commands) {
        this.robotId = robotId;
        this.config = config;
        this.outbox = outbox;
        this.client = client;
        this.gate = gate;
        this.counters = counters;
        this.listener = listener;
        this.scheduler = runtime.scheduler();
        this.json = runtime.json();
        this.runningJobIds = runningJobIds;
        this.commands = commands;
        this.backoff = new Backoff(config.maxBackoff());
        this.pollAfterMs = config.pollAfter().toMillis();
    }

    /** Sends the first heartbeat now (after the outbox), the next ones as the gateway asks. */
    void startHeartbeats() {
        requestHeartbeat();
    }

    /** No more heartbeats: a stopping robot takes no new commands but still delivers what it has. */
    void stopHeartbeats() {
        synchronized (lock) {
            heartbeatsStopped = true;
            heartbeatDue = false;
            cancel(nextHeartbeat);
        }
    }

    /** An item was written: deliver it soon, together with what is written meanwhile. */
    void itemWritten() {
        Duration delay = config.flushDelay();
        if (delay.isZero()) {
            kick();
            return;
        }
        synchronized (lock) {
            if (flushScheduled || halting) {
                return;
            }
            flushScheduled = true;
        }
        schedule(() -> {
            synchronized (lock) {
                flushScheduled = false;
            }
            kick();
        }, delay.toNanos());
    }

    /**
     * Stops after the call in flight, if any, has been answered and its answer recorded, so an accepted batch is
     * never left in the journal to be sent again. Completes when nothing more will be sent.
     */
    CompletableFuture<Void> halt() {
        synchronized (lock) {
            halting = true;
            heartbeatsStopped = true;
            cancel(nextHeartbeat);
            cancel(wakeUp);
            if (!inFlight) {
                busy = false;
                halted.complete(null);
            }
        }
        return halted;
    }

    private void requestHeartbeat() {
        synchronized (lock) {
            if (heartbeatsStopped) {
                return;
            }
            heartbeatDue = true;
        }
        kick();
    }

    private void kick() {
        synchronized (lock) {
            if (busy || halting) {
                return;
            }
            busy = true;
        }
        try {
            scheduler.execute(this::pump);
        } catch (RejectedExecutionException e) {
            synchronized (lock) {
                busy = false;
            }
        }
    }

    private void pump() {
        for (;;) {
            synchronized (lock) {
                if (halting) {
                    busy = false;
                    halted.complete(null);
                    return;
                }
                long wait = Math.max(gate.remainingNanos(), retryAt - System.nanoTime());
                if (wait > 0) {
                    wakeUp = schedule(this::pump, wait);
                    return;
                }
            }
            List<OutboxItem> batch = outbox.peekBatch(config.batchSize(), MAX_BATCH_BYTES);
            if (!batch.isEmpty()) {
                deliver(batch);
                return;
            }
            boolean heartbeat;
            synchronized (lock) {
                heartbeat = heartbeatDue;
            }
            if (heartbeat) {
                // the running jobs first, then the outbox check: a job that ended before this snapshot has its
                // final state in the outbox, and that goes first, so no heartbeat omits a job whose end the
                // gateway has not been told
                List<String> running = List.copyOf(runningJobIds.get());
                if (!outbox.isEmpty()) {
                    continue;
                }
                heartbeat(running);
                return;
            }
            synchronized (lock) {
                if (!heartbeatDue && outbox.isEmpty()) {
                    busy = false;
                    return;
                }
            }
        }
    }

    private void deliver(List<OutboxItem> batch) {
        if (!beginCall()) {
            return;
        }
        CompletableFuture<Reply> reply;
        try {
            reply = send(batch);
        } catch (RuntimeException e) {
            reply = CompletableFuture.failedFuture(e);
        }
        whenAnswered(reply, (answer, error) -> delivered(batch, answer, error));
    }

    private CompletableFuture<Reply> send(List<OutboxItem> batch) {
        OutboxItem first = batch.get(0);
        if (first.kind() == OutboxItem.Kind.QUEUE) {
            return client.post("/api/robot/queues/" + GatewayClient.segment(first.queue()) + "/items",
                    first.queueItemJson(json));
        }
        ArrayNode lines = json.createArrayNode();
        ArrayNode states = json.createArrayNode();
        for (OutboxItem item : batch) {
            if (item.kind() == OutboxItem.Kind.LOG) {
                lines.add(item.logLineJson(json));
            } else {
                states.add(item.stateJson(json).put("jobId", item.jobId()));
            }
        }
        if (states.isEmpty()) {
            return client.post("/api/robot/logs", lines);
        }
        // lines and the states of the jobs they belong to in one call; the gateway publishes the lines first
        ObjectNode reports = json.createObjectNode();
        reports.set("lines", lines);
        reports.set("states", states);
        return client.post("/api/robot/reports", reports);
    }

    private void delivered(List<OutboxItem> batch, Reply reply, Throwable error) {
        OutboxItem first = batch.get(0);
        long states = batch.stream().filter(item -> item.kind() == OutboxItem.Kind.STATE).count();
        String what = batch.size() == 1 ? describe(first)
                : (batch.size() - states) + " log lines and " + states + " state reports";
        if (error != null) {
            failed(what, error);
            return;
        }
        if (reply.ok()) {
            outbox.remove(batch);
            backoff.reset();
            credentialsRefusedLogged = false;
            if (first.kind() == OutboxItem.Kind.QUEUE) {
                counters.queueItemsDelivered.increment();
            } else {
                counters.logLinesDelivered.add(batch.size() - states);
                counters.stateReportsDelivered.add(states);
            }
            return;
        }
        if (reply.rejected()) {
            // bad input is refused again however often it is sent: drop it loudly instead of blocking the outbox
            log.error("Robot {}: the gateway rejected {} with {}, dropping it: {}", robotId, what, reply.status(),
                    reply.body());
            outbox.remove(batch);
            counters.itemsRejected.add(batch.size());
            return;
        }
        refused(what, reply);
    }

    private void heartbeat(List<String> running) {
        synchronized (lock) {
            heartbeatDue = false;
        }
        if (!beginCall()) {
            return;
        }
        CompletableFuture<Reply> reply;
        try {
            reply = client.post("/api/robot/heartbeat", Protocol.heartbeat(json, running, config.capacity()));
        } catch (RuntimeException e) {
            reply = CompletableFuture.failedFuture(e);
        }
        whenAnswered(reply, this::heartbeatAnswered);
    }

    private void heartbeatAnswered(Reply reply, Throwable error) {
        if (error == null && reply.ok()) {
            counters.heartbeats.increment();
            backoff.reset();
            credentialsRefusedLogged = false;
            Protocol.HeartbeatAnswer answer;
            try {
                answer = Protocol.heartbeatAnswer(json, reply.body());
            } catch (JacksonException e) {
                log.warn("Robot {}: a heartbeat answer that is not JSON: {}", robotId, reply.body());
                answer = new Protocol.HeartbeatAnswer(List.of(), -1);
            }
            if (answer.pollAfterMs() > 0) {
                pollAfterMs = Math.max(Protocol.MIN_POLL_AFTER_MS,
                        Math.min(Protocol.MAX_POLL_AFTER_MS, answer.pollAfterMs()));
            }
            for (Command command : answer.commands()) {
                commands.accept(command, reply.receivedAtNanos());
            }
            scheduleHeartbeat();
            return;
        }
        if (error == null && reply.rejected()) {
            log.error("Robot {}: the gateway rejected a heartbeat with {}: {}", robotId, reply.status(), reply.body());
            scheduleHeartbeat();
            return;
        }
        synchronized (lock) {
            if (!heartbeatsStopped) {
                heartbeatDue = true;
            }
        }
        if (error != null) {
            failed("a heartbeat", error);
        } else {
            refused("a heartbeat", reply);
        }
    }

    /** A call got an answer that says: not now. Nothing was accepted; the items stay and are sent again. */
    private void refused(String what, Reply reply) {
        if (reply.unavailable()) {
            counters.serviceUnavailable.increment();
            Duration wait = reply.retryAfter() == null ? backoff.next()
                    : Backoff.retryAfter(reply.retryAfter(), config.retryAfterCap());
            gate.closeFor(wait);
            log.debug("Robot {}: {} refused with {}, waiting {} ms", robotId, what, reply.status(), wait.toMillis());
            listener.onServiceUnavailable(robotId, wait);
        } else if (reply.credentialsRefused()) {
            if (!credentialsRefusedLogged) {
                log.error("Robot {}: the gateway refused its credentials ({}); keeping its items and trying again "
                        + "every {} s: {}", robotId, reply.status(), config.maxBackoff().toSeconds(), reply.body());
                credentialsRefusedLogged = true;
            }
            retryAfter(config.maxBackoff());
        } else {
            counters.connectionErrors.increment();
            Duration wait = backoff.next();
            logFailure(what, "status " + reply.status(), wait);
            retryAfter(wait);
        }
    }

    private void failed(String what, Throwable error) {
        counters.connectionErrors.increment();
        Duration wait = backoff.next();
        logFailure(what, String.valueOf(error), wait);
        retryAfter(wait);
    }

    private void logFailure(String what, String why, Duration wait) {
        if (backoff.failures() == 1) {
            log.warn("Robot {}: cannot deliver {} ({}); retrying with backoff up to {} ms", robotId, what, why,
                    config.maxBackoff().toMillis());
        } else {
            log.debug("Robot {}: cannot deliver {} ({}); retrying in {} ms", robotId, what, why, wait.toMillis());
        }
    }

    private void retryAfter(Duration wait) {
        synchronized (lock) {
            retryAt = System.nanoTime() + wait.toNanos();
        }
    }

    private boolean beginCall() {
        synchronized (lock) {
            if (halting) {
                busy = false;
                halted.complete(null);
                return false;
            }
            inFlight = true;
            return true;
        }
    }

    /** Handles the answer on a scheduler thread (a fresh stack each time), then lets the pump go on. */
    private void whenAnswered(CompletableFuture<Reply> reply, BiConsumer<Reply, Throwable> then) {
        try {
            reply.whenCompleteAsync((answer, error) -> {
                try {
                    then.accept(answer, error);
                } catch (RuntimeException e) {
                    log.error("Robot {}: failed to handle an answer", robotId, e);
                } finally {
                    synchronized (lock) {
                        inFlight = false;
                    }
                    pump();
                }
            }, scheduler);
        } catch (RejectedExecutionException e) {
            synchronized (lock) {
                inFlight = false;
                busy = false;
                halted.complete(null);
            }
        }
    }

    private void scheduleHeartbeat() {
        synchronized (lock) {
            if (heartbeatsStopped) {
                return;
            }
            cancel(nextHeartbeat);
            nextHeartbeat = schedule(this::requestHeartbeat, TimeUnit.MILLISECONDS.toNanos(pollAfterMs));
        }
    }

    private ScheduledFuture<?> schedule(Runnable task, long nanos) {
        return Scheduling.schedule(scheduler, task, nanos);
    }

    private static void cancel(ScheduledFuture<?> future) {
        Scheduling.cancel(future);
    }

    private static String describe(OutboxItem item) {
        switch (item.kind()) {
            case STATE:
                return "the " + item.state() + " report of job " + item.jobId();
            case QUEUE:
                return "a queue item for " + item.queue();
            default:
                return "a log line";
        }
    }
}
