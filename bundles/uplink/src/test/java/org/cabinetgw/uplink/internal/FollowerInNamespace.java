package org.cabinetgw.uplink.internal;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.cabinetgw.network.NetworkEvents;
import org.cabinetgw.uplink.internal.mqtt.MqttSettings;
import org.cabinetgw.uplink.internal.mqtt.MqttTransport;
import org.osgi.service.event.Event;

/**
 * Child-JVM entry point of {@link LinkFollowInNamespacesTest}, run in the gateway namespace: the real MQTT
 * transport and the follower. Each stdin line {@code switch <link>} is an applied SWITCHED event; {@code state}
 * prints the transport's state.
 */
public final class FollowerInNamespace {

    private FollowerInNamespace() {
    }

    public static void main(String[] args) throws Exception {
        // a 10 s backoff: only the switch, never a retry, can explain a reconnect within a second
        MqttTransport t = new MqttTransport(MqttSettings.of(args[0], "ns-gateway", "cab/ns").withReconnect(10_000, 60_000));
        LinkFollower follower = new LinkFollower(() -> List.of(t));
        t.start();
        System.out.println("ready");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] cmd = line.trim().split(" ");
            if (cmd[0].equals("switch")) {
                follower.switched(new Event(NetworkEvents.SWITCHED, Map.of(NetworkEvents.LINK, cmd[1],
                        NetworkEvents.CAUSE, "FAILOVER", NetworkEvents.APPLIED, true)));
                System.out.println("switched");
            } else if (cmd[0].equals("state")) {
                System.out.println("state " + t.describeState());
            }
        }
        t.close();
        System.exit(0);
    }
}
