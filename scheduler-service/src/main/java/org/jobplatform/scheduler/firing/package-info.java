/**
 * Firing: each instance polls for due triggers and records each scheduled time once (fired, skipped for
 * maintenance, missed), sending job requests through the outbox; the misfire policy decides what runs after a
 * window or a downtime.
 */
package org.jobplatform.scheduler.firing;
