package org.cabinetgw.telemetry;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The one way out of the gateway. {@link #publish} returns once the message is durably stored;
 * from then on the uplink delivers it at least once, over MQTT or its HTTP fallback.
 */
@ProviderType
public interface Uplink {

    /**
     * Accepts a message for delivery.
     *
     * @throws UplinkRefusedException when the message is not accepted (too large, queue full for its
     *                                priority, storage failing); nothing was stored then
     */
    void publish(Message message) throws UplinkRefusedException;
}
