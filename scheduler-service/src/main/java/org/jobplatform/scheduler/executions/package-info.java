/**
 * Executions of triggers (one per trigger and scheduled time) and the events that record them: the job request
 * sent for a run, and every outcome on {@code scheduler.executions.v1} for the audit.
 */
package org.jobplatform.scheduler.executions;
