package org.jobplatform.job.lifecycle.web;

import java.util.Map;

/**
 * The body of {@code POST /api/jobs}.
 *
 * @param processName    the automation to run (required)
 * @param robotId        a robot of the caller's tenant, or {@code null} for any free one
 * @param inputArguments input arguments, a JSON object
 */
public record CreateJobRequest(String processName, String robotId, Map<String, Object> inputArguments) {
}
