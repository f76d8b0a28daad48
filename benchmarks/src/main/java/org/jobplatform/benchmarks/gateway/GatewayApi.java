package org.jobplatform.benchmarks.gateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The calls that prepare the load: robot registration, a tenant's SUSPENDED window, a single heartbeat. */
final class GatewayApi {

    /** The tenant whose robots send the load. */
    static final String TENANT = "acme";

    /**
     * A registered robot.
     *
     * @param robotId its id, the Basic user name
     * @param secret  its secret, the Basic password
     */
    record Robot(String robotId, String secret) {

        /**
         * Returns the robot's {@code Authorization} header value.
         *
         * @return {@code Basic base64(robotId:secret)}
         */
        String authorization() {
            return basic(robotId, secret);
        }
    }

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

    private final String gatewayUrl;
    private final String maintenanceUrl;
    private final HttpClient client;
    private final JsonMapper mapper;

    GatewayApi(String gatewayUrl, String maintenanceUrl) {
        this.gatewayUrl = gatewayUrl;
        this.maintenanceUrl = maintenanceUrl;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        this.mapper = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    }

    /**
     * Returns a Basic {@code Authorization} header value.
     *
     * @param user     the user name
     * @param password the password
     * @return {@code Basic base64(user:password)}
     */
    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Registers a robot as the tenant's user; anything but 201 is an error. */
    Robot register(String name) throws IOException, InterruptedException {
        HttpResponse<String> response = send(gatewayUrl + "/api/robots", basic(TENANT, TENANT),
                HttpRequest.BodyPublishers.ofString(mapper.writeValueAsString(new NameBody(name))));
        if (response.statusCode() != 201) {
            throw new IOException("POST /api/robots " + name + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return mapper.readValue(response.body(), Robot.class);
    }

    /** Puts the tenant in SUSPENDED as the host admin; anything but 200 is an error. */
    void startSuspended() throws IOException, InterruptedException {
        expect200(send(maintenanceUrl + "/api/maintenance/start?phase=SUSPENDED&tenantId=" + TENANT,
                basic("admin", "admin"), HttpRequest.BodyPublishers.noBody()), "start SUSPENDED");
    }

    /** Ends the tenant's maintenance as the host admin; anything but 200 is an error. */
    void endMaintenance() throws IOException, InterruptedException {
        expect200(send(maintenanceUrl + "/api/maintenance/end?tenantId=" + TENANT, basic("admin", "admin"),
                HttpRequest.BodyPublishers.noBody()), "end");
    }

    /** Sends one heartbeat as the robot and returns the status. */
    int heartbeat(Robot robot) throws IOException, InterruptedException {
        return send(gatewayUrl + "/api/robot/heartbeat", robot.authorization(),
                HttpRequest.BodyPublishers.ofString(LoadGenerator.HEARTBEAT_BODY)).statusCode();
    }

    private record NameBody(String name) {
    }

    private HttpResponse<String> send(String url, String authorization, HttpRequest.BodyPublisher body)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT)
                .header("Authorization", authorization).header("Content-Type", "application/json")
                .header("Accept", "application/json").POST(body).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static void expect200(HttpResponse<String> response, String what) throws IOException {
        if (response.statusCode() != 200) {
            throw new IOException(what + " for tenant " + TENANT + " answered " + response.statusCode() + ": "
                    + response.body());
        }
    }
}
