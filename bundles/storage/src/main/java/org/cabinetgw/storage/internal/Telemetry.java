package org.cabinetgw.storage.internal;

import java.util.Map;

import org.cabinetgw.handover.internal.UplinkHandover;
import org.cabinetgw.telemetry.Message;
import org.cabinetgw.telemetry.Priority;

/**
 * Hands messages to the uplink through the component's hand-over: held, in order, while no uplink takes them
 * (its bundle updated, stopped, starting); a refusing uplink never stops monitoring (the hand-over logs why).
 */
final class Telemetry {

    private Telemetry() {
    }

    static void publish(UplinkHandover handover, String source, String topic, Priority priority,
            Map<String, Object> metrics) {
        handover.publish(Message.of(source, topic, priority, metrics));
    }
}
