package org.jobplatform.audit.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.jobplatform.audit.ingest.LagMonitor;

/** Waits until the live logs have applied every record published so far. */
public final class Lag {

    /** Waits until no topic the audit reads holds a record the live generation has not applied. */
    public static void awaitNone(LagMonitor monitor) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(monitor.refresh().values()).allMatch(lag -> lag == 0));
    }

    private Lag() {
    }
}
