package org.jobplatform.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A stand-in for robot-gateway that speaks the robot API, does what a test scripts (503 with Retry-After, 500,
 * a rejected batch, commands in heartbeat answers or pushed on the stream) and records every call it got, in the
 * order it got them.
 */
final class ScriptedGateway implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** What a call was. */
    private static final String REPORTS = "/api/robot/reports";

    enum Kind {
        HEARTBEAT, LOGS, STATE, QUEUE, STREAM
    }

    /**
     * One call to the robot API.
     *
     * @param robotId  the robot
     * @param kind     what it was
     * @param status   the answer's status
     * @param atNanos  when it arrived
     * @param body     its body as read, or {@code null} when refused before reading
     * @param target   the job (state) or queue (queue item), else {@code null}
     */
    record Call(String robotId, Kind kind, int status, long atNanos, JsonNode body, String target) {

        boolean accepted() {
            return status >= 200 && status < 300;
        }
    }

    /** A log line the gateway accepted. */
    record Line(String robotId, String id, String jobId, String level, String message, String timestamp) {
    }

    /** A state report the gateway accepted. */
    record State(String robotId, String jobId, String state, String message) {
    }

    /** A heartbeat the gateway answered. */
    record Heartbeat(String robotId, List<String> runningJobIds, int capacity) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "scripted-gateway");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final Map<String, String> names = new ConcurrentHashMap<>();
    private final Map<String, BlockingQueue<JsonNode>> commands = new ConcurrentHashMap<>();
    private final Map<String, List<BlockingQueue<String>>> streams = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger registrations = new AtomicInteger();
    private final AtomicBoolean rejectNextLogBatch = new AtomicBoolean();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private volatile boolean refuseReports;
    private volatile int unavailableFor = -1;
    private volatile boolean serverErrors;
    private volatile boolean streamOffered = true;
    private volatile long pollAfterMs = 100;

    ScriptedGateway() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/api/robots", this::register);
        server.createContext("/api/robot/", this::robotCall);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        endStreams();
        server.stop(0);
        executor.shutdownNow();
    }

    // ---- script ----

    /** A robot the gateway knows, as if registered before. */
    RobotCredentials robot() {
        String robotId = UUID.randomUUID().toString();
        String secret = UUID.randomUUID().toString();
        secrets.put(robotId, secret);
        return new RobotCredentials(robotId, secret);
    }

    /** Every robot call answers 503 with this {@code Retry-After} before its body is read; open streams end. */
    void unavailable(int retryAfterSeconds) {
        unavailableFor = retryAfterSeconds;
        endStreams();
    }

    void available() {
        unavailableFor = -1;
        serverErrors = false;
    }

    /** Every robot call answers 500. */
    void serverErrors() {
        serverErrors = true;
    }

    void rejectNextLogBatch() {
        rejectNextLogBatch.set(true);
    }

    void withoutStream() {
        streamOffered = false;
    }

    void pollAfterMs(long value) {
        pollAfterMs = value;
    }

    /** A command for the robot's next heartbeat answer. */
    void queue(String robotId, JsonNode command) {
        commands.computeIfAbsent(robotId, id -> new LinkedBlockingQueue<>()).add(command);
    }

    /** Queues commands that the robot's next heartbeat answer carries all together. */
    void queueAll(String robotId, List<JsonNode> batch) {
        BlockingQueue<JsonNode> queue = commands.computeIfAbsent(robotId, id -> new LinkedBlockingQueue<>());
        synchronized (queue) {
            queue.addAll(batch);
        }
    }

    /** Refuses (503) log and state calls while {@code true}; heartbeats and commands go on. */
    void refuseReports(boolean refuse) {
        refuseReports = refuse;
    }

    /** How many requests came for a path, not counting those refused by {@link #refuseReports}. */
    int requests(String path) {
        AtomicInteger count = requests.get(path);
        return count == null ? 0 : count.get();
    }

    /** Pushes a command on the robot's open streams; {@code false} if none is open. */
    boolean push(String robotId, JsonNode command) {
        List<BlockingQueue<String>> open = streams.getOrDefault(robotId, List.of());
        String event = "id: " + command.path("id").asString() + "\nevent: command\ndata: " + command + "\n\n";
        open.forEach(stream -> stream.add(event));
        return !open.isEmpty();
    }

    boolean streamOpen(String robotId) {
        return !streams.getOrDefault(robotId, List.of()).isEmpty();
    }

    /** Ends every open stream, as the real gateway does when maintenance suspends a tenant. */
    void endStreams() {
        streams.values().forEach(open -> open.forEach(stream -> stream.add("")));
    }

    // ---- records ----

    List<Call> calls() {
        return List.copyOf(calls);
    }

    List<Call> calls(String robotId) {
        return calls.stream().filter(call -> call.robotId().equals(robotId)).toList();
    }

    List<Line> lines() {
        List<Line> lines = new ArrayList<>();
        for (Call call : calls) {
            if (call.kind() == Kind.LOGS && call.accepted()) {
                for (JsonNode line : call.body()) {
                    lines.add(new Line(call.robotId(), line.path("id").asString(), line.path("jobId").asString(),
                            line.path("level").asString(), line.path("message").asString(),
                            line.path("timestamp").asString()));
                }
            }
        }
        return lines;
    }

    List<Line> lines(String jobId) {
        return lines().stream().filter(line -> line.jobId().equals(jobId)).toList();
    }

    List<State> states() {
        return calls.stream().filter(call -> call.kind() == Kind.STATE && call.accepted())
                .map(call -> new State(call.robotId(), call.target(), call.body().path("state").asString(),
                        call.body().path("message").asString(null)))
                .toList();
    }

    List<String> states(String jobId) {
        return states().stream().filter(state -> state.jobId().equals(jobId)).map(State::state).toList();
    }

    List<Heartbeat> heartbeats() {
        return calls.stream().filter(call -> call.kind() == Kind.HEARTBEAT && call.accepted())
                .map(call -> {
                    List<String> running = new ArrayList<>();
                    call.body().path("runningJobIds").forEach(id -> running.add(id.asString()));
                    return new Heartbeat(call.robotId(), running, call.body().path("capacity").asInt());
                }).toList();
    }

    int registrations() {
        return registrations.get();
    }

    // ---- commands ----

    static ObjectNode start(String jobId, long durationMs, long logEveryMs, String outcome) {
        ObjectNode command = command("START", jobId);
        command.put("processName", "Invoices");
        ObjectNode arguments = command.putObject("inputArguments");
        arguments.put("durationMs", durationMs);
        arguments.put("logEveryMs", logEveryMs);
        if (outcome != null) {
            arguments.put("outcome", outcome);
        }
        return command;
    }

    static ObjectNode stop(String jobId) {
        return command("STOP", jobId).put("reason", "USER");
    }

    static ObjectNode kill(String jobId) {
        return command("KILL", jobId).put("reason", "MAINTENANCE");
    }

    private static ObjectNode command(String type, String jobId) {
        ObjectNode command = JSON.createObjectNode();
        command.put("id", UUID.randomUUID().toString());
        command.put("type", type);
        command.put("jobId", jobId);
        return command;
    }

    // ---- HTTP ----

    private void register(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"acme:acme".equals(basicUser(exchange))) {
                answer(exchange, 401, problem("unauthorized", "bad credentials"));
                return;
            }
            String name = JSON.readTree(read(exchange)).path("name").asString();
            registrations.incrementAndGet();
            if (names.putIfAbsent(name, "taken") != null) {
                answer(exchange, 409, problem("conflict", "robot name " + name + " is taken"));
                return;
            }
            RobotCredentials robot = robot();
            ObjectNode body = JSON.createObjectNode().put("robotId", robot.robotId()).put("tenantId", "acme")
                    .put("name", name).put("secret", robot.secret());
            answer(exchange, 201, body.toString());
        }
    }

    private void robotCall(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Kind kind = kind(path);
        String user = basicUser(exchange);
        String robotId = user == null ? "" : user.substring(0, user.indexOf(':'));
        if (user == null || !user.substring(user.indexOf(':') + 1).equals(secrets.get(robotId))) {
            try (exchange) {
                answer(exchange, 401, problem("unauthorized", "bad credentials"));
            }
            return;
        }
        long at = System.nanoTime();
        if (refuseReports && (kind == Kind.LOGS || kind == Kind.STATE)) {
            try (exchange) {
                calls.add(new Call(robotId, kind, 503, at, null, null));
                exchange.getResponseHeaders().add("Retry-After", "1");
                answer(exchange, 503, problem("maintenance", "reports refused"));
            }
            return;
        }
        requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        int retryAfter = unavailableFor;
        if (retryAfter >= 0) {
            // refused before the body is read, as the maintenance gate does
            try (exchange) {
                calls.add(new Call(robotId, kind, 503, at, null, null));
                exchange.getResponseHeaders().add("Retry-After", Integer.toString(retryAfter));
                answer(exchange, 503, problem("maintenance", "suspended"));
            }
            return;
        }
        if (serverErrors) {
            try (exchange) {
                calls.add(new Call(robotId, kind, 500, at, null, null));
                answer(exchange, 500, problem("error", "scripted failure"));
            }
            return;
        }
        if (kind == Kind.STREAM) {
            stream(exchange, robotId, at);
            return;
        }
        try (exchange) {
            JsonNode body = JSON.readTree(read(exchange));
            switch (kind) {
                case HEARTBEAT: {
                    ArrayNode answered = JSON.createArrayNode();
                    BlockingQueue<JsonNode> queued = commands.get(robotId);
                    if (queued != null) {
                        synchronized (queued) {
                            for (JsonNode command = queued.poll(); command != null; command = queued.poll()) {
                                answered.add(command);
                            }
                        }
                    }
                    calls.add(new Call(robotId, kind, 200, at, body, null));
                    ObjectNode answer = JSON.createObjectNode();
                    answer.set("commands", answered);
                    answer.put("pollAfterMs", pollAfterMs);
                    answer(exchange, 200, answer.toString());
                    break;
                }
                case LOGS:
                    if (!body.isArray() || body.size() < 1 || body.size() > 1000
                            || rejectNextLogBatch.compareAndSet(true, false)) {
                        calls.add(new Call(robotId, kind, 400, at, body, null));
                        answer(exchange, 400, problem("bad-request", "a batch holds 1 to 1000 lines"));
                    } else {
                        calls.add(new Call(robotId, kind, 202, at, body, null));
                        answer(exchange, 202, "{\"accepted\":" + body.size() + "}");
                    }
                    break;
                case STATE:
                    if (path.equals(REPORTS)) {
                        // kept as a call of lines and one call per state, as if each had come alone, lines first
                        JsonNode lines = body.path("lines");
                        JsonNode reports = body.path("states");
                        int count = lines.size() + reports.size();
                        if (!body.isObject() || count < 1 || lines.size() > 1000 || reports.size() > 1000) {
                            calls.add(new Call(robotId, kind, 400, at, body, null));
                            answer(exchange, 400, problem("bad-request", "lines and states: 1 to 1000 each"));
                            break;
                        }
                        if (!lines.isEmpty()) {
                            calls.add(new Call(robotId, Kind.LOGS, 202, at, lines, null));
                        }
                        reports.forEach(report -> calls.add(new Call(robotId, kind, 202, at, report,
                                report.path("jobId").asString())));
                        answer(exchange, 202, "{\"accepted\":" + count + "}");
                        break;
                    }
                    String jobId = path.substring("/api/robot/jobs/".length(), path.length() - "/state".length());
                    calls.add(new Call(robotId, kind, 202, at, body, jobId));
                    answer(exchange, 202, "{\"accepted\":1}");
                    break;
                default:
                    String queue = path.substring("/api/robot/queues/".length(), path.length() - "/items".length());
                    calls.add(new Call(robotId, kind, 202, at, body, queue));
                    answer(exchange, 202, "{\"accepted\":1}");
            }
        }
    }

    private void stream(HttpExchange exchange, String robotId, long at) throws IOException {
        try (exchange) {
            if (!streamOffered) {
                calls.add(new Call(robotId, Kind.STREAM, 404, at, null, null));
                answer(exchange, 404, problem("not-found", "no stream"));
                return;
            }
            calls.add(new Call(robotId, Kind.STREAM, 200, at, null, null));
            BlockingQueue<String> events = new LinkedBlockingQueue<>();
            List<BlockingQueue<String>> open = streams.computeIfAbsent(robotId, id -> new CopyOnWriteArrayList<>());
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write(":connected\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            open.add(events);
            try {
                for (;;) {
                    String event = events.poll(500, TimeUnit.MILLISECONDS);
                    if (event != null && event.isEmpty()) {
                        return;
                    }
                    out.write((event == null ? ":keep-alive\n\n" : event).getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException clientGone) {
                // the robot closed its stream
            } finally {
                open.remove(events);
            }
        }
    }

    private static Kind kind(String path) {
        if (path.equals("/api/robot/heartbeat")) {
            return Kind.HEARTBEAT;
        }
        if (path.equals("/api/robot/logs")) {
            return Kind.LOGS;
        }
        if (path.equals("/api/robot/commands")) {
            return Kind.STREAM;
        }
        if (path.equals(REPORTS) || path.startsWith("/api/robot/jobs/") && path.endsWith("/state")) {
            return Kind.STATE;
        }
        return Kind.QUEUE;
    }

    private static String basicUser(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.startsWith("Basic ")) {
            return null;
        }
        String decoded = new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8);
        return decoded.indexOf(':') > 0 ? decoded : null;
    }

    private static String read(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String problem(String type, String detail) {
        return JSON.createObjectNode().put("type", type).put("detail", detail).toString();
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type",
                status >= 400 ? "application/problem+json" : "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
