package org.jobplatform.testsupport;

import org.jobplatform.infra.Directories;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jobplatform.infra.EmbeddedKafkaBroker;
import org.jobplatform.infra.EmbeddedPostgresServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One embedded Kafka broker and one embedded PostgreSQL per JVM, started on first use and stopped at JVM exit. */
public final class SharedInfrastructure {

    /** Property holding the Kafka bootstrap address. */
    public static final String KAFKA_BOOTSTRAP_SERVERS = "KAFKA_BOOTSTRAP_SERVERS";
    /** Property holding the PostgreSQL host. */
    public static final String DB_HOST = "DB_HOST";
    /** Property holding the PostgreSQL port. */
    public static final String DB_PORT = "DB_PORT";
    /** Property holding the PostgreSQL database name. */
    public static final String DB_NAME = "DB_NAME";
    /** Property holding the PostgreSQL user name. */
    public static final String DB_USER = "DB_USER";
    /** Property holding the PostgreSQL password. */
    public static final String DB_PASSWORD = "DB_PASSWORD";

    private static final Logger LOG = LoggerFactory.getLogger(SharedInfrastructure.class);

    private static SharedInfrastructure instance;

    private final EmbeddedKafkaBroker kafka;
    private final EmbeddedPostgresServer postgres;
    private final Path kafkaDir;
    private final Map<String, String> properties;

    private SharedInfrastructure(EmbeddedKafkaBroker kafka, EmbeddedPostgresServer postgres, Path kafkaDir) {
        this.kafka = kafka;
        this.postgres = postgres;
        this.kafkaDir = kafkaDir;
        Map<String, String> map = new LinkedHashMap<>();
        map.put(KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        map.put(DB_HOST, postgres.host());
        map.put(DB_PORT, Integer.toString(postgres.port()));
        map.put(DB_NAME, postgres.database());
        map.put(DB_USER, postgres.username());
        map.put(DB_PASSWORD, postgres.password());
        this.properties = Map.copyOf(map);
    }

    /**
     * Returns the JVM-wide infrastructure, starting Kafka and PostgreSQL in fresh temporary folders on the first call.
     *
     * @return the running shared infrastructure
     */
    public static synchronized SharedInfrastructure get() {
        if (instance == null) {
            instance = startNew();
        }
        return instance;
    }

    /**
     * Returns the connection properties of the shared infrastructure, starting it when needed: the
     * same map the Spring test integration adds to annotated test contexts.
     *
     * @return an unmodifiable map of {@code KAFKA_BOOTSTRAP_SERVERS}, {@code DB_HOST}, {@code DB_PORT},
     *     {@code DB_NAME}, {@code DB_USER} and {@code DB_PASSWORD}
     */
    public static Map<String, String> properties() {
        return get().properties;
    }

    /**
     * Returns the Kafka bootstrap address.
     *
     * @return {@code 127.0.0.1:<port>}
     */
    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /**
     * Returns the shared Kafka broker.
     *
     * @return the broker
     */
    public EmbeddedKafkaBroker kafka() {
        return kafka;
    }

    /**
     * Returns the shared PostgreSQL server.
     *
     * @return the server
     */
    public EmbeddedPostgresServer postgres() {
        return postgres;
    }

    private static SharedInfrastructure startNew() {
        Path kafkaDir;
        Path postgresDir;
        try {
            kafkaDir = Files.createTempDirectory("jobplatform-kafka-");
            postgresDir = Files.createTempDirectory("jobplatform-postgres-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create temporary folders for the shared infrastructure", e);
        }
        EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(kafkaDir, 0);
        EmbeddedPostgresServer postgres;
        try {
            postgres = EmbeddedPostgresServer.start(postgresDir, 0, true);
        } catch (RuntimeException e) {
            kafka.close();
            deleteQuietly(kafkaDir);
            throw e;
        }
        SharedInfrastructure infrastructure = new SharedInfrastructure(kafka, postgres, kafkaDir);
        Thread hook = new Thread(infrastructure::stop, "shared-infrastructure-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        LOG.info("Shared test infrastructure started: Kafka at {}, PostgreSQL at {}",
                kafka.bootstrapServers(), postgres.jdbcUrl());
        return infrastructure;
    }

    private void stop() {
        try {
            postgres.close();
        } catch (RuntimeException e) {
            LOG.warn("Stopping the shared PostgreSQL failed", e);
        }
        try {
            kafka.close();
        } catch (RuntimeException e) {
            LOG.warn("Stopping the shared Kafka broker failed", e);
        }
        deleteQuietly(kafkaDir);
    }

    private static void deleteQuietly(Path dir) {
        try {
            Directories.deleteRecursively(dir);
        } catch (IOException e) {
            LOG.debug("Could not delete {}", dir, e);
        }
    }
}
