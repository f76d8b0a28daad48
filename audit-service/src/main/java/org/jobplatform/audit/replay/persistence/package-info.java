/** Replays' rows in PostgreSQL. */
package org.jobplatform.audit.replay.persistence;
