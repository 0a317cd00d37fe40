package org.cabinetgw.storage.internal;

import java.util.Map;

import org.cabinetgw.telemetry.Message;
import org.cabinetgw.telemetry.Priority;
import org.cabinetgw.telemetry.Uplink;
import org.cabinetgw.telemetry.UplinkRefusedException;
import org.slf4j.Logger;

/** Hands messages to the uplink when there is one; a missing or refusing uplink never stops monitoring. */
final class Telemetry {

    private Telemetry() {
    }

    static void publish(Uplink uplink, Logger log, String source, String topic, Priority priority,
            Map<String, Object> metrics) {
        if (uplink == null) {
            return;
        }
        try {
            uplink.publish(Message.of(source, topic, priority, metrics));
        } catch (UplinkRefusedException e) {
            log.warn("Uplink refused {} message on {}: {} ({})", priority, topic, e.getMessage(), e.reason());
        } catch (RuntimeException e) {
            log.warn("Uplink failed to take a message on {}: {}", topic, e.toString());
        }
    }
}
