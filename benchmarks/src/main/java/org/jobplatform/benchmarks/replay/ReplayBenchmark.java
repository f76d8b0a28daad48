package org.jobplatform.benchmarks.replay;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jobplatform.benchmarks.BenchmarkStack;
import org.jobplatform.benchmarks.Benchmarks;
import org.jobplatform.contracts.Topics;
import org.jobplatform.localstack.Service;

import tools.jackson.databind.json.JsonMapper;

/**
 * Replays a million events into the audit's logs: produces realistic traffic into the three topics the audit replays
 * (windows with their phase changes, jobs and executions), reads it twice with a plain kafka-clients consumer, then
 * starts audit-service (with the service image's JVM options, its live consumers off so that only the replay reads)
 * and asks it twice for a replay, the second one comparing with the logs the first one built.
 */
public final class ReplayBenchmark {

    /** The benchmark's name on the command line. */
    public static final String NAME = "replay";
    /** The options, as shown in the usage text. */
    public static final String USAGE_OPTIONS = "[--events=" + ReplayOptions.DEFAULT_EVENTS + "] [--windows="
            + ReplayOptions.DEFAULT_WINDOWS + "]";
    /** One line on what it measures. */
    public static final String SUMMARY = "audit replay of N events, beside a raw consumer of the same topics";

    /** Target of the replay, in events per second. */
    static final double TARGET_PER_SECOND = 100_000;
    /** Target of the replay, as a share of the raw consumer's rate. */
    static final double TARGET_SHARE_OF_RAW = 0.5;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String AUDIT = Service.AUDIT_SERVICE.baseUrl();
    private static final int PARTITIONS = 3;
    private static final Duration REPLAY_TIMEOUT = Duration.ofMinutes(5);

