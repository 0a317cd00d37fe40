package org.cabinetgw.uplink.internal.testing;

import org.cabinetgw.testing.ClosingStack;
import org.cabinetgw.uplink.internal.mqtt.MqttSettings;
import org.cabinetgw.uplink.internal.mqtt.MqttTransport;
import org.cabinetgw.uplink.itest.Mosquitto;

/** The MQTT transport the uplink's tests against a real Mosquitto use, written once. */
public final class MqttToMosquitto {

    private MqttToMosquitto() {
    }

    /**
     * A transport to {@code broker} (a client id of its own, topic prefix {@code cab/gw1}, reconnecting after
     * 100..1000 ms), started, and closed with what the test opened.
     */
    public static MqttTransport started(Mosquitto broker, ClosingStack closeLast) throws Exception {
        MqttTransport t = new MqttTransport(MqttSettings.of(broker.uri(), "gw-" + System.nanoTime(), "cab/gw1")
                .withReconnect(100, 1000));
        closeLast.push(t::close);
        t.start();
        return t;
    }
}
