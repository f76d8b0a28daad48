package org.jobplatform.scheduler.firing;

import org.jobplatform.scheduler.SchedulerProperties;
import org.jobplatform.starter.phase.PhaseView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Every {@code scheduler.poll-interval}, decides and applies the firing slots whose time has come (those whose
 * preparing instance's timer did not), runs firing passes for due triggers, and prepares the executions coming due
 * within the lookahead; but only once the phase view has caught up with the phase topic: a restarted instance must
 * not fire on an old phase. Which times are due is decided by the
 * scheduler's clock, not by this loop's timer. A pass that fails is logged and rolled back; the next one retries.
 */
@Component
public class FiringLoop implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(FiringLoop.class);

    private final FiringPass pass;
    private final FiringSlots slots;
    private final PhaseView view;
    private final SchedulerProperties properties;
    private volatile Disposable loop;

    public FiringLoop(FiringPass pass, FiringSlots slots, PhaseView view, SchedulerProperties properties) {
        this.pass = pass;
        this.slots = slots;
        this.view = view;
        this.properties = properties;
    }

    @Override
    public void start() {
        slots.start();
        loop = Flux.interval(properties.getPollInterval(), Schedulers.boundedElastic()).onBackpressureDrop()
                .filter(tick -> view.isCaughtUp())
                .concatMap(tick -> slots.decideAndApply().then(pass.runUntilIdle())
                        .then(slots.prepareUntilIdle()).onErrorResume(e -> {
                    log.warn("firing pass failed; the next one retries: {}",
                            org.springframework.core.NestedExceptionUtils.getMostSpecificCause(e).toString());
                    return Mono.empty();
                }), 1)
                .subscribe();
    }

    @Override
    public void stop() {
        slots.stop();
        Disposable current = loop;
        if (current != null) {
            current.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        Disposable current = loop;
        return current != null && !current.isDisposed();
    }
}
