package org.jobplatform.job.lifecycle;

import java.time.Duration;

import org.jobplatform.starter.phase.PhaseView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A background worker of this instance: it runs one pass at a time, soon after a {@link JobActivity} hint asks for
 * it, and on a timer, but only once the phase view has caught up (a restarted instance must not act on an old
 * phase). A pass that fails is logged and asked for again.
 */
public abstract class HintedWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(HintedWorker.class);

    private final String name;
    private final PhaseView view;
    private final Duration hintInterval;
    private final Duration sweepInterval;
    private Disposable loop;

    protected HintedWorker(String name, PhaseView view, Duration hintInterval, Duration sweepInterval) {
        this.name = name;
        this.view = view;
        this.hintInterval = hintInterval;
        this.sweepInterval = sweepInterval;
    }

    /** Whether a pass was asked for since the last call. */
    protected abstract boolean takeHint();

    /** Asks for a pass. */
    protected abstract void hint();

    /** Whether there can be anything to do now; a worker with nothing to do skips even its timed passes. */
    protected boolean active() {
        return true;
    }

    /** One pass. */
    protected abstract Mono<?> pass();

    @Override
    public void start() {
        long sweepEvery = Math.max(1, sweepInterval.toMillis() / hintInterval.toMillis());
        loop = Flux.interval(hintInterval).onBackpressureDrop()
                .filter(tick -> view.isCaughtUp() && active() && (takeHint() || tick % sweepEvery == 0))
                .concatMap(tick -> pass().onErrorResume(e -> {
                    log.warn("{} failed; it runs again: {}", name, e.toString());
                    hint();
                    return Mono.empty();
                }), 1)
                .subscribe();
    }

    @Override
    public void stop() {
        if (loop != null) {
            loop.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        return loop != null && !loop.isDisposed();
    }
}
