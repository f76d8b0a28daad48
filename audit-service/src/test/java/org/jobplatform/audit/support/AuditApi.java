package org.jobplatform.audit.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Calls audit-service's API as one of the test users. */
public final class AuditApi {

    private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {
    };
    private static final ParameterizedTypeReference<List<Map<String, Object>>> LIST =
            new ParameterizedTypeReference<>() {
            };

    private final WebTestClient client;

    private AuditApi(WebTestClient client) {
        this.client = client;
    }

    /** A client of the service on the port, as the user (its password is its name), or anonymous for null. */
    public static AuditApi as(String user, int port) {
        WebTestClient.Builder builder = WebTestClient.bindToServer().baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(30));
        if (user != null) {
            builder.defaultHeaders(h -> h.setBasicAuth(user, user));
        }
        return new AuditApi(builder.build());
    }

    public WebTestClient client() {
        return client;
    }

    /** The window in full, asserting 200. */
    public Map<String, Object> window(String path) {
        return client.get().uri(path).exchange().expectStatus().isOk().expectBody(MAP).returnResult()
                .getResponseBody();
    }

    /** A JSON array answer, asserting 200. */
    public List<Map<String, Object>> list(String path) {
        return client.get().uri(path).exchange().expectStatus().isOk().expectBody(LIST).returnResult()
                .getResponseBody();
    }

    /** Waits until the window's log for this user shows the expected number of jobs stopped, killed and skipped. */
    public Map<String, Object> awaitWindow(String path, long stopped, long killed, long skipped) {
        Map<String, Object> summary = Map.of("jobsStopped", (int) stopped, "jobsKilled", (int) killed,
                "triggersSkipped", (int) skipped);
        @SuppressWarnings("unchecked")
        Map<String, Object>[] found = new Map[1];
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            var result = client.get().uri(path).exchange().expectBody(MAP).returnResult();
            assertThat(result.getStatus().value()).isEqualTo(200);
            Map<String, Object> body = result.getResponseBody();
            assertThat(body.get("summary")).isEqualTo(summary);
            assertThat(body.get("endedAt")).isNotNull();
            found[0] = body;
        });
        return found[0];
    }
}
