package org.jobplatform.agent;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.databind.json.JsonMapper;

/**
 * One robot's command stream ({@code GET /api/robot/commands}, server-sent events), kept open so commands arrive
 * at once instead of with the next heartbeat. The body is read by a line subscriber, so an open stream holds no
 * thread. When the server ends the stream (maintenance may), or it fails, or it stays silent longer than
 * {@link AgentConfig#streamIdleTimeout()}, it is opened again after a backoff, or after {@code Retry-After} on 503.
 * Heartbeats keep delivering commands meanwhile, so a closed stream only costs time.
 */
final class CommandStream {

    private static final Logger log = LoggerFactory.getLogger(CommandStream.class);
    /** A stream that lasted this long was healthy: the backoff starts again from its first step. */
    private static final long HEALTHY_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** How long to wait before asking again a gateway that does not offer the stream. */
    private static final Duration UNSUPPORTED_RETRY = Duration.ofMinutes(1);

    private final String robotId;
    private final AgentConfig config;
    private final GatewayClient client;
    private final Gate gate;
    private final Counters counters;
    private final AgentListener listener;
    private final ScheduledExecutorService scheduler;
    private final JsonMapper json;
    private final CommandSink commands;
    private final Backoff backoff;

    private final Object lock = new Object();
    private boolean closed;
    private Connection current;
    private ScheduledFuture<?> reconnect;
    private ScheduledFuture<?> watchdog;
    private volatile String lastEventId;
    private boolean unsupportedLogged;
    private boolean credentialsRefusedLogged;

    CommandStream(String robotId, AgentConfig config, AgentRuntime runtime, GatewayClient client, Gate gate,
            Counters counters, AgentListener listener, CommandSink commands) {
        this.robotId = robotId;
        this.config = config;
        this.client = client;
        this.gate = gate;
        this.counters = counters;
        this.listener = listener;
        this.scheduler = runtime.scheduler();
        this.json = runtime.json();
        this.commands = commands;
        this.backoff = new Backoff(config.maxBackoff());
    }

    void open() {
        long every = Math.max(1, config.streamIdleTimeout().toMillis() / 2);
        synchronized (lock) {
            watchdog = scheduler.scheduleWithFixedDelay(this::closeIfIdle, every, every, TimeUnit.MILLISECONDS);
        }
        connect();
    }

    void close() {
        Connection connection;
        synchronized (lock) {
            closed = true;
            cancel(reconnect);
            cancel(watchdog);
            connection = current;
            current = null;
        }
        if (connection != null) {
            connection.cancel();
        }
    }

    private void connect() {
        Connection connection;
        synchronized (lock) {
            if (closed) {
                return;
            }
            long wait = gate.remainingNanos();
            if (wait > 0) {
                reconnect = schedule(this::connect, wait);
                return;
            }
            connection = new Connection();
            current = connection;
        }
        try {
            client.http().sendAsync(client.streamRequest(lastEventId), connection::handle)
                    .whenCompleteAsync((response, error) -> connection.ended(error), scheduler);
        } catch (RejectedExecutionException | IllegalStateException e) {
            connection.ended(e);
        }
    }

    private void closeIfIdle() {
        Connection connection;
        synchronized (lock) {
            connection = current;
        }
        if (connection != null && connection.status == 200
                && System.nanoTime() - connection.lastActivity > config.streamIdleTimeout().toNanos()) {
            log.debug("Robot {}: command stream silent for {}, reopening it", robotId, config.streamIdleTimeout());
            connection.cancel();
            connection.ended(new TimeoutException("command stream idle"));
        }
    }

