package org.jobplatform.scheduler.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

/**
 * A clock that stands still until a test moves it, so minutes of schedule run in seconds and no assertion depends
 * on how fast the machine is. {@link #registrar} makes it the primary {@link Clock} bean of a context.
 */
public final class MutableClock extends Clock {

    /** The clock of the shared test context ({@link SchedulerServiceTest}). */
    public static final MutableClock MAIN = new MutableClock(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));

    private final AtomicReference<Instant> now;

    public MutableClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    /** Moves the clock forward; returns the new time. */
    public Instant advance(Duration step) {
        return now.updateAndGet(t -> t.plus(step));
    }

    /** Sets the clock. */
    public void set(Instant instant) {
        now.set(instant);
    }

    /** An initializer that registers this clock as the context's primary {@link Clock}. */
    public ApplicationContextInitializer<ConfigurableApplicationContext> registrar() {
        return context -> ((GenericApplicationContext) context).registerBean("testClock", Clock.class, () -> this,
                definition -> definition.setPrimary(true));
    }

    /** Registers {@link #MAIN} in the shared test context. */
    public static class Main implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            MAIN.registrar().initialize(context);
        }
    }
}
