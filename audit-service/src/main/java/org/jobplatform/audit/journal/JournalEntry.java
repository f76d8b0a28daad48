package org.jobplatform.audit.journal;

import java.time.Instant;
import java.util.Map;

/**
 * A CloudEvent as the journal keeps it: its attributes, its Kafka coordinates, and its data as it was received.
 *
 * @param id        {@code ce_id}
 * @param type      {@code ce_type}
 * @param source    {@code ce_source}
 * @param subject   {@code ce_subject}
 * @param time      {@code ce_time}
 * @param topic     the topic it was read from
 * @param partition the partition
 * @param offset    the offset
 * @param key       the record's key
 * @param headers   the record's headers, as text
 * @param payload   the record's value
 */
public record JournalEntry(String id, String type, String source, String subject, Instant time, String topic,
        int partition, long offset, String key, Map<String, String> headers, byte[] payload) {
}
