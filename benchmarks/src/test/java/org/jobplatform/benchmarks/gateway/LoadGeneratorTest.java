package org.jobplatform.benchmarks.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/** Runs the generator briefly against an in-process server; counts only, no timing assertion. */
class LoadGeneratorTest {

    private final Set<String> seenAuthorizations = ConcurrentHashMap.newKeySet();
    private final Set<String> seenBodies = ConcurrentHashMap.newKeySet();
    private DisposableServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.disposeNow();
        }
    }

    @Test
    void everyRequestCarriesTheHeartbeatAndTheNextCredentials_andAnswersAreCountedByStatus() throws Exception {
        server = HttpServer.create().host("127.0.0.1").port(0)
                .route(routes -> routes
                        .post("/ok", (request, response) -> request.receive().aggregate().asString()
                                .flatMap(body -> {
                                    seenBodies.add(body);
                                    seenAuthorizations.add(request.requestHeaders().get(HttpHeaderNames.AUTHORIZATION));
                                    return response.header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                                            .sendString(Mono.just("{\"commands\":[],\"pollAfterMs\":5000}")).then();
                                }))
                        .post("/refused", (request, response) -> response.status(HttpResponseStatus.SERVICE_UNAVAILABLE)
                                .sendString(Mono.just("{}")).then()))
                .bindNow();
        String base = "http://127.0.0.1:" + server.port();
        List<String> authorizations = List.of(GatewayApi.basic("r1", "s1"), GatewayApi.basic("r2", "s2"),
                GatewayApi.basic("r3", "s3"));

        try (LoadGenerator generator = new LoadGenerator(4, authorizations)) {
            long pid = ProcessHandle.current().pid();
            // long enough for one request per credential even on a loaded machine (half a second was not)
            LoadResult ok = generator.run(new LoadGenerator.Target("ok", base + "/ok", 200, "pollAfterMs", pid),
                    Duration.ZERO, Duration.ofSeconds(3));
            LoadResult refused = generator.run(new LoadGenerator.Target("refused", base + "/refused", 200,
                    "pollAfterMs", pid), Duration.ofMillis(100), Duration.ofMillis(300));

            assertThat(ok.latencies().count()).isPositive();
            assertThat(ok.errors()).isEmpty();
            assertThat(seenAuthorizations).containsExactlyInAnyOrderElementsOf(authorizations);
            assertThat(seenBodies).containsExactly(LoadGenerator.HEARTBEAT_BODY);
            assertThat(refused.latencies().count()).isZero();
            assertThat(refused.errors()).containsOnlyKeys("HTTP 503");
        }
    }
}
