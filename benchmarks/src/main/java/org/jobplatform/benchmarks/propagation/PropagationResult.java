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
 * @param firstFromResponse per measured transition, the first instance's {@code appliedAt} minus the 200's
 *                       arrival
 * @param failures       the measured transitions that failed, described
 * @param warmupFailures how many warmup transitions failed
 * @param lastToApply    per service, in how many measured transitions its instance was the last to apply
 * @param lastToApplyOverTarget per service, the same counted only over transitions whose propagation from the 200
 *                       reached the p99 target
 * @param raw            the plain Kafka round trips
 * @param rssStartKb     resident memory per service right after readiness, in kilobytes
 * @param rssEndKb       resident memory per service at the end, in kilobytes
 */
record PropagationResult(PropagationOptions options, int instances, Latencies fromResponse, Latencies fromRequest,
        Latencies firstFromResponse, List<String> failures, int warmupFailures, Map<String, Integer> lastToApply,
        Map<String, Integer> lastToApplyOverTarget, RawKafkaRoundTrip.Result raw, Map<String, OptionalLong> rssStartKb,
        Map<String, OptionalLong> rssEndKb) {
}
