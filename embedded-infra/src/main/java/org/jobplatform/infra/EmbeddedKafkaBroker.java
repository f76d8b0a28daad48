package org.jobplatform.infra;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A real single-node Apache Kafka broker in KRaft combined mode, running inside the current JVM. */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    static final String CONFIG_FILE_NAME = "server.properties";
    private static final String META_PROPERTIES = "meta.properties";
    private static final String QUORUM_VOTERS = "controller.quorum.voters";
    private static final int NODE_ID = 1;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final KafkaRaftServer server;
    private final int port;
    private final int controllerPort;
    private final Path dataDir;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedKafkaBroker(KafkaRaftServer server, int port, int controllerPort, Path dataDir) {
        this.server = server;
        this.port = port;
        this.controllerPort = controllerPort;
        this.dataDir = dataDir;
    }

    /**
     * Starts a broker whose logs and metadata live in {@code dataDir}, formatting the directory on
     * first use, and returns once the broker answers client requests.
     *
     * @param dataDir directory holding the broker's log and metadata; kept between restarts
     * @param port    the client port on 127.0.0.1, or 0 to pick a free one
     * @return the running broker
     */
    public static EmbeddedKafkaBroker start(Path dataDir, int port) {
        Path dir = dataDir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create Kafka data directory " + dir, e);
        }
        int brokerPort = port == 0 ? FreePorts.find() : port;
        FreePorts.requireFree(brokerPort, "the Kafka broker");
        int controllerPort = controllerPort(dir, brokerPort);

        Properties props = serverProperties(dir, brokerPort, controllerPort);
        Path configFile = writeConfig(dir, props);
        if (!Files.exists(dir.resolve(META_PROPERTIES))) {
            format(configFile);
        }

        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props), Time.SYSTEM);
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(server, brokerPort, controllerPort, dir);
        try {
            server.startup();
            broker.awaitReady();
        } catch (RuntimeException | Error e) {
            broker.close();
            throw e;
        }
        LOG.info("Embedded Kafka broker ready on {} with data in {}", broker.bootstrapServers(), dir);
        return broker;
    }

    /**
     * Returns the address clients connect to.
     *
     * @return {@code 127.0.0.1:<port>}
     */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /**
     * Returns the client port.
     *
     * @return the PLAINTEXT listener port
     */
    public int port() {
        return port;
    }

    /**
     * Returns the port of the KRaft controller listener.
     *
     * @return the CONTROLLER listener port
     */
    public int controllerPort() {
        return controllerPort;
    }

    /**
     * Returns the directory holding the broker's data.
     *
     * @return the absolute data directory
     */
    public Path dataDir() {
        return dataDir;
    }

    /** Shuts the broker down and waits until it has stopped; calling it again does nothing. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            LOG.info("Stopping embedded Kafka broker on {}", bootstrapServers());
            try {
                server.shutdown();
            } finally {
                server.awaitShutdown();
            }
        }
    }

    static Properties serverProperties(Path dir, int brokerPort, int controllerPort) {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(NODE_ID));
        props.put(QUORUM_VOTERS, NODE_ID + "@127.0.0.1:" + controllerPort);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", dir.toString());
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "10");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "10");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("num.partitions", "3");
        props.put("default.replication.factor", "1");
        props.put("min.insync.replicas", "1");
        props.put("auto.create.topics.enable", "true");
        props.put("num.network.threads", "2");
        props.put("num.io.threads", "2");
        props.put("num.recovery.threads.per.data.dir", "1");
        props.put("background.threads", "2");
        props.put("log.cleaner.threads", "1");
        props.put("log.cleaner.dedupe.buffer.size", Integer.toString(4 * 1024 * 1024));
        return props;
    }

    private static int controllerPort(Path dir, int brokerPort) {
        Path configFile = dir.resolve(CONFIG_FILE_NAME);
        if (Files.exists(configFile)) {
            Properties previous = new Properties();
            try (Reader reader = Files.newBufferedReader(configFile, StandardCharsets.UTF_8)) {
                previous.load(reader);
                String voters = previous.getProperty(QUORUM_VOTERS);
                if (voters != null && voters.lastIndexOf(':') > 0) {
                    int previousPort = Integer.parseInt(voters.substring(voters.lastIndexOf(':') + 1).trim());
                    if (previousPort != brokerPort && FreePorts.isFree(previousPort)) {
                        return previousPort;
                    }
                }
            } catch (IOException | NumberFormatException e) {
                LOG.debug("Ignoring unreadable previous broker configuration {}", configFile, e);
            }
        }
        int candidate = FreePorts.find();
        while (candidate == brokerPort) {
            candidate = FreePorts.find();
        }
        return candidate;
    }

    private static Path writeConfig(Path dir, Properties props) {
        Path configFile = dir.resolve(CONFIG_FILE_NAME);
        try (Writer writer = Files.newBufferedWriter(configFile, StandardCharsets.UTF_8)) {
            props.store(writer, "Embedded Kafka broker configuration");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + configFile, e);
        }
        return configFile;
    }

    private static void format(Path configFile) {
        String clusterId = Uuid.randomUuid().toString();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exitCode;
        try (PrintStream printStream = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            exitCode = StorageTool.execute(
                    new String[] {"format", "-c", configFile.toString(), "--cluster-id", clusterId},
                    printStream);
        } catch (Exception e) {
            throw new IllegalStateException("Formatting Kafka storage failed: " + e.getMessage()
                    + System.lineSeparator() + output.toString(StandardCharsets.UTF_8), e);
        }
        String text = output.toString(StandardCharsets.UTF_8).trim();
        if (exitCode != 0) {
            throw new IllegalStateException("Formatting Kafka storage failed with exit code " + exitCode
                    + System.lineSeparator() + text);
        }
        LOG.info("Formatted Kafka storage with cluster id {}: {}", clusterId, text);
    }

    private void awaitReady() {
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, 100);
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Exception last = null;
        try (Admin admin = Admin.create(config)) {
            while (System.nanoTime() < deadline) {
                try {
                    Collection<Node> nodes = admin.describeCluster().nodes().get(10, TimeUnit.SECONDS);
                    if (!nodes.isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    last = e;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while waiting for the Kafka broker", e);
                }
            }
        }
        throw new IllegalStateException("Kafka broker on " + bootstrapServers() + " did not become ready within "
                + READY_TIMEOUT.toSeconds() + " s", last);
    }
}
