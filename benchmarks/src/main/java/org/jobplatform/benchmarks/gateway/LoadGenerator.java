package org.jobplatform.benchmarks.gateway;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * A closed-loop load generator: a fixed number of requests is in flight at any time, each answer starting the next
 * request, and each request carries the next robot's Basic credentials in turn. Reactor Netty's client, with a
 * connection pool as large as the concurrency, so that no request waits for a connection once all are open.
 */
final class LoadGenerator implements AutoCloseable {

    /** The heartbeat every request sends: an idle robot. */
    static final String HEARTBEAT_BODY = "{\"runningJobIds\": [], \"capacity\": 1}";

    private static final byte[] BODY = HEARTBEAT_BODY.getBytes(StandardCharsets.UTF_8);
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration DRAIN_TIMEOUT = RESPONSE_TIMEOUT.plusSeconds(5);

    /**
     * Where the load goes.
     *
     * @param label          how the report names it
     * @param url            the URL every request is posted to
     * @param expectedStatus the status that counts as an answer
     * @param expectedBody   text an expected answer's body must contain, {@code null} for any
     * @param pid            the process that answers, for its CPU time
     */
    record Target(String label, String url, int expectedStatus, String expectedBody, long pid) {
    }

    private final ConnectionProvider connections;
    private final HttpClient client;
    private final List<String> authorizations;
    private final int concurrency;
    private final AtomicInteger next = new AtomicInteger();

    /**
     * Creates the generator.
     *
     * @param concurrency    requests in flight
     * @param authorizations the {@code Authorization} headers used in turn
     */
    LoadGenerator(int concurrency, List<String> authorizations) {
        if (authorizations.isEmpty()) {
            throw new IllegalArgumentException("at least one set of credentials is needed");
        }
        this.concurrency = concurrency;
        this.authorizations = List.copyOf(authorizations);
        this.connections = ConnectionProvider.builder("gateway-benchmark").maxConnections(concurrency)
                .pendingAcquireMaxCount(-1).pendingAcquireTimeout(RESPONSE_TIMEOUT).build();
        this.client = HttpClient.create(connections).responseTimeout(RESPONSE_TIMEOUT)
                .headers(headers -> headers.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                        .set(HttpHeaderNames.ACCEPT, HttpHeaderValues.APPLICATION_JSON));
    }

    /**
     * Loads a target for the warmup then the measured period, then waits for the requests still in flight.
     *
     * @param target  where the load goes
     * @param warmup  how long to load before measuring
     * @param measure how long to measure
     * @return the figures of the measured period
     * @throws InterruptedException when interrupted while waiting
     */
    LoadResult run(Target target, Duration warmup, Duration measure) throws InterruptedException {
        long measureStart = System.nanoTime() + warmup.toNanos();
        long measureEnd = measureStart + measure.toNanos();
        Tally tally = new Tally(target.expectedStatus(), target.expectedBody(), measureStart, measureEnd);
        CountDownLatch finished = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Disposable load = Flux.range(0, concurrency)
                .flatMap(worker -> loop(target, tally, measureEnd), concurrency)
                .subscribe(ignored -> { }, error -> {
                    failure.set(error);
                    finished.countDown();
                }, finished::countDown);
        try {
            sleepUntil(measureStart);
            CpuUse.Reading start = CpuUse.read(target.pid());
            sleepUntil(measureEnd);
            CpuUse.Reading end = CpuUse.read(target.pid());
            if (!finished.await(DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(target.label() + ": requests still in flight "
                        + DRAIN_TIMEOUT.toSeconds() + " s after the measured period");
            }
            if (failure.get() != null) {
                throw new IllegalStateException(target.label() + ": the load generator failed", failure.get());
            }
            return tally.result(target.label(), CpuUse.between(start, end, Runtime.getRuntime().availableProcessors()));
        } finally {
            load.dispose();
        }
    }

    /** One worker: a request, then the next once the answer is read, until the measured period is over. */
    private Mono<Void> loop(Target target, Tally tally, long measureEnd) {
        return Mono.defer(() -> {
            long started = System.nanoTime();
            return request(target.url())
                    .doOnNext(answer -> tally.answered(started, System.nanoTime(), answer.status(), answer.body()))
                    .onErrorResume(error -> {
                        tally.failed(System.nanoTime(), error);
                        return Mono.empty();
                    })
                    .then();
        }).repeat(() -> System.nanoTime() < measureEnd).then();
    }

    private record Answer(int status, String body) {
    }

    private Mono<Answer> request(String url) {
        String authorization = authorizations.get(Math.floorMod(next.getAndIncrement(), authorizations.size()));
        return client.post().uri(url)
                .send((request, outbound) -> {
                    request.header(HttpHeaderNames.AUTHORIZATION, authorization)
                            .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(BODY.length));
                    return outbound.sendByteArray(Mono.just(BODY));
                })
                .responseSingle((response, body) -> body.asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                        .map(text -> new Answer(response.status().code(), text)));
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long remaining = nanoTime - System.nanoTime();
        if (remaining > 0) {
            TimeUnit.NANOSECONDS.sleep(remaining);
        }
    }

    /** Closes the connections. */
    @Override
    public void close() {
        connections.disposeLater().block(Duration.ofSeconds(10));
    }
}
