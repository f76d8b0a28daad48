package org.jobplatform.maintenance.convergence;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the convergence view.
 *
 * @param missedHeartbeats heartbeats an instance may miss before it counts as dead
 * @param forgetAfter      how long a dead instance stays listed
 */
@ConfigurationProperties("maintenance.convergence")
public record ConvergenceProperties(Integer missedHeartbeats, Duration forgetAfter) {

    public ConvergenceProperties {
        missedHeartbeats = missedHeartbeats == null ? 3 : missedHeartbeats;
        forgetAfter = forgetAfter == null ? Duration.ofMinutes(10) : forgetAfter;
    }
}
