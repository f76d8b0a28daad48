/**
 * Jobs and their lifecycle: creation by a tenant user, the legal state changes of
 * {@link org.jobplatform.contracts.JobState}, user stop and kill, and a {@code JobStateChanged} event on
 * {@code jobs.events.v1} for every change, written through the outbox.
 */
package org.jobplatform.job.lifecycle;
