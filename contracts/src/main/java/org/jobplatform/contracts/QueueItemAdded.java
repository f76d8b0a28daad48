package org.jobplatform.contracts;

import java.time.Instant;

/**
 * A robot added an item to a work queue. Published by robot-gateway on {@code queues.items.v1}, keyed by queue.
 *
 * @param queue     the queue
 * @param reference the item's reference, unique in the queue for the robot's purposes
 * @param content   the item's content as JSON text
 * @param robotId   the robot
 * @param tenantId  the robot's tenant
 * @param at        when the gateway received it
 */
public record QueueItemAdded(String queue, String reference, String content, String robotId, String tenantId,
        Instant at) {
}
