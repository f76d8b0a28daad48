package org.jobplatform.maintenance.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

import org.jobplatform.maintenance.support.MaintenanceServiceTest;
import org.jobplatform.starter.outbox.OutboxRelay;
import org.jobplatform.testsupport.SharedInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The relay's lock is per schema: services share one database, and one service's relay must never wait for
 * another's (that wait was up to a poll interval of phase propagation).
 */
@MaintenanceServiceTest
class OutboxRelayLockTest {

    @Autowired
    OutboxRelay relay;

    /** Holds the relay lock of a schema in another session until closed. */
    private static Connection holdRelayLock(String schema) throws Exception {
        var pg = SharedInfrastructure.get().postgres();
        Connection connection = DriverManager.getConnection(pg.jdbcUrl(), pg.username(), pg.password());
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("select pg_advisory_xact_lock(" + 0x6f7574 + ", hashtext('" + schema + "'))");
        }
        return connection;
    }

    @Test
    void anotherSchemasRelay_holdingItsLock_doesNotStopThisOne() throws Exception {
        try (Connection other = holdRelayLock("jobs")) {
            assertThat(relay.relayBatch().block()).isNotEqualTo(OutboxRelay.LOCKED_ELSEWHERE);
            other.rollback();
        }
    }

    @Test
    void anotherInstanceOfThisService_holdingTheLock_makesThisRelayStandAside() throws Exception {
        try (Connection sameSchema = holdRelayLock("maintenance")) {
            assertThat(relay.relayBatch().block()).isEqualTo(OutboxRelay.LOCKED_ELSEWHERE);
            sameSchema.rollback();
        }
    }
}
