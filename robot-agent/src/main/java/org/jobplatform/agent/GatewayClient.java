package org.jobplatform.agent;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** One robot's calls to the robot API, authenticated as the robot; answers are {@link Reply replies}. */
final class GatewayClient {

    private final HttpClient http;
    private final JsonMapper json;
    private final String base;
    private final String authorization;
    private final Duration timeout;

    GatewayClient(AgentRuntime runtime, AgentConfig config, RobotCredentials credentials) {
        this.http = runtime.http();
        this.json = runtime.json();
        this.base = trimSlash(config.gateway().toString());
        this.authorization = basic(credentials.robotId(), credentials.secret());
        this.timeout = config.requestTimeout();
    }

    /** POSTs JSON; completes exceptionally only when no answer came (connection error, timeout). */
    CompletableFuture<Reply> post(String path, JsonNode body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(timeout)
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, application/problem+json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .thenApply(response -> Reply.of(response.statusCode(), response.body(), response.headers()));
    }

    /** The command stream's request; it has no timeout, since the stream is meant to stay open. */
    HttpRequest streamRequest(String lastEventId) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + "/api/robot/commands"))
                .header("Authorization", authorization)
                .header("Accept", "text/event-stream")
                .GET();
        if (lastEventId != null) {
            builder.header("Last-Event-ID", lastEventId);
        }
        return builder.build();
    }

    HttpClient http() {
        return http;
    }

    /** One path segment, percent-encoded: ids come from the server and must not change the path. */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static String trimSlash(String uri) {
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }
}
