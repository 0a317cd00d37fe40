package org.cabinetgw.uplink.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.cabinetgw.network.LinkState;
import org.cabinetgw.network.LinkStatus;
import org.cabinetgw.network.LinkType;
import org.cabinetgw.network.NetworkEvents;
import org.cabinetgw.testing.Await;
import org.cabinetgw.uplink.internal.mqtt.MqttSettings;
import org.cabinetgw.uplink.internal.mqtt.MqttTransport;
import org.cabinetgw.uplink.itest.Mosquitto;
import org.cabinetgw.uplink.itest.Subscriber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.event.Event;

/**
 * The follower with the real MQTT transport against a real Mosquitto; an independent mosquitto_sub counts the
 * session's birth messages. The reconnect backoff is long (5 s): only the switch explains a reconnect within a
 * second.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LinkFollowerTest {

    /**
     * The window of a "nothing moved" check: a new MQTT session (a birth message) comes within a few hundred
     * milliseconds when it wrongly does (the test below measures the real move at under a second). It cannot be
     * awaited: the assertion is that no session starts.
     */
    private static final long QUIET_MILLIS = 1000;

    @TempDir
    Path dir;

    private static LinkStatus link(String name, String iface) {
        return new LinkStatus(name, LinkType.WIRED, iface, 1, false, LinkState.UP, "", Instant.now(), 0, 1);
    }

    private static Event switched(boolean applied) {
        return new Event(NetworkEvents.SWITCHED, Map.of(NetworkEvents.LINK, "cellular", NetworkEvents.PREVIOUS_LINK,
                "wired", NetworkEvents.CAUSE, "FAILOVER", NetworkEvents.APPLIED, applied));
    }

    private int births(Path out) throws Exception {
        return (int) Files.readAllLines(out, StandardCharsets.UTF_8).stream()
                .filter(l -> l.startsWith("cab/lf/status ") && l.contains("\"online\"")).count();
    }

    private long awaitBirths(Path out, int n) throws Exception {
        Await.until("birth message #" + n, Duration.ofSeconds(10), () -> births(out), b -> b >= n);
        return System.currentTimeMillis();
    }

    @Test
    void anAppliedSwitchRemakesTheSessionAtOnceAndTheCarrierIsNamed() throws Exception {
        try (Mosquitto broker = new Mosquitto(dir.resolve("broker")).start();
                Subscriber sub = new Subscriber(broker, "cab/lf/#", dir.resolve("sub.txt"))) {
            MqttTransport t = new MqttTransport(MqttSettings.of(broker.uri(), "lf-" + System.nanoTime(), "cab/lf")
                    .withReconnect(5000, 60_000));
            try {
                assertThat(LinkFollower.carrier(t, List.of())).as("not connected yet").isEmpty();
                t.start();
                awaitBirths(dir.resolve("sub.txt"), 1);
                assertThat(LinkFollower.carrier(t, List.of(link("wired", "lo"))))
                        .isEqualTo("over link wired (127.0.0.1 on lo)");
                assertThat(LinkFollower.carrier(t, List.of(link("cellular", "wwan0")))).isEqualTo("from 127.0.0.1 on lo");
                assertThat(t.describeState()).endsWith(" from 127.0.0.1");

                LinkFollower follower = new LinkFollower(() -> List.of(t));
                follower.switched(switched(false)); // a recommendation: nothing moved
                Thread.sleep(QUIET_MILLIS);
                assertThat(births(dir.resolve("sub.txt"))).isEqualTo(1);

                long at = System.currentTimeMillis();
                follower.switched(switched(true));
                long again = awaitBirths(dir.resolve("sub.txt"), 2);
                assertThat(again - at).as("new session within a second").isLessThan(1000);
                Await.until("the transport ready", Duration.ofSeconds(10), t::ready);
            } finally {
                t.close();
            }
        }
    }
}
