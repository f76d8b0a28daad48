package org.jobplatform.maintenance.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jobplatform.contracts.InstanceHeartbeat;
import org.jobplatform.contracts.Topics;
import org.jobplatform.maintenance.support.MaintenanceServiceTest;
import org.jobplatform.starter.messaging.EventCodec;
import org.jobplatform.starter.outbox.Outbox;
import org.jobplatform.testsupport.SharedInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.reactive.TransactionalOperator;

import reactor.core.publisher.Mono;

/** Many events appended at once keep their order and their exact content, and share the caller's transaction. */
@MaintenanceServiceTest
class OutboxAppendAllTest {

    /** A topic that exists and that this service does not read: the relay publishes these rows too. */
    private static final String UNREAD_TOPIC = Topics.ROBOT_LOGS;

    @Autowired
    Outbox outbox;
    @Autowired
    TransactionalOperator tx;
    @Autowired
    EventCodec codec;

    private record Row(String key, String subject, String type, byte[] payload) {
    }

    @Test
    void manyEvents_appendedAtOnce_keepListOrderKeysSubjectsAndPayloads() throws Exception {
        String run = UUID.randomUUID().toString();
        List<Outbox.Entry> entries = new ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            InstanceHeartbeat event = new InstanceHeartbeat("append-" + run, "instance-" + i, i % 2 == 0,
                    Map.of("host", (long) i), 1000, Instant.parse("2026-01-01T00:00:00Z").plusMillis(i));
            // every third entry has neither key nor subject
            boolean bare = i % 3 == 0;
            entries.add(new Outbox.Entry(UNREAD_TOPIC, bare ? null : run + ":" + i, event,
                    bare ? null : "subject-" + i));
        }

        tx.transactional(outbox.appendAll(entries)).block();

        List<Row> rows = rows(run);
        assertThat(rows).hasSize(1200);
        for (int i = 0; i < rows.size(); i++) {
            Outbox.Entry entry = entries.get(i);
            assertThat(rows.get(i).key()).as("key of row %d", i).isEqualTo(entry.key());
            assertThat(rows.get(i).subject()).as("subject of row %d", i).isEqualTo(entry.subject());
            assertThat(rows.get(i).type()).isEqualTo("org.jobplatform.maintenance.instance-heartbeat.v1");
            assertThat(rows.get(i).payload()).as("payload of row %d", i).isEqualTo(codec.toJson(entry.event()));
        }
    }

    @Test
    void eventsAppendedInATransactionThatRollsBack_areNotKept() throws Exception {
        String run = UUID.randomUUID().toString();
        InstanceHeartbeat event = new InstanceHeartbeat("append-" + run, "instance", true, Map.of(), 1000,
                Instant.now());
        tx.transactional(outbox.appendAll(List.of(new Outbox.Entry(UNREAD_TOPIC, run, event, null)))
                .then(Mono.error(new IllegalStateException("rolled back"))))
                .onErrorResume(IllegalStateException.class, e -> Mono.empty()).block();

        assertThat(rows(run)).isEmpty();
    }

    /** The rows of a run, by position; heartbeats of the run are found by their service name. */
    private static List<Row> rows(String run) throws Exception {
        var pg = SharedInfrastructure.get().postgres();
        try (Connection connection = DriverManager.getConnection(pg.jdbcUrl(), pg.username(), pg.password());
                PreparedStatement query = connection.prepareStatement("select event_key, subject, event_type, "
                        + "payload from maintenance.outbox_event where convert_from(payload, 'UTF8') like ? "
                        + "order by position")) {
            query.setString(1, "%\"append-" + run + "\"%");
            List<Row> rows = new ArrayList<>();
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    rows.add(new Row(result.getString(1), result.getString(2), result.getString(3),
                            result.getBytes(4)));
                }
            }
            return rows;
        }
    }
}
