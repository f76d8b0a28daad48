package org.jobplatform.benchmarks.scheduling;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.jobplatform.benchmarks.propagation.Latencies;
import org.jobplatform.localstack.Connections;
import org.quartz.CronScheduleBuilder;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.DBConnectionManager;

/**
 * The baseline: Quartz with its JDBC job store ({@code JobStoreTX}, {@code PostgreSQLDelegate}, not clustered) on
 * the benchmark's PostgreSQL, in its own schema {@code quartz}, inside this JVM, with a thread pool of
 * {@value #THREADS}. Every trigger is a cron trigger {@code 0 * * * * ?}; its job only notes, per firing, the
 * scheduled fire time, Quartz's fire time, and when the job started.
 */
final class QuartzBaseline {

    /** Quartz's worker threads, and its batch of triggers acquired at once. */
    static final int THREADS = 10;
    /** The scheduler's name, which also prefixes its threads' names. */
    static final String NAME = "QuartzBench";

    /** Firings of the run in progress: "trigger|scheduled epoch ms" to {fire - scheduled, start - scheduled}. */
    static final Map<String, List<long[]>> FIRINGS = new ConcurrentHashMap<>();
    static final AtomicInteger FIRED = new AtomicInteger();

    /** The job: notes its lateness, nothing else. */
    public static final class NoteLateness implements Job {

        public NoteLateness() {
        }

        @Override
        public void execute(JobExecutionContext context) {
            long started = System.currentTimeMillis();
            long scheduled = context.getScheduledFireTime().getTime();
            long fired = context.getFireTime().getTime();
            FIRINGS.computeIfAbsent(context.getTrigger().getKey().getName() + "|" + scheduled,
                    k -> java.util.Collections.synchronizedList(new ArrayList<>()))
                    .add(new long[] {fired - scheduled, started - scheduled});
            FIRED.incrementAndGet();
        }
    }

    /**
     * What Quartz did over the measured boundaries.
     *
     * @param boundaries     the measured minute boundaries
     * @param fireLateness   fire time minus scheduled fire time, per firing at a measured boundary (ms)
     * @param startLateness  job start minus scheduled fire time, per firing at a measured boundary (ms)
     * @param missing        (trigger, boundary) pairs that never fired
     * @param duplicated     (trigger, boundary) pairs that fired more than once
     * @param quartzCpu      CPU of Quartz's threads over the measured period (ns)
     * @param jvmCpu         CPU of the whole benchmark JVM over it (ns; the idle embedded Kafka broker included)
     * @param postgresCpu    CPU of PostgreSQL over it (ns), -1 if unknown
     * @param wall           the measured period
     * @param scheduleTime   how long storing the jobs and triggers took
     */
    record Result(List<Instant> boundaries, List<Long> fireLateness, List<Long> startLateness, long missing,
            long duplicated, long quartzCpu, long jvmCpu, long postgresCpu, Duration wall, Duration scheduleTime) {
    }

    private QuartzBaseline() {
    }

