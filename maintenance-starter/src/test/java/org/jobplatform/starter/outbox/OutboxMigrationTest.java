package org.jobplatform.starter.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.jobplatform.testsupport.SharedInfrastructure;
import org.junit.jupiter.api.Test;

/**
 * The starter's migration to an outbox of unpublished rows only: the rows an earlier version published and marked
 * are deleted, those still to be published are kept in their order.
 */
class OutboxMigrationTest {

    @Test
    void rowsPublishedBeforeTheUpgrade_areDeleted_andUnpublishedOnesKept() throws SQLException {
        DataSource db = SharedInfrastructure.get().postgres().dataSource();
        String schema = "outbox_" + UUID.randomUUID().toString().substring(0, 8);
        starterMigrations(db, schema).target("1").load().migrate();
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("insert into " + schema + ".outbox_event (event_id, topic, event_type, source, payload, "
                    + "occurred_at, published_at) values "
                    + "(gen_random_uuid(), 'a', 't', '/s', 'first'::bytea, now(), now()), "
                    + "(gen_random_uuid(), 'a', 't', '/s', 'second'::bytea, now(), null), "
                    + "(gen_random_uuid(), 'a', 't', '/s', 'third'::bytea, now(), now()), "
                    + "(gen_random_uuid(), 'a', 't', '/s', 'fourth'::bytea, now(), null)");
        }

        starterMigrations(db, schema).load().migrate();

        List<String> left = new ArrayList<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("select convert_from(payload, 'UTF8') as p from " + schema
                        + ".outbox_event order by position")) {
            while (rows.next()) {
                left.add(rows.getString("p"));
            }
        }
        assertThat(left).containsExactly("second", "fourth");
    }

    private static org.flywaydb.core.api.configuration.FluentConfiguration starterMigrations(DataSource db,
            String schema) {
        return Flyway.configure().dataSource(db).schemas(schema).defaultSchema(schema).locations("classpath:db/starter");
    }
}
