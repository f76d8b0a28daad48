package org.jobplatform.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jobplatform.contracts.Topics;
import org.jobplatform.localstack.Service;
import org.jobplatform.localstack.ServiceProcess;
import org.jobplatform.testsupport.SharedKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

/**
 * Two scheduler-service processes share a hundred triggers firing every two seconds, in real time, with executions
 * prepared ahead as by default. The instance that is firing them is killed with SIGKILL, holding in its memory the
 * slots it prepared for the next seconds: the other takes them and every later time over. Every scheduled time is
 * recorded exactly once, FIRED, and requested under one request id (the dead instance may have sent some of a slot
 * before dying, and the outbox sends them again under the same id); every time due after the kill is recorded
 * within the failover bound.
 */
class SchedulerKilledWhileFiringTest {

    private static final int SECOND_SCHEDULER_PORT = 8087;
    private static final int TRIGGERS = 100;
    private static final String TENANT = "killed-scheduler";
    /** Longer than any wait here: late times are not misfires, so every time must be FIRED whatever the machine does. */
    private static final Map<String, String> SETTINGS = Map.of("scheduler.misfire-threshold", "1h",
            "logging.level.org.jobplatform.scheduler.firing.FiringSlots", "DEBUG");
    /** How late, at most, the survivor may record a time that fell due after the kill: far above its poll interval. */
    private static final Duration FAILOVER_BOUND = Duration.ofSeconds(10);
    /** Times up to this long after the kill are checked. */
    private static final Duration AFTER_THE_KILL = Duration.ofSeconds(20);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static Cluster cluster;
    private static final Map<Integer, ServiceProcess> instances = new HashMap<>();
    private static final List<Map<String, Object>> created = new ArrayList<>();

    @BeforeAll
    static void startTwoInstances() throws Exception {
        cluster = new Cluster("scheduler-kill-logs");
        instances.put(Service.SCHEDULER_SERVICE.port(),
                cluster.start(Service.SCHEDULER_SERVICE, Service.SCHEDULER_SERVICE.port(), SETTINGS));
        instances.put(SECOND_SCHEDULER_PORT, cluster.start(Service.SCHEDULER_SERVICE, SECOND_SCHEDULER_PORT, SETTINGS));
    }

    @AfterAll
    static void deleteTheTriggersAndStop() {
        if (cluster == null) {
            return;
        }
        // the triggers would otherwise fire whenever a later test starts a scheduler on this database
        instances.keySet().stream().filter(port -> instances.get(port).process().isAlive()).findFirst()
                .ifPresent(port -> created.forEach(t -> Http.delete(url(port) + "/api/triggers/" + t.get("id"),
                        "admin")));
        cluster.close();
    }

    private static String url(int port) {
        return "http://localhost:" + port;
    }

    @Test
    void theFiringInstanceKilled_everyTimeStillRecordedAndRequestedExactlyOnce_andTheSurvivorTakesOver()
            throws Exception {
        List<Integer> ports = List.copyOf(instances.keySet());
        for (int i = 0; i < TRIGGERS; i++) {
            int port = ports.get(i % 2);
            Http.Response response = Http.postJson(url(port) + "/api/triggers", "admin", "{\"name\":\"every-2s-" + i
                    + "\",\"processName\":\"kill-test\",\"type\":\"CRON\",\"cron\":\"*/2 * * * * *\",\"tenantId\":\""
                    + TENANT + "\"}");
            assertThat(response.status()).as(response.body().toString()).isEqualTo(201);
            created.add(response.body());
        }

        // the instance that sends the requests of a boundary is the one that prepared it, and it holds the slots it
        // prepared for the next seconds: wait for a boundary whose requests one instance sent, and kill that one
        Map<Integer, Integer> sentBefore = sentLines();
        int victim = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> newSender(sentBefore), port -> port != null);
        cluster.kill(instances.get(victim));
        Instant killedAt = Instant.now();
        int survivor = victim == ports.get(0) ? ports.get(1) : ports.get(0);
        Instant checkedUpTo = killedAt.plus(AFTER_THE_KILL);

