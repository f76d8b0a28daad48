/** Backfill: an operator runs, once each, the executions a trigger skipped in one maintenance window. */
package org.jobplatform.scheduler.backfill;
