package org.jobplatform.audit.replay;

/** A replay was asked for while another one is unfinished. */
public class ReplayRunningException extends RuntimeException {

    private final transient ReplayReport running;

    public ReplayRunningException(ReplayReport running) {
        super("Replay " + running.id() + " is " + running.state()
                + "; wait until it has swapped or failed (GET /api/admin/audit/replay/" + running.id() + ")");
        this.running = running;
    }

    /** The unfinished replay. */
    public ReplayReport running() {
        return running;
    }
}
