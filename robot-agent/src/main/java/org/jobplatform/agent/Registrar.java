package org.jobplatform.agent;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Registers robots for a tenant user ({@code POST /api/robots}), reusing those saved in the data directory. A name
 * already taken (409) gets a random suffix, since its secret is not known here; 503 is waited out.
 */
final class Registrar {

    private static final Logger log = LoggerFactory.getLogger(Registrar.class);
    /** Registrations in flight at once: enough to register a thousand robots quickly, few enough to be polite. */
    private static final int PARALLEL = 16;
    private static final int MAX_NAME_ATTEMPTS = 5;
    private static final int MAX_UNAVAILABLE_ATTEMPTS = 30;
    private static final int MAX_CONNECTION_ATTEMPTS = 5;
    private static final Duration MAX_WAIT = Duration.ofSeconds(30);

    private final AgentConfig config;
    private final String authorization;
    private final String user;
    private final String base;
    private final JsonMapper json = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    Registrar(AgentConfig config, String user, String password) {
        this.config = config;
        this.user = user;
        this.authorization = GatewayClient.basic(user, password);
        this.base = GatewayClient.trimSlash(config.gateway().toString());
    }

    List<RobotCredentials> provision(int count, String namePrefix) {
        String gateway = config.gateway().toString();
        List<SavedRobots.Saved> saved = new ArrayList<>(config.dataDir() == null ? List.of()
                : SavedRobots.read(config.dataDir(), gateway, json));
        if (saved.size() < count) {
            Set<String> names = new HashSet<>();
            saved.forEach(robot -> names.add(robot.name()));
            List<String> wanted = new ArrayList<>();
            for (int i = 1; wanted.size() < count - saved.size(); i++) {
                String name = namePrefix + "-" + i;
                if (!names.contains(name)) {
                    wanted.add(name);
                }
            }
            for (int from = 0; from < wanted.size(); from += PARALLEL) {
                List<CompletableFuture<SavedRobots.Saved>> chunk = new ArrayList<>();
                for (String name : wanted.subList(from, Math.min(wanted.size(), from + PARALLEL))) {
                    chunk.add(register(name, name, 1, 1, 1));
                }
                RegistrationException failure = null;
                for (CompletableFuture<SavedRobots.Saved> future : chunk) {
                    try {
                        saved.add(future.join());
                    } catch (CompletionException e) {
                        if (failure == null) {
                            failure = e.getCause() instanceof RegistrationException
                                    ? (RegistrationException) e.getCause()
                                    : new RegistrationException("registering a robot failed: " + e.getCause(),
                                            e.getCause());
                        }
                    }
                }
                // saved after each chunk, also when one failed: a secret that is not saved is lost for good
                if (config.dataDir() != null) {
                    SavedRobots.write(config.dataDir(), gateway, saved, json);
                }
                if (failure != null) {
                    throw failure;
                }
            }
            log.info("Registered {} robots as {} at {}", wanted.size(), user, gateway);
        }
        List<RobotCredentials> credentials = new ArrayList<>();
        saved.subList(0, count).forEach(robot -> credentials.add(robot.credentials()));
        return credentials;
    }

    private CompletableFuture<SavedRobots.Saved> register(String baseName, String name, int nameAttempt,
            int unavailableAttempt, int connectionAttempt) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/robots"))
                .timeout(config.requestTimeout())
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        json.writeValueAsString(json.createObjectNode().put("name", name))))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .handle((response, error) -> {
                    if (error != null) {
                        if (connectionAttempt >= MAX_CONNECTION_ATTEMPTS) {
                            return CompletableFuture.<SavedRobots.Saved>failedFuture(new RegistrationException(
                                    "cannot reach the gateway at " + base + ": " + rootMessage(error), error));
                        }
                        Duration wait = Duration.ofMillis(200L << connectionAttempt);
                        return later(wait, () -> register(baseName, name, nameAttempt, unavailableAttempt,
                                connectionAttempt + 1));
                    }
                    Reply reply = Reply.of(response.statusCode(), response.body(), response.headers());
                    return answered(reply, baseName, name, nameAttempt, unavailableAttempt, connectionAttempt);
                })
                .thenCompose(future -> future);
    }

    private CompletableFuture<SavedRobots.Saved> answered(Reply reply, String baseName, String name, int nameAttempt,
            int unavailableAttempt, int connectionAttempt) {
        if (reply.ok()) {
            try {
                JsonNode body = json.readTree(reply.body());
                return CompletableFuture.completedFuture(new SavedRobots.Saved(name,
                        new RobotCredentials(body.path("robotId").asString(""), body.path("secret").asString(""))));
            } catch (JacksonException | IllegalArgumentException e) {
                return CompletableFuture.failedFuture(
                        new RegistrationException("the gateway's registration answer has no robotId and secret: "
                                + reply.body(), e));
            }
        }
        if (reply.status() == 409 && nameAttempt < MAX_NAME_ATTEMPTS) {
            String other = baseName + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
            log.info("Robot name {} is taken in the tenant (its secret is not saved here); trying {}", name, other);
            return register(baseName, other, nameAttempt + 1, unavailableAttempt, connectionAttempt);
        }
        if (reply.unavailable() && unavailableAttempt < MAX_UNAVAILABLE_ATTEMPTS) {
            Duration sent = reply.retryAfter() == null ? Duration.ofSeconds(1) : reply.retryAfter();
            Duration cap = config.retryAfterCap() == null || config.retryAfterCap().compareTo(MAX_WAIT) > 0 ? MAX_WAIT
                    : config.retryAfterCap();
            return later(Backoff.retryAfter(sent, cap),
                    () -> register(baseName, name, nameAttempt, unavailableAttempt + 1, connectionAttempt));
        }
        String hint = reply.credentialsRefused() ? " (check the tenant user and password, e.g. --user acme:acme)" : "";
        return CompletableFuture.failedFuture(new RegistrationException("registering robot '" + name + "' as " + user
                + " failed with " + reply.status() + hint + ": " + reply.body()));
    }

    private static CompletableFuture<SavedRobots.Saved> later(Duration wait,
            Supplier<CompletableFuture<SavedRobots.Saved>> next) {
        return CompletableFuture.supplyAsync(next,
                CompletableFuture.delayedExecutor(wait.toMillis(), TimeUnit.MILLISECONDS)).thenCompose(f -> f);
    }

    private static String rootMessage(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return cause.getMessage() == null ? cause.getClass().getName() : cause.toString();
    }
}
