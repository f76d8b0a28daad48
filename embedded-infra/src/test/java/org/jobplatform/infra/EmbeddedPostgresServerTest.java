package org.jobplatform.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresServerTest {

    @TempDir
    Path dataDir;

    @Test
    void aStartedServerOffersTheJobplatformDatabaseWithTheAdvertisedCredentials() throws Exception {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir, 0, true)) {
            assertThat(server.host()).isEqualTo("127.0.0.1");
            assertThat(server.database()).isEqualTo("jobplatform");
            assertThat(server.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:" + server.port() + "/jobplatform");

            try (Connection connection = DriverManager.getConnection(server.jdbcUrl(), server.username(), server.password());
                 Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT current_database(), current_user")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("jobplatform");
                assertThat(rows.getString(2)).isEqualTo("postgres");
            }
        }
    }

    @Test
    void aRowWrittenBeforeAStopIsStillThereAfterARestartOnTheSameDirectory() throws Exception {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir, 0, false)) {
            try (Connection connection = server.dataSource().getConnection();
                 Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE phase (id INT PRIMARY KEY, name TEXT NOT NULL)");
                statement.execute("INSERT INTO phase VALUES (1, 'DRAINING')");
            }
        }

        try (EmbeddedPostgresServer restarted = EmbeddedPostgresServer.start(dataDir, 0, false);
             Connection connection = DriverManager.getConnection(
                     restarted.jdbcUrl(), restarted.username(), restarted.password());
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT name FROM phase WHERE id = 1")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString("name")).isEqualTo("DRAINING");
        }
    }

    @Test
    void cleaningTheDataDirectoryStartsFromAnEmptyClusterAndRemovesItOnClose() throws Exception {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir, 0, false);
             Connection connection = server.dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE leftover (id INT)");
        }

        try (EmbeddedPostgresServer cleaned = EmbeddedPostgresServer.start(dataDir, 0, true);
             Connection connection = cleaned.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT to_regclass('leftover') IS NULL")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getBoolean(1)).isTrue();
        }
        assertThat(dataDir).doesNotExist();
    }

    @Test
    void closingAServerTwiceIsHarmless() {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir, 0, true);
        server.close();
        server.close();
        assertThat(FreePorts.isFree(server.port())).isTrue();
    }
}