    private void reconnectAfter(Duration delay) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            cancel(reconnect);
            reconnect = schedule(this::connect, delay.toNanos());
        }
    }

    private ScheduledFuture<?> schedule(Runnable task, long nanos) {
        return Scheduling.schedule(scheduler, task, nanos);
    }

    private static void cancel(ScheduledFuture<?> future) {
        Scheduling.cancel(future);
    }

    /** One attempt: its response status, and on 200 the subscriber that parses its events. */
    private final class Connection implements Flow.Subscriber<String> {

        private final long started = System.nanoTime();
        private final AtomicBoolean finished = new AtomicBoolean();
        private volatile int status;
        private volatile Duration retryAfter;
        private volatile long lastActivity = System.nanoTime();
        private volatile Flow.Subscription subscription;
        private volatile boolean cancelled;
        private String eventId;
        private String eventType;
        private StringBuilder data;

        HttpResponse.BodySubscriber<Void> handle(HttpResponse.ResponseInfo info) {
            status = info.statusCode();
            retryAfter = info.headers().firstValue("Retry-After").map(Reply::parseRetryAfter).orElse(null);
            if (status == 200) {
                return HttpResponse.BodySubscribers.fromLineSubscriber(this, subscriber -> null,
                        StandardCharsets.UTF_8, null);
            }
            return HttpResponse.BodySubscribers.discarding();
        }

        void cancel() {
            cancelled = true;
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (cancelled) {
                s.cancel();
                return;
            }
            lastActivity = System.nanoTime();
            s.request(Long.MAX_VALUE);
        }

        /** One line of the event stream (text/event-stream): fields, comments, and a blank line ending an event. */
        @Override
        public void onNext(String line) {
            lastActivity = System.nanoTime();
            if (line.isEmpty()) {
                dispatch();
                return;
            }
            if (line.startsWith(":")) {
                return;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "id":
                    eventId = value;
                    break;
                case "event":
                    eventType = value;
                    break;
                case "data":
                    data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                    break;
                default:
                    // "retry" and unknown fields: the agent keeps its own backoff
            }
        }

        private void dispatch() {
            String text = data == null ? null : data.toString();
            String type = eventType;
            if (eventId != null) {
                lastEventId = eventId;
            }
            eventId = null;
            eventType = null;
            data = null;
            if (text == null || (type != null && !type.equals("command"))) {
                return;
            }
            Command command = Protocol.command(json, text);
            if (command != null) {
                commands.accept(command, System.nanoTime());
            }
        }

        @Override
        public void onError(Throwable throwable) {
            // ended(...) decides, once the exchange has completed
        }

        @Override
        public void onComplete() {
            // an event not ended by a blank line is incomplete and, as the SSE specification says, discarded
        }

        /** The stream ended (or never opened): decides when to try again. Runs once per attempt. */
        void ended(Throwable error) {
            if (!finished.compareAndSet(false, true)) {
                return;
            }
            synchronized (lock) {
                if (current == this) {
                    current = null;
                }
                if (closed) {
                    return;
                }
            }
            int code = status;
            if (error != null || code == 0) {
                counters.connectionErrors.increment();
                Duration wait = backoff.next();
                if (backoff.failures() == 1) {
                    log.warn("Robot {}: command stream failed ({}); reopening it with backoff", robotId,
                            String.valueOf(error));
                }
                reconnectAfter(wait);
            } else if (code == 200) {
                // the server ended the stream, e.g. because maintenance suspended the tenant
                if (System.nanoTime() - started > HEALTHY_NANOS) {
                    backoff.reset();
                }
                credentialsRefusedLogged = false;
                unsupportedLogged = false;
                reconnectAfter(backoff.next());
            } else if (code == 503 || code == 429) {
                counters.serviceUnavailable.increment();
                Duration wait = retryAfter == null ? backoff.next()
                        : Backoff.retryAfter(retryAfter, config.retryAfterCap());
                gate.closeFor(wait);
                listener.onServiceUnavailable(robotId, wait);
                reconnectAfter(Duration.ZERO);
            } else if (code == 401 || code == 403) {
                if (!credentialsRefusedLogged) {
                    log.error("Robot {}: the gateway refused its credentials on the command stream ({})", robotId,
                            code);
                    credentialsRefusedLogged = true;
                }
                reconnectAfter(config.maxBackoff());
            } else if (code >= 500 || code == 408) {
                counters.connectionErrors.increment();
                reconnectAfter(backoff.next());
            } else {
                if (!unsupportedLogged) {
                    log.info("Robot {}: the gateway does not offer the command stream ({}); relying on heartbeats "
                            + "and asking again every {} s", robotId, code, UNSUPPORTED_RETRY.toSeconds());
                    unsupportedLogged = true;
                }
                reconnectAfter(UNSUPPORTED_RETRY);
            }
        }
    }
}
