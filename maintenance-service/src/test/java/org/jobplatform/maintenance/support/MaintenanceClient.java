package org.jobplatform.maintenance.support;

import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Calls the maintenance API as a user of the local stack. */
public final class MaintenanceClient {

    private final WebTestClient client;

    public MaintenanceClient(WebTestClient client) {
        this.client = client;
    }

    /** A request as the given Basic user. */
    public WebTestClient as(String user) {
        return client.mutate().defaultHeaders(h -> h.setBasicAuth(user, user)).build();
    }

    /** POST /api/maintenance/start?query as admin. */
    public WebTestClient.ResponseSpec start(String query) {
        return as("admin").post().uri("/api/maintenance/start?" + query).exchange();
    }

    /** POST /api/maintenance/end?query as admin. */
    public WebTestClient.ResponseSpec end(String query) {
        return as("admin").post().uri("/api/maintenance/end" + (query.isEmpty() ? "" : "?" + query)).exchange();
    }

    /** GET /api/maintenance?query as the user, expecting 200; the body as a map. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> state(String user, String query) {
        return as(user).get().uri("/api/maintenance" + (query.isEmpty() ? "" : "?" + query)).exchange()
                .expectStatus().isEqualTo(HttpStatus.OK).expectBody(Map.class).returnResult().getResponseBody();
    }
}
