package org.jobplatform.agent;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import tools.jackson.databind.json.JsonMapper;

/**
 * What all robots of one JVM share: one HTTP client and a few scheduler threads. Robots never block a thread: jobs
 * are scheduled steps, calls are asynchronous and the command stream is read by a line subscriber, so a thousand
 * robots need no more threads than this.
 */
public final class AgentRuntime implements AutoCloseable {

    private final ScheduledThreadPoolExecutor scheduler;
    private final HttpClient http;
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
        http = HttpClient.newBuilder()
                // HTTP/1.1: the default HTTP/2 would try an h2c upgrade on every plain http connection
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                // the client's own default executor grows a thread per concurrent exchange
                .executor(scheduler)
                .build();
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

    HttpClient http() {
        return http;
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
