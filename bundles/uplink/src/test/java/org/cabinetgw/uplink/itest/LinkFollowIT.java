package org.cabinetgw.uplink.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.cabinetgw.health.HealthContributor;
import org.cabinetgw.health.HealthState;
import org.cabinetgw.network.NetworkEvents;
import org.cabinetgw.telemetry.Message;
import org.cabinetgw.telemetry.Priority;
import org.cabinetgw.telemetry.Uplink;
import org.cabinetgw.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The uplink follows the link manager's switch: an applied {@code network/SWITCHED} event makes the MQTT
 * transport drop its session and connect again at once (a new birth message at a real Mosquitto, seen by an
 * independent mosquitto_sub), and what is published meanwhile arrives. A recommendation only (applied=false,
 * the simulated backend) moves nothing. The health names where the session leaves from.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LinkFollowIT {

    private static final String UPLINK_PID = "org.cabinetgw.uplink";
    private static final String MQTT_PID = "org.cabinetgw.uplink.mqtt";
    private static final String PREFIX = "cab/follow";
    private static final String CLIENT_ID = "follow-gateway";

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 5000)
    ConfigurationAdmin configurationAdmin;
    @InjectService(timeout = 5000)
    EventAdmin eventAdmin;

    private Path dir;
    private Mosquitto broker;
    private Subscriber sub;
    private ServiceTracker<Uplink, Uplink> uplinks;

    @BeforeEach
    void setUp() throws Exception {
        dir = Files.createTempDirectory("uplink-link-follow-it");
        broker = new Mosquitto(dir.resolve("broker")).start();
        sub = new Subscriber(broker, PREFIX + "/#", dir.resolve("sub.txt"));
        String queue = dir.resolve("queue").toString();
        uplinks = UplinkTrackers.configureFastRetrying(context, configurationAdmin, UPLINK_PID, queue);
        Dictionary<String, Object> mqtt = new Hashtable<>();
        mqtt.put("server.uri", broker.uri());
        mqtt.put("client.id", CLIENT_ID);
        mqtt.put("topic.prefix", PREFIX);
        // a long backoff: only the switch, not a retry, can explain a reconnect within a second
        mqtt.put("reconnect.initial.millis", 5000);
        mqtt.put("reconnect.max.seconds", 60);
        configurationAdmin.getConfiguration(MQTT_PID, "?").update(mqtt);
    }

    @AfterEach
    void tearDown() throws Exception {
        UplinkTrackers.closeAndDelete(uplinks, context, configurationAdmin, MQTT_PID, UPLINK_PID);
        sub.close();
        broker.close();
    }

    @Test
    void anAppliedSwitchReconnectsTheSessionAtOnceAndNothingIsLost() throws Exception {
        Uplink uplink = uplinks.waitForService(10_000);
        Message first = message(1);
        uplink.publish(first);
        assertThat(sub.awaitIds(Set.of(first.id()), 20_000)).containsKey(first.id());
        awaitOnline(1, 10_000);
        awaitHealthReason("from 127.0.0.1 on lo", 10_000);

        long switched = System.currentTimeMillis();
        eventAdmin.postEvent(switchedEvent(true));
        Message during = message(2);
        uplink.publish(during);
        long reconnected = awaitOnline(2, 10_000);
        System.out.println("LinkFollowIT: switch event -> new session's birth message at the broker in "
                + (reconnected - switched) + " ms");
        assertThat(reconnected - switched).as("reconnected within a second of the switch").isLessThan(1000);
        assertThat(sub.awaitIds(Set.of(during.id()), 10_000)).containsKey(during.id());

        // a recommendation (simulated backend) moved no route: the session stays
        eventAdmin.postEvent(switchedEvent(false));
        Thread.sleep(1500);
        assertThat(onlineCount()).isEqualTo(2);
    }

    private Event switchedEvent(boolean applied) {
        return new Event(NetworkEvents.SWITCHED, Map.of(NetworkEvents.LINK, "cellular", NetworkEvents.PREVIOUS_LINK,
                "wired", NetworkEvents.CAUSE, "FAILOVER", NetworkEvents.APPLIED, applied, NetworkEvents.METERED, false));
    }

    private void awaitHealthReason(String expected, long timeoutMillis) throws Exception {
        Await.until("uplink health UP with reason '" + expected + "'", Duration.ofMillis(timeoutMillis),
                () -> upReason(expected), expected::equals);
    }

    /** {@code wanted} when an UP uplink contributor gives that reason, else the last UP reason seen (or null). */
    private String upReason(String wanted) throws Exception {
        String last = null;
        for (var ref : context.getServiceReferences(HealthContributor.class, "(health.component=uplink)")) {
            HealthContributor c = context.getService(ref);
            if (c != null && c.health().state() == HealthState.UP) {
                last = c.health().reason();
                if (last.equals(wanted)) {
                    return last;
                }
            }
        }
        return last;
    }

    /** Waits for the n-th birth message of our client; returns when it was seen. */
    private long awaitOnline(int n, long timeoutMillis) throws Exception {
        return Await.nonNull("birth message #" + n, Duration.ofMillis(timeoutMillis),
                () -> onlineCount() >= n ? System.currentTimeMillis() : null);
    }

    private int onlineCount() throws Exception {
        // distinct births: after a route change the transport says the same birth once more (the old session's
        // will may follow the first one)
        return (int) Files.readAllLines(dir.resolve("sub.txt"), StandardCharsets.UTF_8).stream()
                .filter(l -> l.startsWith(PREFIX + "/status ") && l.contains("\"online\"") && l.contains(CLIENT_ID))
                .distinct().count();
    }

    private static Message message(int i) {
        return Message.of("itest", "itest/follow", Priority.TELEMETRY, Map.of("i", i));
    }
}
