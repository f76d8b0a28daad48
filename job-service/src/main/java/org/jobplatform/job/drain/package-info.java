/**
 * Drain progress: per tenant, how many jobs run, are being stopped and are held, published on
 * {@code jobs.events.v1} as {@code DrainProgressReported} whenever a tenant's jobs change and every few seconds
 * while jobs are active or a window is open, so maintenance-service can refuse a suspension with the count.
 */
package org.jobplatform.job.drain;
