package org.jobplatform.starter.app;

import java.time.Instant;

import org.jobplatform.contracts.DrainStrategy;
import org.jobplatform.contracts.MaintenancePhaseChanged;
import org.jobplatform.contracts.Phase;
import org.jobplatform.contracts.Scope;
import org.jobplatform.contracts.Topics;
import org.jobplatform.starter.messaging.EventCodec;
import org.jobplatform.testsupport.SharedKafka;

/** Publishes phase changes as maintenance-service would, for tests of the starter. */
public final class PhaseEvents {

    private static final EventCodec CODEC = new EventCodec("/maintenance-service");

    /** A change of a scope to a phase at an epoch. */
    public static MaintenancePhaseChanged change(Scope scope, Phase phase, long epoch) {
        return new MaintenancePhaseChanged(scope.key(), scope.tenantId(), phase, Phase.NONE, epoch,
                phase == Phase.NONE ? null : "window-" + scope.key() + "-" + epoch, Instant.now(), "admin", null,
                false, false, DrainStrategy.STOP, null, false, Instant.now());
    }

    /** Publishes the change on the phase topic and waits for the broker. */
    public static void publish(MaintenancePhaseChanged change) {
        SharedKafka.publish(CODEC.toRecord(Topics.PHASE_CHANGES, change.scope(), change, change.scope()));
    }

    private PhaseEvents() {
    }
}
