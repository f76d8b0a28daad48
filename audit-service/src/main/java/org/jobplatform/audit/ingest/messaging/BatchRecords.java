package org.jobplatform.audit.ingest.messaging;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jobplatform.audit.event.RawEvent;
import org.jobplatform.starter.messaging.EventCodec;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;

/** The records of a batch the binder delivered (native decoding: raw bytes), with their coordinates and headers. */
final class BatchRecords {

    static List<RawEvent> of(String topic, Message<List<byte[]>> message) {
        List<byte[]> payloads = message.getPayload();
        List<?> offsets = message.getHeaders().get(KafkaHeaders.OFFSET, List.class);
        if (offsets == null || offsets.size() != payloads.size()) {
            // a record the binder could not convert would vanish from the batch: never let it pass silently
            throw new IllegalStateException("a batch of " + (offsets == null ? "?" : offsets.size())
                    + " records arrived with " + payloads.size() + " payloads; the binding must use native decoding");
        }
        List<?> headers = message.getHeaders().get(KafkaHeaders.BATCH_CONVERTED_HEADERS, List.class);
        List<RawEvent> records = new ArrayList<>(payloads.size());
        for (int i = 0; i < payloads.size(); i++) {
            records.add(new RawEvent(topic, ((Number) at(message, KafkaHeaders.RECEIVED_PARTITION, i, -1)).intValue(),
                    ((Number) offsets.get(i)).longValue(),
                    EventCodec.headerText(at(message, KafkaHeaders.RECEIVED_KEY, i, null)), headers(headers, i),
                    payloads.get(i)));
        }
        return records;
    }

    private static Headers headers(List<?> headers, int index) {
        Headers result = new RecordHeaders();
        if (headers != null && index < headers.size() && headers.get(index) instanceof Map<?, ?> map) {
            map.forEach((name, value) -> {
                if (value instanceof byte[] bytes) {
                    result.add(name.toString(), bytes);
                } else if (value != null) {
                    result.add(name.toString(), value.toString().getBytes(StandardCharsets.UTF_8));
                }
            });
        }
        return result;
    }

    private static Object at(Message<?> message, String header, int index, Object fallback) {
        Object values = message.getHeaders().get(header);
        return values instanceof List<?> list && index < list.size() && list.get(index) != null ? list.get(index)
                : fallback;
    }

    private BatchRecords() {
    }
}
