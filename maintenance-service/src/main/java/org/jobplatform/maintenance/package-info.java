/**
 * maintenance-service: owns maintenance windows, the phase of the host and of each tenant, and the cluster's
 * convergence view; it is the only writer of {@code maintenance.phase-changes.v1}.
 */
package org.jobplatform.maintenance;
