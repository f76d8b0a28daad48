package org.jobplatform.maintenance.convergence;

import java.time.Instant;
import java.util.List;

/**
 * Whether every alive instance applied a scope's current epoch (and, for a tenant, the host's too).
 *
 * @param instances every known instance with the epoch it applied for the scope
 * @param converged whether every alive instance applied the current epochs; false if none is alive
 */
public record ConvergenceView(List<InstanceView> instances, boolean converged) {

    /**
     * One instance as the maintenance API shows it.
     *
     * @param service      the service
     * @param instanceId   the instance
     * @param appliedEpoch the epoch it applied for the scope asked about
     * @param lastSeen     its last ack or heartbeat
     * @param alive        whether that is within the failover timeout
     * @param ready        whether it serves
     */
    public record InstanceView(String service, String instanceId, long appliedEpoch, Instant lastSeen, boolean alive,
            boolean ready) {
    }

    /** Computes the view of a scope at an epoch; for a tenant scope the host's epoch must be applied as well. */
    public static ConvergenceView of(InstanceRegistry registry, String scope, long epoch, long hostEpoch,
            Instant now) {
        List<InstanceView> views = registry.instances(now).stream()
                .map(s -> new InstanceView(s.service(), s.instanceId(), s.appliedEpoch(scope), s.lastSeen(),
                        registry.alive(s, now), s.ready()))
                .toList();
        List<InstanceStatus> alive = registry.instances(now).stream().filter(s -> registry.alive(s, now)).toList();
        boolean converged = !alive.isEmpty() && alive.stream().allMatch(s -> s.appliedEpoch(scope) >= epoch
                && s.appliedEpoch(org.jobplatform.contracts.Scope.HOST_KEY) >= hostEpoch);
        return new ConvergenceView(views, converged);
    }
}
