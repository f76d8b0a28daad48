package org.jobplatform.audit.logs.web;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jobplatform.audit.journal.JournalEntry;
import org.jobplatform.contracts.CloudEventHeaders;

import tools.jackson.databind.json.JsonMapper;

/**
 * A journaled event in the CloudEvents JSON format: its attributes, every other {@code ce_} header as an extension
 * attribute, its Kafka coordinates as the extensions {@code kafkatopic}, {@code kafkapartition}, {@code kafkaoffset}
 * and {@code partitionkey}, and its data as JSON ({@code data_base64} when it is not JSON).
 */
public final class CloudEventsJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String CE_PREFIX = "ce_";

    /** The event as a CloudEvents JSON object. */
    public static Map<String, Object> of(JournalEntry entry) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("specversion", entry.headers().getOrDefault(CloudEventHeaders.SPEC_VERSION,
                CloudEventHeaders.SPEC_VERSION_VALUE));
        event.put("id", entry.id());
        event.put("source", entry.source());
        event.put("type", entry.type());
        if (entry.subject() != null) {
            event.put("subject", entry.subject());
        }
        if (entry.time() != null) {
            event.put("time", entry.time().toString());
        }
        entry.headers().forEach((name, value) -> {
            if (name.startsWith(CE_PREFIX)) {
                event.putIfAbsent(name.substring(CE_PREFIX.length()), value);
            }
        });
        String contentType = entry.headers().get(CloudEventHeaders.CONTENT_TYPE);
        event.put("datacontenttype", contentType != null ? contentType : CloudEventHeaders.JSON);
        event.put("kafkatopic", entry.topic());
        event.put("kafkapartition", entry.partition());
        event.put("kafkaoffset", entry.offset());
        if (entry.key() != null) {
            event.put("partitionkey", entry.key());
        }
        if (entry.payload().length == 0) {
            return event;
        }
        try {
            event.put("data", JSON.readTree(entry.payload()));
        } catch (RuntimeException e) {
            event.put("data_base64", Base64.getEncoder().encodeToString(entry.payload()));
        }
        return event;
    }

    private CloudEventsJson() {
    }
}
