package org.jobplatform.contracts;

import java.util.List;

/**
 * Job requests of one tenant's triggers that fired at the same moment, in one record: how scheduler-service sends
 * the requests of a firing slot it decided (decision 26). Published on {@code scheduler.job-requests.v1}, keyed by
 * the tenant, like {@link JobRequested}; a tenant's requests of a moment may come in several such records. Each
 * request is complete and is answered on its own, by its id, exactly as if it had come alone.
 *
 * @param requests the requests, each of the record's tenant
 */
public record JobsRequested(List<JobRequested> requests) {
}
