package org.jobplatform.scheduler.support;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.jobplatform.contracts.DrainStrategy;
import org.jobplatform.contracts.MaintenancePhaseChanged;
import org.jobplatform.contracts.Phase;
import org.jobplatform.contracts.Scope;
import org.jobplatform.contracts.Topics;
import org.jobplatform.starter.messaging.EventCodec;
import org.jobplatform.starter.phase.PhaseView;
import org.jobplatform.testsupport.SharedKafka;

/**
 * Plays maintenance-service: publishes a scope's phase changes on the phase topic, with the next epoch and the
 * scope's window, and waits until the given instances applied them (none: while no scheduler runs).
 */
public final class Phases {

    private static final EventCodec MAINTENANCE = new EventCodec("/maintenance-service");
    private static final Map<String, MaintenancePhaseChanged> LAST = new ConcurrentHashMap<>();

    /** Moves the scope to DRAINING or SUSPENDED (same window when already in one); returns the window id. */
    public static String start(Scope scope, Phase phase, PhaseView... views) {
        return change(scope, phase, views);
    }

    /** Ends the scope's maintenance. */
    public static void end(Scope scope, PhaseView... views) {
        change(scope, Phase.NONE, views);
    }

    private static synchronized String change(Scope scope, Phase phase, PhaseView... views) {
        MaintenancePhaseChanged current = LAST.get(scope.key());
        for (PhaseView view : views) {
            MaintenancePhaseChanged seen = view.state(scope).orElse(null);
            if (seen != null && (current == null || seen.epoch() > current.epoch())) {
                current = seen;
            }
        }
        long epoch = current == null ? 1 : current.epoch() + 1;
        String window = phase == Phase.NONE ? null
                : current != null && current.windowId() != null ? current.windowId() : UUID.randomUUID().toString();
        MaintenancePhaseChanged change = new MaintenancePhaseChanged(scope.key(), scope.tenantId(), phase,
                current == null ? Phase.NONE : current.phase(), epoch, window, Instant.now(), "admin", "test", false,
                false, DrainStrategy.STOP, null, false, Instant.now());
        SharedKafka.publish(MAINTENANCE.toRecord(Topics.PHASE_CHANGES, scope.key(), change, scope.key()));
        LAST.put(scope.key(), change);
        for (PhaseView view : views) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> view.appliedEpochs().getOrDefault(scope.key(), 0L) >= epoch);
        }
        return window;
    }

    private Phases() {
    }
}
