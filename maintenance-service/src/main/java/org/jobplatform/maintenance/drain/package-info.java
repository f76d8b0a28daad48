/**
 * Drain progress: the robot-confirmed job counts job-service publishes per tenant on {@code jobs.events.v1},
 * kept per tenant so that a SUSPENDED request can be refused with the number of jobs still running.
 */
package org.jobplatform.maintenance.drain;
