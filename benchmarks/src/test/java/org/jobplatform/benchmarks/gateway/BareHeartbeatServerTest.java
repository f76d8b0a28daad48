package org.jobplatform.benchmarks.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/** The bare endpoint in this JVM: it must check and answer like robot-gateway's heartbeat to be a fair ceiling. */
class BareHeartbeatServerTest {

    private static ConfigurableApplicationContext context;
    private static String url;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        context = SpringApplication.run(BareHeartbeatServer.class, "--server.port=0", "--spring.main.banner-mode=off");
        url = "http://localhost:" + context.getEnvironment().getProperty("local.server.port") + BareHeartbeatServer.PATH;
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    private HttpResponse<String> post(String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anIdleRobotsHeartbeat_isAnsweredWithTheGatewaysShape() throws Exception {
        HttpResponse<String> response = post(LoadGenerator.HEARTBEAT_BODY);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"commands\":[],\"pollAfterMs\":5000}");
    }

    @Test
    void aHeartbeatWithoutRunningJobIdsOrWithABadIdOrCapacity_isRefused() throws Exception {
        assertThat(post("{\"capacity\": 1}").statusCode()).isEqualTo(400);
        assertThat(post("{\"runningJobIds\": [\"nope\"]}").statusCode()).isEqualTo(400);
        assertThat(post("{\"runningJobIds\": [], \"capacity\": 0}").statusCode()).isEqualTo(400);
        assertThat(post("{\"runningJobIds\": [\"8a4c1c0e-6f0e-4c1e-9a55-1f1f2f3f4f5f\"], \"capacity\": 2}")
                .statusCode()).isEqualTo(200);
    }
}
