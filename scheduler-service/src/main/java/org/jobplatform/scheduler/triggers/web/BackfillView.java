package org.jobplatform.scheduler.triggers.web;

import java.util.List;

/**
 * The answer to a backfill: the executions run by this call (none when the window was backfilled before).
 *
 * @param triggerId  the trigger
 * @param windowId   the window
 * @param executions the executions run now, as BACKFILLED
 */
public record BackfillView(String triggerId, String windowId, List<ExecutionView> executions) {
}
