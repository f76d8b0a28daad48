package org.jobplatform.maintenance.convergence;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jobplatform.contracts.MaintenancePhaseChanged;
import org.jobplatform.starter.phase.PhaseView;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Records {@code maintenance.propagation}: for each phase change, the time from its commit to the moment every
 * alive instance had applied it, once per scope and epoch.
 */
public class PropagationMetrics {

    private final PhaseView view;
    private final Timer propagation;
    private final Map<String, Long> recordedEpochs = new ConcurrentHashMap<>();

    public PropagationMetrics(PhaseView view, MeterRegistry registry) {
        this.view = view;
        this.propagation = Timer.builder("maintenance.propagation")
                .description("Time from a phase change's commit until every alive instance applied it")
                .publishPercentileHistogram().register(registry);
    }

    /** Checks, after an ack, whether the scope's current change has now reached every alive instance. */
    void onAck(InstanceRegistry registry, String scope, Instant now) {
        MaintenancePhaseChanged change = view.states().stream().filter(s -> s.scope().equals(scope)).findFirst()
                .orElse(null);
        if (change == null || change.changedAt() == null
                || recordedEpochs.getOrDefault(scope, 0L) >= change.epoch()) {
            return;
        }
        var alive = registry.instances(now).stream().filter(s -> registry.alive(s, now)).toList();
        Instant last = null;
        for (InstanceStatus status : alive) {
            if (status.appliedEpoch(scope) < change.epoch()) {
                return;
            }
            last = last == null || status.lastSeen().isAfter(last) ? status.lastSeen() : last;
        }
        if (last != null && recordedEpochs.merge(scope, change.epoch(), Math::max) == change.epoch()) {
            propagation.record(Duration.between(change.changedAt(), last));
        }
    }
}
