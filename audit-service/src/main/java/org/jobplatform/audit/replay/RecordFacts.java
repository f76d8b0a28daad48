package org.jobplatform.audit.replay;

import org.jobplatform.audit.projection.FactBatch;
import org.jobplatform.audit.projection.JobEndFact;
import org.jobplatform.audit.projection.SkipFact;

/**
 * What one record adds to a replay's facts, as {@link ReplayDecoder} read it.
 *
 * @param undecodable whether the record can never be processed (the live consumers dead-lettered it)
 * @param tenantId    the tenant it makes known, or {@code null}
 * @param job         the end of a job it records, or {@code null}
 * @param skip        the skipped execution it records, or {@code null}
 * @param other       the facts of a record the full decoder read, or {@code null}
 */
record RecordFacts(boolean undecodable, String tenantId, JobEndFact job, SkipFact skip, FactBatch other) {

    /** A record that can never be processed. */
    static final RecordFacts UNDECODABLE = new RecordFacts(true, null, null, null, null);

    /** Adds the facts to the batch, counting the record as read unless it is undecodable. */
    void addTo(FactBatch batch) {
        if (undecodable) {
            return;
        }
        if (other != null) {
            batch.addAll(other);
            return;
        }
        batch.counted();
        batch.tenant(tenantId);
        if (job != null) {
            batch.job(job);
        }
        if (skip != null) {
            batch.skip(skip);
        }
    }
}