    private final ReplayOptions options;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private ReplayBenchmark(ReplayOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /**
     * Parses the options and runs the benchmark, always stopping what it started.
     *
     * @return {@link Benchmarks#COMPLETED}, {@link Benchmarks#FAILED} or {@link Benchmarks#USAGE_ERROR}
     */
    public static int main(List<String> args, PrintStream out, PrintStream err) {
        if (args.contains("--help")) {
            return Benchmarks.help(out, NAME, USAGE_OPTIONS, SUMMARY);
        }
        ReplayOptions options;
        try {
            options = ReplayOptions.parse(args);
        } catch (IllegalArgumentException e) {
            return Benchmarks.usageError(err, NAME, USAGE_OPTIONS, e);
        }
        try {
            BenchmarkStack.preflight(List.of(Service.AUDIT_SERVICE));
            new ReplayBenchmark(options, out).run(err);
            return Benchmarks.COMPLETED;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            err.println("The replay benchmark failed: " + BenchmarkStack.describe(e));
            return Benchmarks.FAILED;
        }
    }

    private void run(PrintStream err) throws Exception {
        out.printf(Locale.ROOT, "Replay: %,d events in %,d windows of %d tenants%n", options.events(),
                options.windows(), EventMix.TENANTS);
        try (BenchmarkStack stack = BenchmarkStack.start(NAME, out)) {
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, NAME + "-shutdown"));
            String kafka = stack.connections().kafkaBootstrapServers();
            createTopics(kafka);
            produce(kafka);
            RawRead.Result raw1 = RawRead.read(kafka, Topics.REPLAYED_BY_AUDIT);
            print("Raw consumer, run 1", raw1);
            RawRead.Result raw2 = RawRead.read(kafka, Topics.REPLAYED_BY_AUDIT);
            print("Raw consumer, run 2", raw2);
            try (AuditProcess audit = AuditProcess.start(stack, Map.of("AUDIT_INGEST_ENABLED", "false",
                    "AUDIT_REPLAY_LIVECATCHUP", "0s"), out)) {
                try {
                    ReplayResult first = replay(audit);
                    first.print(out, "Replay 1 (the live logs empty)");
                    ReplayResult second = replay(audit);
                    second.print(out, "Replay 2 (the live logs those of replay 1)");
                    summary(Math.max(raw1.perSecond(), raw2.perSecond()), second);
                } catch (Exception e) {
                    err.println("Last lines of audit-service's log:");
                    audit.logTail(40).forEach(line -> err.println("  | " + line));
                    throw e;
                }
            }
        }
    }

    private void createTopics(String kafka) throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
            List<NewTopic> topics = new ArrayList<>();
            for (String name : Topics.REPLAYED_BY_AUDIT) {
                topics.add(new NewTopic(name, PARTITIONS, (short) 1).configs(Map.of(
                        TopicConfig.RETENTION_MS_CONFIG, "-1", TopicConfig.RETENTION_BYTES_CONFIG, "-1")));
            }
            admin.createTopics(topics).all().get();
        }
    }

    private void produce(String kafka) throws InterruptedException, ExecutionException {
        out.println("Producing ...");
        long started = System.nanoTime();
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class, ProducerConfig.ACKS_CONFIG,
                "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024, ProducerConfig.BUFFER_MEMORY_CONFIG, 128L << 20);
        EventMix.Counts counts;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
            List<Future<RecordMetadata>> last = new ArrayList<>();
            counts = new EventMix(options).generate(record -> {
                Future<RecordMetadata> sent = producer.send(record);
                if (last.isEmpty()) {
                    last.add(sent);
                } else {
                    last.set(0, sent);
                }
            });
            producer.flush();
            last.get(0).get();
        }
        out.printf(Locale.ROOT, "Produced %,d events in %.1f s: %,d phase changes, %,d job events, %,d executions%n",
                counts.total(), (System.nanoTime() - started) / 1e9, counts.phaseChanges(), counts.jobEvents(),
                counts.executions());
    }

    private void print(String label, RawRead.Result result) {
        out.printf(Locale.ROOT, "%s: %,d events (%,d MB of data) in %.2f s = %,.0f events/s%n", label,
                result.records(), result.bytes() >> 20, result.elapsed().toNanos() / 1e9, result.perSecond());
    }

    @SuppressWarnings("unchecked")
    private ReplayResult replay(AuditProcess audit) throws Exception {
        Duration cpuBefore = audit.cpuTime();
        HttpResponse<String> started = http.send(HttpRequest.newBuilder(URI.create(AUDIT + "/api/admin/audit/replay"))
                .header("Authorization", basic("admin")).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (started.statusCode() != 202) {
            throw new IllegalStateException("starting a replay answered " + started.statusCode() + ": "
                    + started.body());
        }
        String location = started.headers().firstValue("Location").orElseThrow();
        long deadline = System.nanoTime() + REPLAY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Thread.sleep(250);
            HttpResponse<String> now = http.send(HttpRequest.newBuilder(URI.create(AUDIT + location))
                    .header("Authorization", basic("admin")).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            Map<String, Object> report = JSON.readValue(now.body(), Map.class);
            Object state = report.get("state");
            if ("SWAPPED".equals(state) || "FAILED".equals(state)) {
                Duration cpuAfter = audit.cpuTime();
                return ReplayResult.of(report, cpuBefore == null || cpuAfter == null ? null
                        : cpuAfter.minus(cpuBefore));
            }
        }
        throw new IllegalStateException("the replay did not finish within " + REPLAY_TIMEOUT.toMinutes() + " min");
    }

    private void summary(double rawPerSecond, ReplayResult replay) {
        double ratio = replay.endToEndPerSecond() / rawPerSecond;
        out.printf(Locale.ROOT, "Replay 2 start to swap: %,.0f events/s = %.2f of the raw consumer's %,.0f events/s%n",
                replay.endToEndPerSecond(), ratio, rawPerSecond);
        out.printf(Locale.ROOT, "Target >= %,.0f events/s: %s; target >= %.1f of the raw rate: %s%n",
                TARGET_PER_SECOND, replay.endToEndPerSecond() >= TARGET_PER_SECOND ? "met" : "MISSED",
                TARGET_SHARE_OF_RAW, ratio >= TARGET_SHARE_OF_RAW ? "met" : "MISSED");
    }

    private static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8));
    }
}
