package org.cabinetgw.uplink.internal.testing;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

import org.cabinetgw.telemetry.Message;
import org.cabinetgw.telemetry.Priority;
import org.cabinetgw.uplink.internal.UplinkEngine;
import org.cabinetgw.uplink.internal.UplinkSettings;
import org.cabinetgw.uplink.internal.mqtt.MqttSettings;
import org.cabinetgw.uplink.internal.mqtt.MqttTransport;

/**
 * The child JVM of the kill -9 test: publishes as fast as it can through a real uplink (queue + MQTT to
 * the test's Mosquitto) and prints {@code ACCEPTED <id>} the moment publish returns. The parent kills it
 * with SIGKILL in the middle; every id printed must arrive after the restart.
 */
public final class PublisherProcess {

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String broker = args[1];
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false, "UTF-8");
        UplinkEngine engine = new UplinkEngine(UplinkSettings.defaults(dir), new UplinkEngine.Events() { });
        MqttTransport mqtt = new MqttTransport(MqttSettings.of(broker, "child-" + ProcessHandle.current().pid(), "cab/gw1"));
        mqtt.start();
        engine.addTransport(mqtt);
        out.println("READY");
        out.flush();
        for (int i = 0; ; i++) {
            Message m = Message.of("child", "burst/" + (i % 4), Priority.TELEMETRY, Map.of("n", i));
            engine.publish(m);
            out.println("ACCEPTED " + m.id());
            out.flush();
        }
    }
}