    static Result run(SchedulingOptions options, Connections db, java.nio.file.Path postgresDataDir, PrintStream out)
            throws Exception {
        String base = "jdbc:postgresql://" + db.dbHost() + ":" + db.dbPort() + "/" + db.dbName();
        try (Connection connection = DriverManager.getConnection(base, db.dbUser(), db.dbPassword());
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA IF NOT EXISTS quartz");
        }
        String url = base + "?currentSchema=quartz";
        createTables(url, db);
        PooledConnections pool = new PooledConnections(url, db.dbUser(), db.dbPassword(), THREADS + 3);
        DBConnectionManager.getInstance().addConnectionProvider("quartzBench", pool);
        Properties properties = new Properties();
        properties.setProperty("org.quartz.scheduler.instanceName", NAME);
        properties.setProperty("org.quartz.scheduler.instanceId", "bench");
        properties.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        properties.setProperty("org.quartz.scheduler.batchTriggerAcquisitionMaxCount", Integer.toString(THREADS));
        properties.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
        properties.setProperty("org.quartz.threadPool.threadCount", Integer.toString(THREADS));
        properties.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        properties.setProperty("org.quartz.jobStore.driverDelegateClass",
                "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        properties.setProperty("org.quartz.jobStore.dataSource", "quartzBench");
        properties.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        properties.setProperty("org.quartz.jobStore.isClustered", "false");
        properties.setProperty("org.quartz.jobStore.misfireThreshold", "60000");
        Scheduler scheduler = new StdSchedulerFactory(properties).getScheduler();
        try {
            out.println("Quartz: storing " + options.triggers() + " jobs with cron triggers '0 * * * * ?' ...");
            long storing = System.nanoTime();
            Map<JobDetail, Set<? extends Trigger>> jobs = new HashMap<>();
            for (int i = 0; i < options.triggers(); i++) {
                String name = String.format(Locale.ROOT, "bench-%05d", i);
                String group = options.tenantOf(i);
                JobDetail job = JobBuilder.newJob(NoteLateness.class).withIdentity(name, group).build();
                Trigger trigger = TriggerBuilder.newTrigger().withIdentity(name, group)
                        .withSchedule(CronScheduleBuilder.cronSchedule("0 * * * * ?")
                                .inTimeZone(java.util.TimeZone.getTimeZone("UTC")))
                        .build();
                jobs.put(job, Set.of(trigger));
            }
            scheduler.scheduleJobs(jobs, false);
            Duration scheduleTime = Duration.ofNanos(System.nanoTime() - storing);
            out.printf(Locale.ROOT, "Quartz: stored in %.1f s; starting it%n", scheduleTime.toMillis() / 1000.0);
            scheduler.start();
            List<Instant> all = SchedulingBenchmark.boundariesAfter(Instant.now().plusSeconds(5),
                    options.warmupMinutes() + options.minutes());
            List<Instant> warmup = all.subList(0, options.warmupMinutes());
            List<Instant> boundaries = all.subList(options.warmupMinutes(), all.size());
            for (Instant boundary : warmup) {
                out.println("Quartz: warm-up, waiting for the boundary at " + boundary + " (reported apart) ...");
                SchedulingBenchmark.sleepUntil(boundary.plusSeconds(30));
                List<Long> lateness = new ArrayList<>();
                for (int i = 0; i < options.triggers(); i++) {
                    List<long[]> firings = FIRINGS.get(String.format(Locale.ROOT, "bench-%05d", i) + "|"
                            + boundary.toEpochMilli());
                    if (firings != null) {
                        firings.forEach(f -> lateness.add(f[0]));
                    }
                }
                out.println("  warm-up boundary " + boundary + ": fired within 30 s " + lateness.size()
                        + ", lateness " + SchedulingReport.format(Latencies.of(lateness.stream().map(Duration::ofMillis).toList())));
            }
            Instant measureFrom = boundaries.get(0).minusSeconds(10);
            SchedulingBenchmark.sleepUntil(measureFrom);
            long quartz0 = Cpu.threads(NAME);
            long jvm0 = Cpu.self();
            long pg0 = Cpu.postgres(postgresDataDir);
            long wall0 = System.nanoTime();
            Instant end = boundaries.get(boundaries.size() - 1).plusSeconds(50);
            for (Instant boundary : boundaries) {
                out.println("Quartz: waiting for the boundary at " + boundary + " ...");
                SchedulingBenchmark.sleepUntil(boundary.plusSeconds(30));
                out.println("  fired so far: " + FIRED.get());
            }
            SchedulingBenchmark.sleepUntil(end);
            long quartz1 = Cpu.threads(NAME);
            long jvm1 = Cpu.self();
            long pg1 = Cpu.postgres(postgresDataDir);
            Duration wall = Duration.ofNanos(System.nanoTime() - wall0);
            scheduler.standby();
            List<Long> fire = new ArrayList<>();
            List<Long> start = new ArrayList<>();
            long missing = 0;
            long duplicated = 0;
            for (Instant boundary : boundaries) {
                for (int i = 0; i < options.triggers(); i++) {
                    List<long[]> firings = FIRINGS.get(String.format(Locale.ROOT, "bench-%05d", i) + "|"
                            + boundary.toEpochMilli());
                    if (firings == null || firings.isEmpty()) {
                        missing++;
                        continue;
                    }
                    if (firings.size() > 1) {
                        duplicated++;
                    }
                    for (long[] f : firings) {
                        fire.add(f[0]);
                        start.add(f[1]);
                    }
                }
            }
            return new Result(boundaries, fire, start, missing, duplicated, quartz1 - quartz0, jvm1 - jvm0,
                    pg0 < 0 || pg1 < 0 ? -1 : pg1 - pg0, wall, scheduleTime);
        } finally {
            scheduler.shutdown(false);
        }
    }

    /** Runs Quartz's own {@code tables_postgres.sql}, statement by statement. */
    private static void createTables(String url, Connections db) throws Exception {
        String script;
        try (InputStream in = Scheduler.class.getResourceAsStream("/org/quartz/impl/jdbcjobstore/tables_postgres.sql")) {
            if (in == null) {
                throw new IOException("tables_postgres.sql is not in the quartz jar");
            }
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        StringBuilder code = new StringBuilder();
        for (String line : script.split("\\R")) {
            String trimmed = line.trim();
            if (!trimmed.startsWith("--") && !trimmed.startsWith("#")) {
                code.append(line).append('\n');
            }
        }
        List<String> statements = new ArrayList<>();
        for (String statement : code.toString().split(";")) {
            if (!statement.isBlank()) {
                statements.add(statement.trim());
            }
        }
        try (Connection connection = DriverManager.getConnection(url, db.dbUser(), db.dbPassword());
                Statement statement = connection.createStatement()) {
            connection.setAutoCommit(true);
            for (String sql : statements) {
                if (sql.equalsIgnoreCase("commit")) {
                    continue;
                }
                statement.execute(sql);
            }
        }
    }
}
