package org.jobplatform.robot.registry;

import java.time.Instant;

/**
 * A registered robot.
 *
 * @param robotId   the robot's id, its Basic user name
 * @param tenantId  its tenant
 * @param name      its name, unique in the tenant
 * @param createdAt when it was registered
 */
public record Robot(String robotId, String tenantId, String name, Instant createdAt) {
}
