package org.jobplatform.audit.event;

/**
 * A CloudEvent the audit accepted: the record it came in (where its other attributes are), its id and type, its data
 * decoded as the contract record its type names ({@code null} for a type the contract does not know), and the tenant
 * and window it concerns, when it names them.
 *
 * @param raw      the record as Kafka had it
 * @param id       {@code ce_id}
 * @param type     {@code ce_type}
 * @param data     the decoded data, or {@code null}
 * @param tenantId the tenant the event concerns, or {@code null} (the host scope's phase changes)
 * @param windowId the maintenance window the event names, or {@code null}
 */
public record AuditEvent(RawEvent raw, String id, String type, Object data, String tenantId, String windowId) {
}
