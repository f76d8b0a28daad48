package org.jobplatform.scheduler.triggers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jobplatform.scheduler.support.MutableClock;
import org.jobplatform.scheduler.support.SchedulerServiceTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The trigger API: creation with its defaults, every 400 with a precise detail, 401, 403 and 404 by tenant. */
@SchedulerServiceTest
class TriggerApiTest {

    @LocalServerPort
    int port;

    private WebTestClient as(String user) {
        return WebTestClient.bindToServer().baseUrl("http://localhost:" + port).responseTimeout(Duration.ofSeconds(30))
                .defaultHeaders(h -> h.setBasicAuth(user, user)).build();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> create(String user, String body) {
        return as(user).post().uri("/api/triggers").contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isCreated().expectHeader().exists("Location").expectBody(Map.class).returnResult()
                .getResponseBody();
    }

    private WebTestClient.ResponseSpec post(String user, String body) {
        return as(user).post().uri("/api/triggers").contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private static String future() {
        return MutableClock.MAIN.instant().plus(Duration.ofDays(1)).toString();
    }

    @BeforeEach
    void clientsReady() {
        assertThat(port).isPositive();
    }

    @Test
    void aCronTrigger_isCreatedForTheCallersTenant_withSkipByDefault_andItsNextTime() {
        Map<String, Object> t = create("acme", """
                {"name":"nightly invoices","processName":"invoices","type":"cron","cron":"0 30 2 * * *",
                 "timeZone":"Europe/Berlin","inputArguments":{"batch":7}}""");
        assertThat(t).containsEntry("tenantId", "acme").containsEntry("type", "CRON")
                .containsEntry("misfirePolicy", "SKIP").containsEntry("timeZone", "Europe/Berlin")
                .containsEntry("exempt", false).containsEntry("enabled", true)
                .containsEntry("inputArguments", Map.of("batch", 7));
        Instant next = Instant.parse((String) t.get("nextFireAt"));
        assertThat(next).isAfter(MutableClock.MAIN.instant());
        as("acme").get().uri("/api/triggers/" + t.get("id")).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.name").isEqualTo("nightly invoices");
        as("acme").get().uri("/api/triggers").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$[?(@.id == '" + t.get("id") + "')]").exists();
        as("acme").get().uri("/api/triggers/" + t.get("id") + "/executions").exchange().expectStatus().isOk()
                .expectBody().json("[]");
        as("acme").delete().uri("/api/triggers/" + t.get("id")).exchange().expectStatus().isNoContent();
        as("acme").get().uri("/api/triggers/" + t.get("id")).exchange().expectStatus().isNotFound();
    }

    @Test
    void aOnceTrigger_defaultsToRunOnceAfterMaintenance_andAnIntervalTriggerToSkip() {
        Map<String, Object> once = create("acme", "{\"name\":\"once\",\"processName\":\"p\",\"type\":\"ONCE\","
                + "\"at\":\"" + future() + "\"}");
        assertThat(once).containsEntry("misfirePolicy", "RUN_ONCE_AFTER_MAINTENANCE");
        Map<String, Object> interval = create("acme", "{\"name\":\"interval\",\"processName\":\"p\","
                + "\"type\":\"INTERVAL\",\"intervalSeconds\":90,\"misfirePolicy\":\"run_once_after_maintenance\"}");
        assertThat(interval).containsEntry("misfirePolicy", "RUN_ONCE_AFTER_MAINTENANCE")
                .containsEntry("intervalSeconds", 90);
        assertThat(Instant.parse((String) interval.get("nextFireAt")))
                .isEqualTo(Instant.parse((String) interval.get("createdAt")).plusSeconds(90));
        for (Map<String, Object> t : List.of(once, interval)) {
            as("acme").delete().uri("/api/triggers/" + t.get("id")).exchange().expectStatus().isNoContent();
        }
    }

    @Test
    void disableAndEnable_stopAndRestartTheSchedule() {
        Map<String, Object> t = create("acme", "{\"name\":\"i\",\"processName\":\"p\",\"type\":\"INTERVAL\","
                + "\"intervalSeconds\":3600}");
        as("acme").post().uri("/api/triggers/" + t.get("id") + "/disable").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.enabled").isEqualTo(false).jsonPath("$.nextFireAt").isEmpty();
        as("acme").post().uri("/api/triggers/" + t.get("id") + "/enable").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.enabled").isEqualTo(true).jsonPath("$.nextFireAt").isNotEmpty();
        as("acme").delete().uri("/api/triggers/" + t.get("id")).exchange().expectStatus().isNoContent();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '^', value = {
        "missing name|{\"processName\":\"p\",\"type\":\"INTERVAL\",\"intervalSeconds\":5}|name is required",
        "missing process|{\"name\":\"n\",\"type\":\"INTERVAL\",\"intervalSeconds\":5}|processName is required",
        "missing type|{\"name\":\"n\",\"processName\":\"p\"}|type is required; accepted: CRON, ONCE, INTERVAL",
        "unknown type|{\"name\":\"n\",\"processName\":\"p\",\"type\":\"WEEKLY\"}|'WEEKLY' is not a valid type; accepted: CRON, ONCE, INTERVAL",
        "invalid cron|{\"name\":\"n\",\"processName\":\"p\",\"type\":\"CRON\",\"cron\":\"0 61 * * * *\"}|cron '0 61 * * * *' is not a valid cron expression",
        "five-field cron|{\"name\":\"n\",\"processName\":\"p\",\"type\":\"CRON\",\"cron\":\"30 2 * * *\"}|cron '30 2 * * *' is not a valid cron expression (six fields, seconds first",
        "missing cron|{\"name\":\"n\",\"processName\":\"p\",\"type\":\"CRON\"}|cron is required for type CRON",
        "unknown zone|{\"name\":\"n\",\"processName\":\"p\",\"type\":\"CRON\",\"cron\":\"0 0 * * * *\",\"timeZone\":\"Mars/Olympus\"}|timeZone 'Mars/Olympus' is not a known time zone",
        "once in the past|{\"name\":\"n\",\"processName\":\"p\",\"type\":\"ONCE\",\"at\":\"2020-01-01T00:00:00Z\"}|at 2020-01-01T00:00:00Z is in the past",
        "once not a moment|{\"name\":\"n\",\"processName\":\"p\",\"type\":\"ONCE\",\"at\":\"tomorrow\"}|at 'tomorrow' is not an ISO-8601 moment",
        "missing at|{\"name\":\"n\",\"processName\":\"p\",\"type\":\"ONCE\"}|at is required for type ONCE",
        "interval under a second|{\"name\":\"n\",\"processName\":\"p\",\"type\":\"INTERVAL\",\"intervalSeconds\":0}|intervalSeconds must be at least 1, got 0",
        "missing interval|{\"name\":\"n\",\"processName\":\"p\",\"type\":\"INTERVAL\"}|intervalSeconds is required for type INTERVAL",
        "field of another type|{\"name\":\"n\",\"processName\":\"p\",\"type\":\"INTERVAL\",\"intervalSeconds\":5,\"cron\":\"0 0 * * * *\"}|cron applies to type CRON only, not INTERVAL",
        "unknown policy|{\"name\":\"n\",\"processName\":\"p\",\"type\":\"INTERVAL\",\"intervalSeconds\":5,\"misfirePolicy\":\"REPLAY\"}|'REPLAY' is not a valid misfirePolicy; accepted: SKIP, RUN_ONCE_AFTER_MAINTENANCE",
        "cron that never fires|{\"name\":\"n\",\"processName\":\"p\",\"type\":\"CRON\",\"cron\":\"0 0 0 30 2 *\"}|cron '0 0 0 30 2 *' never fires"})
    void badInput_isA400ProblemNamingWhatIsWrong(String name, String body, String detail) {
        post("acme", body).expectStatus().isBadRequest().expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON).expectBody()
                .jsonPath("$.detail").value(d -> assertThat((String) d).contains(detail));
    }

    @Test
    void aTenantUser_mayNotMarkATriggerExempt_butAHostAdminMay_forATenantItNames() {
        String body = "{\"name\":\"system\",\"processName\":\"cleanup\",\"type\":\"INTERVAL\",\"intervalSeconds\":60,"
                + "\"exempt\":true";
        post("acme", body + "}").expectStatus().isForbidden().expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON).expectBody().jsonPath("$.detail")
                .value(d -> assertThat((String) d).contains("Only a host admin"));
        post("admin", body + "}").expectStatus().isBadRequest().expectBody().jsonPath("$.detail")
                .value(d -> assertThat((String) d).contains("tenantId is required from a host admin"));
        Map<String, Object> t = create("admin", body + ",\"tenantId\":\"acme\"}");
        assertThat(t).containsEntry("exempt", true).containsEntry("tenantId", "acme");
        post("acme", "{\"name\":\"n\",\"processName\":\"p\",\"type\":\"INTERVAL\",\"intervalSeconds\":5,"
                + "\"tenantId\":\"globex\"}").expectStatus().isForbidden();
        as("acme").delete().uri("/api/triggers/" + t.get("id")).exchange().expectStatus().isNoContent();
    }

