package org.jobplatform.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Polls a service's readiness endpoint until it answers 200, the process exits or time runs out. */
public final class Readiness {

    /** How a wait for readiness ended. */
    public enum Outcome {
        /** The endpoint answered 200. */
        READY,
        /** The process exited before becoming ready. */
        EXITED,
        /** The endpoint did not answer 200 in time. */
        TIMED_OUT
    }

    private final HttpClient client;
    private final Duration pollInterval;
    private final Duration timeout;

    /**
     * Creates a poller.
     *
     * @param pollInterval pause between two requests
     * @param timeout      how long to wait for one service at most
     */
    public Readiness(Duration pollInterval, Duration timeout) {
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        this.pollInterval = pollInterval;
        this.timeout = timeout;
    }

    /**
     * Waits until the service behind {@code process} is ready.
     *
     * @param process the running service
     * @return how the wait ended
     */
    public Outcome await(ServiceProcess process) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(process.service().readinessUrl()))
                .timeout(Duration.ofSeconds(2))
                .GET()
                .build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.process().isAlive()) {
                return Outcome.EXITED;
            }
            if (isReady(request)) {
                return Outcome.READY;
            }
            if (System.nanoTime() >= deadline) {
                return Outcome.TIMED_OUT;
            }
            try {
                if (process.process().waitFor(pollInterval.toMillis(), TimeUnit.MILLISECONDS)) {
                    return Outcome.EXITED;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Outcome.TIMED_OUT;
            }
        }
    }

    private boolean isReady(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
