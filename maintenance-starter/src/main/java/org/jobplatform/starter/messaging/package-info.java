/**
 * Kafka plumbing shared by every service: CloudEvents encoding of the contract's records, an idempotent
 * producer with {@code acks=all}, topic creation with the retention the audit needs, and a follower that reads
 * a whole topic from a chosen point and tells when it has caught up with its end.
 */
package org.jobplatform.starter.messaging;
