package org.jobplatform.starter.phase;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** DOWN until the phase view has caught up with the phase topic; part of the readiness group. */
public class PhaseViewHealthIndicator implements HealthIndicator {

    private final PhaseView view;

    public PhaseViewHealthIndicator(PhaseView view) {
        this.view = view;
    }

    @Override
    public Health health() {
        if (!view.isCaughtUp()) {
            return Health.down().withDetail("reason", "reading the phase topic").build();
        }
        return Health.up().withDetail("hostPhase", view.hostPhase().name())
                .withDetail("appliedEpochs", view.appliedEpochs()).build();
    }
}
