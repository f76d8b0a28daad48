package org.jobplatform.localstack;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.jobplatform.agent.AgentConfig;
import org.jobplatform.agent.AgentListener;
import org.jobplatform.agent.RobotFleet;

/**
 * {@code ./stack --demo}: a small robot fleet per tenant (acme and globex) and a steady trickle of jobs, so that a
 * maintenance window started by hand has running jobs to stop, robots that confirm, and pending jobs to hold.
 * The fleet keeps its robots in the data folder, so a restarted demo reuses them.
 */
final class Demo implements AutoCloseable {

    /** Robots per tenant. */
    static final int ROBOTS = 3;
    /** Jobs each robot runs at once. */
    static final int CAPACITY = 2;
    /** How often each tenant asks for a new job. */
    static final Duration JOB_EVERY = Duration.ofSeconds(8);

    private final PrintStream out;
    private final List<RobotFleet> fleets = new ArrayList<>();
    private final ScheduledExecutorService jobs = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "demo-jobs");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Demo(PrintStream out) {
        this.out = out;
    }

    /** Registers (or reuses) the fleets, starts them and starts creating jobs. */
    static Demo start(Path dataDir, PrintStream out) {
        Demo demo = new Demo(out);
        for (String tenant : List.of("acme", "globex")) {
            AgentConfig config = AgentConfig.defaults(URI.create(Service.ROBOT_GATEWAY.baseUrl()))
                    .withCapacity(CAPACITY).withDataDir(dataDir.resolve("demo").resolve(tenant));
            RobotFleet fleet = new RobotFleet(config, RobotFleet.provision(config, tenant, tenant, ROBOTS,
                    "demo-" + tenant), AgentListener.NONE);
            fleet.start();
            demo.fleets.add(fleet);
            out.println("Demo: " + ROBOTS + " robots of " + tenant + " connected, " + CAPACITY + " jobs each");
        }
        demo.jobs.scheduleWithFixedDelay(demo::createJobs, 0, JOB_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        out.println("Demo: a job of 10-40 s for each tenant every " + JOB_EVERY.toSeconds() + " s. Try:");
        out.println("  curl -s -u admin:admin -X POST '" + Service.MAINTENANCE_SERVICE.baseUrl()
                + "/api/maintenance/start?phase=DRAINING&autoSuspend=true'");
        out.println("  curl -s -u admin:admin " + Service.MAINTENANCE_SERVICE.baseUrl() + "/api/maintenance");
        out.println("  curl -s -u admin:admin -X POST " + Service.MAINTENANCE_SERVICE.baseUrl()
                + "/api/maintenance/end");
        return demo;
    }

    private void createJobs() {
        for (String tenant : List.of("acme", "globex")) {
            long duration = ThreadLocalRandom.current().nextLong(10_000, 40_000);
            String body = "{\"processName\":\"demo-invoices\",\"inputArguments\":{\"durationMs\":" + duration
                    + ",\"logEveryMs\":1000}}";
            HttpRequest request = HttpRequest.newBuilder(URI.create(Service.JOB_SERVICE.baseUrl() + "/api/jobs"))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                    .header("Authorization", "Basic " + Base64.getEncoder()
                            .encodeToString((tenant + ":" + tenant).getBytes(StandardCharsets.UTF_8)))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            try {
                HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 503) {
                    // in maintenance: new jobs are refused, which is the point of the demo
                    continue;
                }
                if (answer.statusCode() != 201) {
                    out.println("Demo: creating a job of " + tenant + " answered " + answer.statusCode());
                }
            } catch (java.io.IOException e) {
                out.println("Demo: job-service not reachable: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        jobs.shutdownNow();
        fleets.forEach(RobotFleet::close);
    }
}
