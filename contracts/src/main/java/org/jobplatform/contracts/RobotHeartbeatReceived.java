package org.jobplatform.contracts;

import java.time.Instant;
import java.util.List;

/**
 * A robot called in with the jobs it runs. Published by robot-gateway on {@code robots.reports.v1}, keyed by robot;
 * job-service learns from it which robots are connected and with what capacity, and reconciles: a Stop or Kill
 * the robot has not acted on is sent again, a job the robot no longer runs is resolved.
 *
 * @param robotId       the robot
 * @param tenantId      its tenant
 * @param runningJobIds the jobs it runs now
 * @param capacity      how many jobs it runs at once
 * @param at            when the gateway received the heartbeat
 */
public record RobotHeartbeatReceived(String robotId, String tenantId, List<String> runningJobIds, int capacity,
        Instant at) {
}
