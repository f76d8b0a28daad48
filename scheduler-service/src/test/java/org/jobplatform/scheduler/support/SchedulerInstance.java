package org.jobplatform.scheduler.support;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jobplatform.scheduler.SchedulerServiceApplication;
import org.jobplatform.scheduler.triggers.TriggerService;
import org.jobplatform.starter.phase.PhaseView;
import org.jobplatform.testsupport.SharedInfrastructure;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * A scheduler-service instance started by a test, on the shared infrastructure and its own schema and consumer
 * group (so it is a deployment apart from the shared test context), with the test's clock. Several instances on
 * the same schema are a cluster; closing one is an instance stopping, starting another on the schema a restart.
 */
public final class SchedulerInstance implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private SchedulerInstance(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** Starts an instance and waits until its phase view has caught up. */
    public static SchedulerInstance start(String schema, MutableClock clock, String... properties) {
        List<String> args = new ArrayList<>();
        SharedInfrastructure.properties().forEach((k, v) -> args.add("--" + k + "=" + v));
        args.add("--server.port=0");
        args.add("--maintenance.database.schema=" + schema);
        args.add("--spring.cloud.stream.bindings.jobEvents-in-0.group=" + schema);
        args.add("--scheduler.poll-interval=50ms");
        args.add("--maintenance.outbox.poll-interval=200ms");
        for (String p : properties) {
            args.add("--" + p);
        }
        ConfigurableApplicationContext context = new SpringApplicationBuilder(SchedulerServiceApplication.class)
                .initializers(clock.registrar()).run(args.toArray(String[]::new));
        SchedulerInstance instance = new SchedulerInstance(context);
        await().atMost(Duration.ofSeconds(60)).until(() -> instance.view().isCaughtUp());
        return instance;
    }

    public PhaseView view() {
        return context.getBean(PhaseView.class);
    }

    public DatabaseClient db() {
        return context.getBean(DatabaseClient.class);
    }

    public TriggerService triggers() {
        return context.getBean(TriggerService.class);
    }

    public int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    @Override
    public void close() {
        context.close();
    }
}
