package org.jobplatform.starter.phase;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jobplatform.contracts.EventTypes;
import org.jobplatform.contracts.MaintenancePhaseChanged;
import org.jobplatform.starter.messaging.EventCodec;
import org.jobplatform.starter.messaging.UndecodableEventException;

/** Turns records of the phase topic into changes applied to the view. */
public class PhaseViewFeed implements java.util.function.Consumer<ConsumerRecord<String, byte[]>> {

    private final PhaseView view;
    private final EventCodec codec;

    public PhaseViewFeed(PhaseView view, EventCodec codec) {
        this.view = view;
        this.codec = codec;
    }

    @Override
    public void accept(ConsumerRecord<String, byte[]> record) {
        String type = EventCodec.type(record);
        if (!EventTypes.PHASE_CHANGED.equals(type)) {
            throw new UndecodableEventException("expected ce_type " + EventTypes.PHASE_CHANGED + " but got '" + type + "'");
        }
        MaintenancePhaseChanged change = codec.decode(record.value(), MaintenancePhaseChanged.class);
        if (change.scope() == null || change.phase() == null) {
            throw new UndecodableEventException("phase change without scope or phase");
        }
        view.apply(change);
    }
}
