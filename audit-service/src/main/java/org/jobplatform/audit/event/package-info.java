/**
 * The events the audit consumes, as it sees them: a Kafka record with its coordinates ({@link
 * org.jobplatform.audit.event.RawEvent}), checked and decoded into an {@link org.jobplatform.audit.event.AuditEvent}
 * by the one {@link org.jobplatform.audit.event.EventDecoder} that the live consumers and the replay share.
 */
package org.jobplatform.audit.event;
