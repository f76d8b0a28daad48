package org.jobplatform.maintenance.window;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Sets the phase gauges from the database once the service is up, so a restart shows the phases at once. */
@Component
class GaugeRestorer {

    private final MaintenanceService service;

    GaugeRestorer(MaintenanceService service) {
        this.service = service;
    }

    @EventListener(ApplicationReadyEvent.class)
    void restore() {
        service.restoreGauges().block(java.time.Duration.ofSeconds(30));
    }
}
