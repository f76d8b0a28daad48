package org.jobplatform.scheduler.support;

import java.time.Duration;
import java.util.UUID;

import org.jobplatform.scheduler.triggers.Trigger;
import org.jobplatform.scheduler.triggers.TriggerDefinition;
import org.jobplatform.scheduler.triggers.TriggerService;
import org.springframework.r2dbc.core.DatabaseClient;

/** Drives a scheduler through simulated time: creates triggers, moves its clock and waits until it caught up. */
public final class Steps {

    private final TriggerService triggers;
    private final DatabaseClient db;
    private final MutableClock clock;

    public Steps(TriggerService triggers, DatabaseClient db, MutableClock clock) {
        this.triggers = triggers;
        this.db = db;
        this.clock = clock;
    }

    /** A fresh tenant id, so a test's windows touch no other test's triggers. */
    public static String newTenant() {
        return "t" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Creates a cron trigger. */
    public Trigger cron(String tenant, String name, String cron, String zone, String policy, boolean exempt) {
        return create(tenant, TriggerDefinition.of(name, "invoices", null, null, "CRON", cron, null, null, zone, policy,
                exempt, clock.instant()));
    }

    /** Creates an interval trigger. */
    public Trigger interval(String tenant, String name, long seconds, String policy) {
        return create(tenant, TriggerDefinition.of(name, "invoices", null, null, "INTERVAL", null, null, seconds, null,
                policy, false, clock.instant()));
    }

    /** Creates a trigger. */
    public Trigger create(String tenant, TriggerDefinition definition) {
        return triggers.create(tenant, definition).block(Duration.ofSeconds(30));
    }

    /** Moves the clock by {@code step}, {@code times} times, waiting after each until every due time is recorded. */
    public void advance(Duration step, int times) {
        for (int i = 0; i < times; i++) {
            Executions.settle(db, clock.advance(step));
        }
    }

    /** Deletes triggers (with their executions), so later tests' clock moves do not run them. */
    public void delete(Trigger... ts) {
        for (Trigger t : ts) {
            triggers.delete(UUID.fromString(t.id()), null).block(Duration.ofSeconds(30));
        }
    }
}