    @Test
    void anotherTenantsTrigger_is404_everywhere_whileAHostAdminSeesIt() {
        Map<String, Object> t = create("acme", "{\"name\":\"i\",\"processName\":\"p\",\"type\":\"INTERVAL\","
                + "\"intervalSeconds\":3600}");
        String id = (String) t.get("id");
        WebTestClient globex = as("globex");
        globex.get().uri("/api/triggers/" + id).exchange().expectStatus().isNotFound().expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        globex.get().uri("/api/triggers/" + id + "/executions").exchange().expectStatus().isNotFound();
        globex.post().uri("/api/triggers/" + id + "/disable").exchange().expectStatus().isNotFound();
        globex.post().uri("/api/triggers/" + id + "/backfill?windowId=w").exchange().expectStatus().isNotFound();
        globex.delete().uri("/api/triggers/" + id).exchange().expectStatus().isNotFound();
        globex.get().uri("/api/triggers").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$[?(@.id == '" + id + "')]").doesNotExist();
        as("admin").get().uri("/api/triggers/" + id).exchange().expectStatus().isOk();
        as("acme").get().uri("/api/triggers/not-a-uuid").exchange().expectStatus().isBadRequest();
        as("acme").delete().uri("/api/triggers/" + id).exchange().expectStatus().isNoContent();
    }

    @Test
    void anAnonymousCaller_is401() {
        WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build().get().uri("/api/triggers").exchange()
                .expectStatus().isUnauthorized();
        WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build().post().uri("/api/triggers")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange().expectStatus().isUnauthorized();
    }
}
