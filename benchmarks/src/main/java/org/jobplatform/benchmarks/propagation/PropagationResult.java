package org.jobplatform.benchmarks.propagation;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Everything one run of the phase-propagation benchmark measured.
 *
 * @param options        the options of the run
 * @param instances      how many instances had to apply each transition
 * @param fromResponse   per measured transition, the last instance's {@code appliedAt} minus the 200's arrival
 * @param fromRequest    per measured transition, the last instance's {@code appliedAt} minus the request's sending
 * @param failures       the measured transitions that failed, described
 * @param warmupFailures how many warmup transitions failed
 * @param raw            the plain Kafka round trips
 * @param rssStartKb     resident memory per service right after readiness, in kilobytes
 * @param rssEndKb       resident memory per service at the end, in kilobytes
 */
record PropagationResult(PropagationOptions options, int instances, Latencies fromResponse, Latencies fromRequest,
        List<String> failures, int warmupFailures, RawKafkaRoundTrip.Result raw, Map<String, OptionalLong> rssStartKb,
        Map<String, OptionalLong> rssEndKb) {
}
