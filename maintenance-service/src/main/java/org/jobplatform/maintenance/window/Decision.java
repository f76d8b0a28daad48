package org.jobplatform.maintenance.window;

/** What the state machine decided for a request. */
public sealed interface Decision {

    /**
     * The scope changes: a new epoch is written and published.
     *
     * @param previous     the state before
     * @param next         the state after
     * @param opensWindow  a new window starts with this change
     * @param closesWindow the window ends with this change
     */
    record Change(ScopeState previous, ScopeState next, boolean opensWindow, boolean closesWindow)
            implements Decision {
    }

    /** Nothing to do: the scope already is where the request asks (answered 200). */
    record Unchanged(ScopeState current) implements Decision {
    }

    /**
     * The request is refused (answered 409).
     *
     * @param current     the state, unchanged
     * @param detail      why
     * @param runningJobs jobs in scope not yet confirmed ended, when that is the reason; otherwise {@code null}
     */
    record Conflict(ScopeState current, String detail, Long runningJobs) implements Decision {
    }
}
