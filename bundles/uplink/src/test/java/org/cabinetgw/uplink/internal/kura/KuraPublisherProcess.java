package org.cabinetgw.uplink.internal.kura;

import java.nio.file.Path;
import java.util.Map;

import org.cabinetgw.telemetry.Message;
import org.cabinetgw.telemetry.Priority;
import org.cabinetgw.uplink.internal.UplinkEngine;
import org.cabinetgw.uplink.internal.UplinkSettings;
import org.cabinetgw.uplink.internal.mqtt.MqttTransport;

/**
 * The child JVM of the LWT test: a gateway speaking Kura's protocol (queue + MQTT transport in kura mode) that
 * publishes a reading a second until the parent kills it with SIGKILL. Args: data dir, broker URI, account,
 * client id.
 */
public final class KuraPublisherProcess {

    public static void main(String[] args) throws Exception {
        UplinkEngine engine = new UplinkEngine(UplinkSettings.defaults(Path.of(args[0])), new UplinkEngine.Events() { });
        MqttTransport mqtt = KuraGateway.transport(args[1], KuraGateway.dialect(args[2], args[3], true));
        mqtt.start();
        engine.addTransport(mqtt);
        System.out.println("READY");
        System.out.flush();
        for (int i = 0; ; i++) {
            engine.publish(Message.of("child", "power/mains", Priority.TELEMETRY, Map.of("n", (long) i)));
            Thread.sleep(1000);
        }
    }
}
