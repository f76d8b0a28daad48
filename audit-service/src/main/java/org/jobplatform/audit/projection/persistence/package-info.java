/** The projection's tables in PostgreSQL: batched upserts, generations as partitions, and their comparison. */
package org.jobplatform.audit.projection.persistence;
