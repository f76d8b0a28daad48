package org.jobplatform.benchmarks.propagation;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Calls the maintenance API as the host admin and notes when each request left and its answer arrived. */
final class MaintenanceClient {

    /**
     * One instance as {@code GET /api/maintenance} lists it.
     *
     * @param service      the service name
     * @param instanceId   the instance
     * @param appliedEpoch the host epoch it applied
     * @param alive        whether its heartbeats are current
     * @param ready        whether it serves
     */
    record Instance(String service, String instanceId, long appliedEpoch, boolean alive, boolean ready) {
    }

    /**
     * The part of the maintenance state the benchmark reads.
     *
     * @param phase     the host phase
     * @param epoch     the host epoch
     * @param instances every known instance
     * @param converged whether every alive instance applied the epoch
     */
    record State(String phase, long epoch, List<Instance> instances, boolean converged) {
    }

    /**
     * One call that changes the host phase.
     *
     * @param sent     taken just before the request was handed to the HTTP client
     * @param answered taken when the whole answer had arrived
     * @param status   the HTTP status
     * @param body     the answer's body
     * @param state    the state in the answer, {@code null} unless the status is 200
     */
    record Change(Instant sent, Instant answered, int status, String body, State state) {
    }

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

    private final String baseUrl;
    private final String authorization;
    private final HttpClient client;
    private final JsonMapper mapper;

    MaintenanceClient(String baseUrl, String user, String password) {
        this.baseUrl = baseUrl;
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        this.mapper = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    }

    /** Asks for host DRAINING. */
    Change startDraining() throws IOException, InterruptedException {
        return change("/api/maintenance/start?phase=DRAINING");
    }

    /** Asks to end host maintenance. */
    Change end() throws IOException, InterruptedException {
        return change("/api/maintenance/end");
    }

    /** Reads the host state with its instances. */
    State state() throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(request("/api/maintenance").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET /api/maintenance answered " + response.statusCode() + ": " + response.body());
        }
        return mapper.readValue(response.body(), State.class);
    }

    private Change change(String path) throws IOException, InterruptedException {
        HttpRequest request = request(path).POST(HttpRequest.BodyPublishers.noBody()).build();
        Instant sent = Instant.now();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        Instant answered = Instant.now();
        State state = response.statusCode() == 200 ? mapper.readValue(response.body(), State.class) : null;
        return new Change(sent, answered, response.statusCode(), response.body(), state);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(REQUEST_TIMEOUT)
                .header("Authorization", authorization).header("Accept", "application/json");
    }
}
