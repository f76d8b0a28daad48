package org.jobplatform.systemtests;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/** A small HTTP client for the services' APIs with the local stack's Basic users. */
final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A response: status, parsed JSON body (empty map if none) and headers. */
    record Response(int status, Map<String, Object> body, java.net.http.HttpHeaders headers) {

        /** The {@code Retry-After} header, or {@code null}. */
        String retryAfter() {
            return headers.firstValue("Retry-After").orElse(null);
        }
    }

    static Response get(String url, String user) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET(), user);
    }

    static Response post(String url, String user) {
        return send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.noBody()), user);
    }

    static Response delete(String url, String user) {
        return send(HttpRequest.newBuilder(URI.create(url)).DELETE(), user);
    }

    /** POST with a JSON body as a Basic user whose password is its name. */
    static Response postJson(String url, String user, String json) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)), user);
    }

    /** POST with a JSON body with Basic credentials. */
    static Response postJson(String url, String name, String secret, String json) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .header("Authorization", basic(name, secret))
                .POST(HttpRequest.BodyPublishers.ofString(json)), null);
    }

    private static String basic(String name, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((name + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    /** GET a JSON array as a Basic user whose password is its name. */
    @SuppressWarnings("unchecked")
    static java.util.List<Map<String, Object>> getList(String url, String user) {
        try {
            HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", basic(user, user)).timeout(Duration.ofSeconds(20)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + url + ": " + response.statusCode() + " " + response.body());
            }
            return JSON.readValue(response.body(), java.util.List.class);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Response send(HttpRequest.Builder builder, String user) {
        if (user != null) {
            builder.header("Authorization", basic(user, user));
        }
        try {
            HttpResponse<String> response = CLIENT.send(builder.timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            Map<String, Object> json = body == null || body.isBlank() || !body.trim().startsWith("{") ? Map.of()
                    : JSON.readValue(body, Map.class);
            return new Response(response.statusCode(), json, response.headers());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Http() {
    }
}
