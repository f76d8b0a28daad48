package org.jobplatform.benchmarks.gateway;

import java.util.Map;
import java.util.OptionalLong;

/**
 * Everything one run of the gateway benchmark measured.
 *
 * @param options    the options of the run
 * @param heartbeats robot-gateway's heartbeats
 * @param bare       the bare endpoint's heartbeats
 * @param refusals   robot-gateway's 503s with the tenant SUSPENDED
 * @param rssStartKb resident memory per process right after readiness, in kilobytes
 * @param rssEndKb   resident memory per process after the last load, in kilobytes
 */
record GatewayResult(GatewayOptions options, LoadResult heartbeats, LoadResult bare, LoadResult refusals,
        Map<String, OptionalLong> rssStartKb, Map<String, OptionalLong> rssEndKb) {
}
