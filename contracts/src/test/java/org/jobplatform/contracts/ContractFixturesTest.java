package org.jobplatform.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Producers and consumers agree on the wire form: every event type has a fixture named after it, the fixture
 * reads into its record, and the record writes back exactly the fixture's fields and values.
 */
class ContractFixturesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static JsonNode fixture(String type) throws IOException {
        String name = "/fixtures/" + type.substring("org.jobplatform.".length()) + ".json";
        try (InputStream in = ContractFixturesTest.class.getResourceAsStream(name)) {
            assertThat(in).as("fixture " + name).isNotNull();
            return JSON.readTree(in);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {EventTypes.PHASE_CHANGED, EventTypes.PHASE_APPLIED, EventTypes.INSTANCE_HEARTBEAT,
            EventTypes.DRAIN_PROGRESS_REPORTED, EventTypes.JOB_STATE_CHANGED, EventTypes.ROBOT_LOG_WRITTEN,
            EventTypes.JOB_STATE_REPORTED, EventTypes.QUEUE_ITEM_ADDED, EventTypes.JOB_REQUESTED,
            EventTypes.JOBS_REQUESTED, EventTypes.JOB_REQUEST_ACCEPTED, EventTypes.JOB_REQUEST_REFUSED,
            EventTypes.TRIGGER_EXECUTION_RECORDED})
    void theFixtureOfEveryType_readsIntoItsRecord_andWritesBackUnchanged(String type) throws IOException {
        JsonNode fixture = fixture(type);
        Class<?> record = EventTypes.recordFor(type).orElseThrow();
        Object event = JSON.treeToValue(fixture, record);
        JsonNode written = JSON.valueToTree(event);
        assertThat(names(written)).isEqualTo(names(fixture));
        for (String field : names(fixture)) {
            assertThat(normalized(record, field, written.get(field))).as(field)
                    .isEqualTo(normalized(record, field, fixture.get(field)));
        }
    }

    /** Instants compare as instants (the writer may add or drop trailing zeros), everything else as JSON text. */
    private static Object normalized(Class<?> record, String field, JsonNode value) {
        if (value.isString() && componentType(record, field) == java.time.Instant.class) {
            return java.time.Instant.parse(value.asString());
        }
        return value.toString();
    }

    @Test
    void everyRecordOfTheContract_hasAType_andEveryTypeIsVersioned() {
        for (Class<?> record : List.of(MaintenancePhaseChanged.class, PhaseApplied.class, InstanceHeartbeat.class,
                DrainProgressReported.class, JobStateChanged.class, RobotLogWritten.class, JobStateReported.class,
                QueueItemAdded.class, RobotCommandIssued.class, RobotHeartbeatReceived.class, JobRequested.class,
                JobsRequested.class, JobRequestAccepted.class, JobRequestRefused.class,
                TriggerExecutionRecorded.class)) {
            String type = EventTypes.of(record);
            assertThat(type).startsWith("org.jobplatform.").matches(".*\\.v\\d+$");
            assertThat(EventTypes.recordFor(type)).contains(record);
        }
    }

    @Test
    void scopeKeys_andPhases_parseAsTheApiAcceptsThem() {
        assertThat(Scope.fromKey("host")).isEqualTo(Scope.HOST);
        assertThat(Scope.fromKey("tenant:acme").tenantId()).isEqualTo("acme");
        assertThat(Phase.parse("draining")).isEqualTo(Phase.DRAINING);
        assertThat(Phase.DRAINING.strongest(Phase.SUSPENDED)).isEqualTo(Phase.SUSPENDED);
        assertThat(Phase.SUSPENDED.strongest(Phase.NONE)).isEqualTo(Phase.SUSPENDED);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Phase.parse("paused"))
                .hasMessageContaining("accepted: NONE, DRAINING, SUSPENDED");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Scope.tenant("Bad Tenant"))
                .hasMessageContaining("not a valid tenant id");
    }

    private static Class<?> componentType(Class<?> record, String field) {
        for (var component : record.getRecordComponents()) {
            if (component.getName().equals(field)) {
                return component.getType();
            }
        }
        throw new IllegalArgumentException(field);
    }

    private static Set<String> names(JsonNode node) {
        Set<String> names = new TreeSet<>();
        Iterator<String> it = node.propertyNames().iterator();
        it.forEachRemaining(names::add);
        return names;
    }
}
