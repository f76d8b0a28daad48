package org.jobplatform.agent;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import tools.jackson.databind.json.JsonMapper;

/**
 * What all robots of one JVM share: a few HTTP clients and a few scheduler threads. Robots never block a thread: jobs
 * are scheduled steps, calls are asynchronous and the command stream is read by a line subscriber, so a thousand
 * robots need no more threads than this. Each robot keeps one of the clients; there are several because a client's
 * connection pool finds and returns a connection in time that grows with the connections it holds, and a thousand
 * robots hold a thousand or more.
 */
public final class AgentRuntime implements AutoCloseable {

    private final ScheduledThreadPoolExecutor scheduler;
    /** How many HTTP clients the robots are spread over. */
    static final int HTTP_CLIENTS = 8;

    private final HttpClient[] clients = new HttpClient[HTTP_CLIENTS];
    private final AtomicInteger nextClient = new AtomicInteger();
    private final JsonMapper json = JsonMapper.builder().build();

    private AgentRuntime(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = task -> {
            Thread thread = new Thread(task, "robot-agent-" + count.incrementAndGet());
            // daemon: the runtime must never be what keeps a JVM alive
            thread.setDaemon(true);
            return thread;
        };
        scheduler = new ScheduledThreadPoolExecutor(threads, factory);
        // cancelled job steps and timers must not pile up in the queue of a long run
        scheduler.setRemoveOnCancelPolicy(true);
        for (int i = 0; i < clients.length; i++) {
            clients[i] = HttpClient.newBuilder()
                    // HTTP/1.1: the default HTTP/2 would try an h2c upgrade on every plain http connection
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    // the client's own default executor grows a thread per concurrent exchange
                    .executor(scheduler)
                    .build();
        }
    }

    /** A runtime with as many threads as processors, between 2 and 8. */
    public static AgentRuntime create() {
        return create(Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors())));
    }

    /** A runtime with this many scheduler threads. */
    public static AgentRuntime create(int threads) {
        return new AgentRuntime(threads);
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** An HTTP client for one more robot, the clients taken in turn. */
    HttpClient http() {
        return clients[Math.floorMod(nextClient.getAndIncrement(), clients.length)];
    }

    JsonMapper json() {
        return json;
    }

    /** Stops the threads; stop the robots first, or what they had not delivered stays undelivered. */
    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
