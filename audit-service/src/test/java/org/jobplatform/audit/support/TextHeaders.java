package org.jobplatform.audit.support;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** Kafka headers from text, for records made in unit tests. */
public final class TextHeaders {

    /** The headers, UTF-8 encoded, in the map's order. */
    public static Headers of(Map<String, String> headers) {
        Headers kafka = new RecordHeaders();
        headers.forEach((name, value) -> kafka.add(name, value.getBytes(StandardCharsets.UTF_8)));
        return kafka;
    }

    private TextHeaders() {
    }
}
