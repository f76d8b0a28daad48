/**
 * The instance's view of maintenance phases: every scope's latest state read from
 * {@code maintenance.phase-changes.v1}, the effective phase of each tenant, and the readiness that stays down
 * until the view has caught up with the topic.
 */
package org.jobplatform.starter.phase;
