package org.jobplatform.agent;

import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.databind.json.JsonMapper;

/**
 * The command line: registers (or reuses) a fleet of simulated robots and runs it until SIGTERM or Ctrl-C,
 * printing a one-line fleet status every 10 seconds. Exit codes: 0 after a clean stop or {@code --help}, 1 when the
 * robots cannot be registered, 2 for bad arguments.
 */
public final class AgentCli {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    static final String HELP = String.join(System.lineSeparator(),
            "Usage: java -jar robot-agent-exec.jar [options]",
            "",
            "Runs simulated robots against the robot gateway until SIGTERM or Ctrl-C.",
            "",
            "Options:",
            "  --gateway URI        the robot gateway (default http://localhost:8084)",
            "  --user USER:PASS     the tenant user that registers the robots, e.g. acme:acme",
            "                       (not needed when --data-dir already holds enough robots)",
            "  --robots N           how many robots (default 1, at most 10000)",
            "  --capacity N         jobs each robot runs at once (default 2, at most 1000)",
            "  --name-prefix NAME   robots are named NAME-1, NAME-2... (default robot-agent)",
            "  --data-dir DIR       keep robots.json and the robots' outboxes here, so a restarted",
            "                       agent keeps its robots and delivers what they had not sent",
            "  --no-sse             no command stream: commands arrive with heartbeats only",
            "  --status-every SEC   seconds between status lines (default 10)",
            "  --help               this text",
            "");

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    /** The gateway's rule for robot names, less room for the {@code -N} suffix. */
    private static final Pattern NAME_PREFIX = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}._-]{0,79}");

    /**
     * The parsed arguments.
     *
     * @param gateway     the gateway
     * @param user        the tenant user, or {@code null}
     * @param password    its password, or {@code null}
     * @param robots      how many robots
     * @param capacity    jobs per robot at once
     * @param namePrefix  the robots' name prefix
     * @param dataDir     the data directory, or {@code null}
     * @param sse         whether to open the command stream
     * @param statusEvery the interval of status lines
     * @param help        whether only the help was asked for
     */
    record Options(URI gateway, String user, String password, int robots, int capacity, String namePrefix,
            Path dataDir, boolean sse, Duration statusEvery, boolean help) {
    }

    /** A bad command line; its message says what is wrong. */
    static final class UsageException extends Exception {

        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    private AgentCli() {
    }

    public static void main(String[] args) {
        // before the first logger is made; a name that only this command line looks for, so library users
        // are not handed a configuration
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "robot-agent-logback.xml");
        }
        CompletableFuture<Void> shutdown = new CompletableFuture<>();
        CountDownLatch finished = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            shutdown.complete(null);
            try {
                // the JVM ends when the hooks end: let run() deliver what it can and close the outboxes first
                finished.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "robot-agent-shutdown"));
        int code = run(args, System.out, System.err, shutdown);
        finished.countDown();
        System.exit(code);
    }

    /**
     * Runs the command line until {@code shutdown} completes (the shutdown hook completes it in {@link #main}).
     *
     * @return the exit code
     */
    static int run(String[] args, PrintStream out, PrintStream err, CompletableFuture<Void> shutdown) {
        Options options;
        try {
            options = parse(args);
        } catch (UsageException e) {
            err.println("robot-agent: " + e.getMessage());
            err.println("Run with --help for the options.");
            return USAGE;
        }
        if (options.help()) {
            out.print(HELP);
            return OK;
        }
        AgentConfig config = AgentConfig.defaults(options.gateway())
                .withCapacity(options.capacity())
                .withSse(options.sse())
                .withDataDir(options.dataDir());
        if (options.user() == null && savedRobots(config) < options.robots()) {
            err.println("robot-agent: --user is required to register robots"
                    + (options.dataDir() == null ? "" : " (" + options.dataDir() + " holds fewer than "
                            + options.robots() + ")"));
            err.println("Run with --help for the options.");
            return USAGE;
        }
        Logger log = LoggerFactory.getLogger(AgentCli.class);
        List<RobotCredentials> credentials;
        try {
            credentials = RobotFleet.provision(config, options.user(), options.password(), options.robots(),
                    options.namePrefix());
        } catch (RegistrationException e) {
            err.println("robot-agent: " + e.getMessage());
            return FAILED;
        }
        try (AgentRuntime runtime = AgentRuntime.create()) {
            RobotFleet fleet;
            try {
                fleet = new RobotFleet(config, credentials, AgentListener.NONE, runtime);
            } catch (RuntimeException e) {
                err.println("robot-agent: " + e.getMessage());
                return FAILED;
            }
            fleet.start();
            log.info("Started {} robots against {} (capacity {}, command stream {}, data directory {})",
                    fleet.size(), options.gateway(), options.capacity(), options.sse() ? "on" : "off",
                    options.dataDir() == null ? "none" : options.dataDir());
            long every = options.statusEvery().toMillis();
            ScheduledFuture<?> status = runtime.scheduler().scheduleAtFixedRate(
                    () -> out.println(statusLine(fleet, "running")), every, every, TimeUnit.MILLISECONDS);
            shutdown.join();
            status.cancel(false);
            log.info("Stopping: delivering what is left for up to {} s", config.shutdownGrace().toSeconds());
            fleet.stop();
            out.println(statusLine(fleet, "stopped"));
            return OK;
        }
    }

    static String statusLine(RobotFleet fleet, String state) {
        return TIME.format(LocalTime.now()) + " fleet of " + fleet.size() + " robots " + state + ": "
                + fleet.stats().summary();
    }

    static Options parse(String[] args) throws UsageException {
        URI gateway = URI.create("http://localhost:8084");
        String user = null;
        String password = null;
        int robots = 1;
        int capacity = 2;
        String namePrefix = "robot-agent";
        Path dataDir = null;
        boolean sse = true;
        Duration statusEvery = Duration.ofSeconds(10);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                value = arg.substring(equals + 1);
                arg = arg.substring(0, equals);
            }
            switch (arg) {
                case "--help":
                case "-h":
                    return new Options(gateway, user, password, robots, capacity, namePrefix, dataDir, sse,
                            statusEvery, true);
                case "--no-sse":
                    if (value != null) {
                        throw new UsageException("--no-sse takes no value");
                    }
                    sse = false;
                    break;
                case "--gateway":
                    gateway = gateway(value != null ? value : next(args, ++i, arg));
                    break;
                case "--user":
                    String credentials = value != null ? value : next(args, ++i, arg);
                    int colon = credentials.indexOf(':');
                    if (colon <= 0 || colon == credentials.length() - 1) {
                        throw new UsageException("--user must be USER:PASSWORD, e.g. acme:acme");
                    }
                    user = credentials.substring(0, colon);
                    password = credentials.substring(colon + 1);
                    break;
                case "--robots":
                    robots = number(arg, value != null ? value : next(args, ++i, arg), 1, 10_000);
                    break;
                case "--capacity":
                    capacity = number(arg, value != null ? value : next(args, ++i, arg), 1, 1000);
                    break;
                case "--name-prefix":
                    namePrefix = value != null ? value : next(args, ++i, arg);
                    if (!NAME_PREFIX.matcher(namePrefix).matches()) {
                        throw new UsageException("--name-prefix '" + namePrefix + "' is not valid: use 1 to 80 "
                                + "letters, digits or . _ -, starting with a letter or digit");
                    }
                    break;
                case "--data-dir":
                    String dir = value != null ? value : next(args, ++i, arg);
                    if (dir.isBlank()) {
                        throw new UsageException("--data-dir needs a directory");
                    }
                    dataDir = Path.of(dir);
                    break;
                case "--status-every":
                    statusEvery = Duration.ofSeconds(number(arg, value != null ? value : next(args, ++i, arg), 1,
                            3600));
                    break;
                default:
                    throw new UsageException(arg.startsWith("-") ? "unknown option " + arg
                            : "unexpected argument '" + arg + "': every value follows its option");
            }
        }
        return new Options(gateway, user, password, robots, capacity, namePrefix, dataDir, sse, statusEvery, false);
    }

    private static int savedRobots(AgentConfig config) {
        if (config.dataDir() == null) {
            return 0;
        }
        try {
            return SavedRobots.read(config.dataDir(), config.gateway().toString(),
                    JsonMapper.builder().build()).size();
        } catch (RegistrationException e) {
            return 0;
        }
    }

    private static String next(String[] args, int index, String option) throws UsageException {
        if (index >= args.length || args[index].startsWith("--")) {
            throw new UsageException(option + " needs a value");
        }
        return args[index];
    }

    private static int number(String option, String value, int min, int max) throws UsageException {
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed < min || parsed > max) {
                throw new UsageException(option + " must be " + min + " to " + max + ", got " + parsed);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new UsageException(option + " must be a whole number, got '" + value + "'");
        }
    }

    private static URI gateway(String value) throws UsageException {
        try {
            URI uri = new URI(value);
            if (uri.getScheme() == null || uri.getHost() == null
                    || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                throw new UsageException("--gateway must be an http(s) URI such as http://localhost:8084, got '"
                        + value + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new UsageException("--gateway '" + value + "' is not a URI: " + e.getReason());
        }
    }
}
