package org.jobplatform.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An embedded PostgreSQL server with a {@code jobplatform} database, keeping its data in a caller-chosen directory. */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    /** Name of the application database created on start. */
    public static final String DATABASE = "jobplatform";
    /** Superuser created by initdb; the server trusts local connections, the password is set for clients that send one. */
    public static final String USERNAME = "postgres";
    /** Password set for {@link #USERNAME}. */
    public static final String PASSWORD = "postgres";
    private static final String HOST = "127.0.0.1";

    private final EmbeddedPostgres postgres;
    private final Path dataDir;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDir) {
        this.postgres = postgres;
        this.dataDir = dataDir;
    }

    /**
     * Starts PostgreSQL on {@code dataDir}, initialising the cluster when the directory holds none,
     * and creates the {@code jobplatform} database when it is missing.
     *
     * @param dataDir            the cluster's data directory
     * @param port               the port to listen on, or 0 to pick a free one
     * @param cleanDataDirectory true to delete whatever the directory holds, start from an empty cluster and
     *                           delete the directory again on close
     * @return the running server
     */
    public static EmbeddedPostgresServer start(Path dataDir, int port, boolean cleanDataDirectory) {
        Path dir = dataDir.toAbsolutePath().normalize();
        int chosenPort = port == 0 ? FreePorts.find() : port;
        FreePorts.requireFree(chosenPort, "PostgreSQL");
        EmbeddedPostgres postgres;
        try {
            if (cleanDataDirectory) {
                Directories.deleteRecursively(dir);
            }
            Files.createDirectories(dir);
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(cleanDataDirectory)
                    .setPort(chosenPort)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start embedded PostgreSQL in " + dir + " on port " + chosenPort, e);
        }
        EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres, dir);
        try {
            server.prepareDatabase();
        } catch (SQLException | RuntimeException e) {
            server.close();
            throw new IllegalStateException("Cannot prepare database " + DATABASE + " on port " + chosenPort, e);
        }
        LOG.info("Embedded PostgreSQL ready at {} with data in {}", server.jdbcUrl(), dir);
        return server;
    }

    /**
     * Returns the listening port.
     *
     * @return the port
     */
    public int port() {
        return postgres.getPort();
    }

    /**
     * Returns the host clients connect to.
     *
     * @return {@code 127.0.0.1}
     */
    public String host() {
        return HOST;
    }

    /**
     * Returns the name of the application database.
     *
     * @return {@code jobplatform}
     */
    public String database() {
        return DATABASE;
    }

    /**
     * Returns the user name to connect with.
     *
     * @return {@code postgres}
     */
    public String username() {
        return USERNAME;
    }

    /**
     * Returns the password to connect with.
     *
     * @return {@code postgres}
     */
    public String password() {
        return PASSWORD;
    }

    /**
     * Returns the JDBC URL of the application database, without credentials.
     *
     * @return {@code jdbc:postgresql://127.0.0.1:<port>/jobplatform}
     */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + HOST + ":" + port() + "/" + DATABASE;
    }

    /**
     * Returns the directory holding the cluster's data.
     *
     * @return the absolute data directory
     */
    public Path dataDir() {
        return dataDir;
    }

    /**
     * Returns a data source connected to the application database.
     *
     * @return a non-pooling data source
     */
    public DataSource dataSource() {
        return dataSource(DATABASE);
    }

    /** Stops the server; calling it again does nothing. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            LOG.info("Stopping embedded PostgreSQL on port {}", port());
            try {
                postgres.close();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot stop embedded PostgreSQL", e);
            }
        }
    }

    private void prepareDatabase() throws SQLException {
        try (Connection connection = dataSource("postgres").getConnection()) {
            boolean exists;
            try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                query.setString(1, DATABASE);
                try (ResultSet rows = query.executeQuery()) {
                    exists = rows.next();
                }
            }
            try (Statement statement = connection.createStatement()) {
                if (!exists) {
                    statement.execute("CREATE DATABASE " + DATABASE + " OWNER " + USERNAME);
                }
                statement.execute("ALTER USER " + USERNAME + " WITH PASSWORD '" + PASSWORD + "'");
            }
        }
    }

    private DataSource dataSource(String databaseName) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setServerNames(new String[] {HOST});
        dataSource.setPortNumbers(new int[] {port()});
        dataSource.setDatabaseName(databaseName);
        dataSource.setUser(USERNAME);
        dataSource.setPassword(PASSWORD);
        return dataSource;
    }
}