        // applied slots are listed, their requests published; a slot the dead instance was sending is applied by
        // the survivor once scheduler.send-timeout has passed
        Map<String, List<Map<String, Object>>> executions = new HashMap<>();
        Map<String, Map<Instant, Set<String>>> requestIds = new HashMap<>();
        await().atMost(AFTER_THE_KILL.plusSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            requestIds.clear();
            requestIds.putAll(requestIdsByTriggerAndTime());
            for (Map<String, Object> trigger : created) {
                String id = (String) trigger.get("id");
                List<Map<String, Object>> listed = Http.getList(url(survivor) + "/api/triggers/" + id
                        + "/executions", "admin");
                executions.put(id, listed);
                Set<Instant> expected = expectedTimes(trigger, checkedUpTo);
                assertThat(timesOf(listed)).as("times recorded for %s", id).containsAll(expected);
                assertThat(requestIds.getOrDefault(id, Map.of()).keySet()).as("times requested for %s", id)
                        .containsAll(expected);
            }
        });

        int checked = 0;
        int afterTheKill = 0;
        for (Map<String, Object> trigger : created) {
            String id = (String) trigger.get("id");
            Set<Instant> expected = expectedTimes(trigger, checkedUpTo);
            List<Map<String, Object>> upTo = executions.get(id).stream()
                    .filter(e -> !Instant.parse((String) e.get("scheduledAt")).isAfter(checkedUpTo)).toList();
            assertThat(upTo).as("executions of %s", id).extracting(e -> Instant.parse((String) e.get("scheduledAt")))
                    .containsExactlyInAnyOrderElementsOf(expected);
            for (Map<String, Object> execution : upTo) {
                Instant scheduledAt = Instant.parse((String) execution.get("scheduledAt"));
                assertThat(execution.get("outcome")).as("%s at %s", id, scheduledAt).isEqualTo("FIRED");
                assertThat(requestIds.getOrDefault(id, Map.of()).get(scheduledAt)).as("request ids of %s at %s", id,
                        scheduledAt).hasSize(1);
                if (scheduledAt.isAfter(killedAt)) {
                    Instant recordedAt = Instant.parse((String) execution.get("recordedAt"));
                    assertThat(Duration.between(scheduledAt, recordedAt)).as("%s at %s recorded at %s", id,
                            scheduledAt, recordedAt).isLessThanOrEqualTo(FAILOVER_BOUND);
                    afterTheKill++;
                }
                checked++;
            }
            // requests only for recorded times
            assertThat(requestIds.getOrDefault(id, Map.of()).keySet().stream()
                    .filter(t -> !t.isAfter(checkedUpTo)).collect(Collectors.toSet())).isEqualTo(expected);
        }
        // ten boundaries after the kill, a hundred triggers each
        assertThat(afterTheKill).isGreaterThanOrEqualTo(TRIGGERS * (int) (AFTER_THE_KILL.toSeconds() / 2));
        assertThat(checked).isGreaterThan(afterTheKill);
    }

    /** How many "sent N job requests" lines each live instance has logged so far. */
    private static Map<Integer, Integer> sentLines() {
        Map<Integer, Integer> lines = new HashMap<>();
        instances.forEach((port, process) -> lines.put(port, (int) process.logTail(100_000).stream()
                .filter(line -> line.contains("sent ") && line.contains(" job requests of ")).count()));
        return lines;
    }

    /** The port of the instance that logged a sending since {@code before}, or null. */
    private static Integer newSender(Map<Integer, Integer> before) {
        Map<Integer, Integer> now = sentLines();
        return now.keySet().stream().filter(port -> now.get(port) > before.get(port)).findFirst().orElse(null);
    }

    private static TreeSet<Instant> timesOf(List<Map<String, Object>> executions) {
        return executions.stream().map(e -> Instant.parse((String) e.get("scheduledAt")))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Every even second after the trigger's creation, up to {@code upTo}: its cron times. */
    private static Set<Instant> expectedTimes(Map<String, Object> trigger, Instant upTo) {
        return evenSecondsAfter(Instant.parse((String) trigger.get("createdAt")), upTo);
    }

    private static Set<Instant> evenSecondsAfter(Instant from, Instant upTo) {
        Set<Instant> times = new HashSet<>();
        long second = from.getEpochSecond() + 1;
        for (Instant t = Instant.ofEpochSecond(second + (second % 2)); !t.isAfter(upTo); t = t.plusSeconds(2)) {
            times.add(t);
        }
        return times;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<Instant, Set<String>>> requestIdsByTriggerAndTime() {
        Map<String, Map<Instant, Set<String>>> ids = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : SharedKafka.readAll(Topics.SCHEDULER_JOB_REQUESTS)) {
            Map<String, Object> data = JSON.readValue(record.value(), Map.class);
            // a JobsRequested (a tenant's requests sent together at a decision) or a JobRequested (the outbox's)
            List<Map<String, Object>> requests = data.containsKey("requests")
                    ? (List<Map<String, Object>>) data.get("requests") : List.of(data);
            for (Map<String, Object> request : requests) {
                if (TENANT.equals(request.get("tenantId"))) {
                    ids.computeIfAbsent((String) request.get("triggerId"), k -> new HashMap<>())
                            .computeIfAbsent(Instant.parse((String) request.get("scheduledAt")), k -> new HashSet<>())
                            .add((String) request.get("requestId"));
                }
            }
        }
        return ids;
    }
}
