package org.cabinetgw.uplink.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.cabinetgw.telemetry.Message;
import org.cabinetgw.telemetry.Priority;
import org.cabinetgw.telemetry.Uplink;
import org.cabinetgw.testing.Await;
import org.cabinetgw.testing.ConfigurationEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.util.tracker.ServiceTracker;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The integrator moves the gateway to another broker through ConfigurationAdmin (what the web console does):
 * the MQTT transport must follow, whether the setting is edited in place or deleted and created again, and
 * nothing queued meanwhile may be lost or sent to the old broker. Real Felix, real Mosquitto brokers, an
 * independent mosquitto_sub on each.
 */
// real brokers inside a framework: a hang must fail this class, not block CI
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class MqttBrokerChangeIT {

    private static final String UPLINK_PID = "org.cabinetgw.uplink";
    private static final String MQTT_PID = "org.cabinetgw.uplink.mqtt";
    private static final String PREFIX = "cab/move";
    private static final String CLIENT_ID = "move-gateway";

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 5000)
    ConfigurationAdmin configurationAdmin;

    private Path dir;
    private final List<AutoCloseable> closeLast = new ArrayList<>();
    private final Map<Subscriber, Path> subscriberFiles = new HashMap<>();
    private ServiceTracker<Uplink, Uplink> uplinks;

    @BeforeEach
    void setUp() throws Exception {
        dir = Files.createTempDirectory("uplink-broker-change-it");
        String queue = dir.resolve("queue").toString();
        uplinks = UplinkTrackers.configureFastRetrying(context, configurationAdmin, UPLINK_PID, queue);
    }

    @AfterEach
    void tearDown() throws Exception {
        UplinkTrackers.closeAndDelete(uplinks, context, configurationAdmin, MQTT_PID, UPLINK_PID);
        for (int i = closeLast.size() - 1; i >= 0; i--) {
            closeLast.get(i).close();
        }
    }

    @Test
    void aBrokerChangedInPlaceIsUsedAndWhatWasQueuedForTheDeadOneArrives() throws Exception {
        Mosquitto live = broker("live");
        Subscriber sub = subscriber(live, "live");
        int dead = Mosquitto.freePort(); // nothing listens there: the broker the gateway was first given is gone
        Configuration mqtt = configurationAdmin.getConfiguration(MQTT_PID, "?");
        mqtt.update(mqttSettings("tcp://127.0.0.1:" + dead));
        Uplink uplink = uplinks.waitForService(10_000);
        assertThat(uplink).as("uplink").isNotNull();

        Message beforeTheChange = message(1);
        uplink.publish(beforeTheChange);
        Thread.sleep(1000); // room to connect anywhere; the live broker must not have seen us yet
        assertThat(statusLines(sub)).as("no connection to the live broker before the change").isEmpty();

        // what the web console does: the same configuration object, every property again, one changed
        Dictionary<String, Object> changed = mqtt.getProperties();
        changed.put("server.uri", live.uri());
        mqtt.update(changed);
        Message afterTheChange = message(2);
        uplinks.waitForService(10_000).publish(afterTheChange);

        Map<String, Integer> arrived = sub.awaitIds(Set.of(beforeTheChange.id(), afterTheChange.id()), 20_000);
        assertThat(arrived).as("both messages at the new broker").containsKeys(beforeTheChange.id(), afterTheChange.id());
        assertThat(statusLines(sub)).as("our birth message at the new broker")
                .anySatisfy(s -> assertThat(s.get("state").getAsString()).isEqualTo("online"));
    }

    @Test
    void aBrokerSettingDeletedAndCreatedAgainIsUsedAndTheOldBrokerGetsNothingMore() throws Exception {
        Mosquitto first = broker("first");
        Subscriber firstSub = subscriber(first, "first");
        Mosquitto second = broker("second");
        Subscriber secondSub = subscriber(second, "second");
        configurationAdmin.getConfiguration(MQTT_PID, "?").update(mqttSettings(first.uri()));
        Uplink uplink = uplinks.waitForService(10_000);
        Message toFirst = message(1);
        uplink.publish(toFirst);
        assertThat(firstSub.awaitIds(Set.of(toFirst.id()), 20_000)).as("at the first broker").containsKey(toFirst.id());

        configurationAdmin.getConfiguration(MQTT_PID, "?").delete();
        ConfigurationEvents.awaitDelivered(context, configurationAdmin, 30_000);
        // the delete took effect: the transport said goodbye (retained "offline", not the will) and is gone
        // awaited: the goodbye is sent before the delete's event returns, but mosquitto_sub writes it a moment later
        // (a loaded CI machine read the file before it had)
        Await.until("the goodbye as the last status at the first broker", Duration.ofSeconds(10),
                () -> statusLines(firstSub), lines -> !lines.isEmpty()
                        && "offline".equals(lines.get(lines.size() - 1).get("state").getAsString()));
        Message withoutBroker = message(2);
        uplinks.waitForService(10_000).publish(withoutBroker); // no MQTT configured: it waits in the queue

        configurationAdmin.getConfiguration(MQTT_PID, "?").update(mqttSettings(second.uri()));
        Message toSecond = message(3);
        uplinks.waitForService(10_000).publish(toSecond);

        Map<String, Integer> atSecond = secondSub.awaitIds(Set.of(withoutBroker.id(), toSecond.id()), 20_000);
        assertThat(atSecond).as("queued and new message at the second broker").containsKeys(withoutBroker.id(),
                toSecond.id());
        assertThat(firstSub.countsById()).as("nothing more at the first broker").containsOnlyKeys(toFirst.id());
    }

    private Dictionary<String, Object> mqttSettings(String uri) {
        Dictionary<String, Object> d = new Hashtable<>();
        d.put("server.uri", uri);
        d.put("client.id", CLIENT_ID);
        d.put("topic.prefix", PREFIX);
        d.put("reconnect.initial.millis", 50);
        d.put("reconnect.max.seconds", 1);
        return d;
    }

    private static Message message(int i) {
        return Message.of("itest", "itest/move", Priority.TELEMETRY, Map.of("i", i));
    }

    private Mosquitto broker(String name) throws Exception {
        Mosquitto m = new Mosquitto(dir.resolve(name)).start();
        closeLast.add(m);
        return m;
    }

    private Subscriber subscriber(Mosquitto broker, String name) throws Exception {
        Subscriber s = new Subscriber(broker, PREFIX + "/#", dir.resolve(name + "-sub.txt"));
        closeLast.add(s);
        subscriberFiles.put(s, dir.resolve(name + "-sub.txt"));
        return s;
    }

    /** The uplink's status messages (birth, goodbye, will) the subscriber received, in order. */
    private List<JsonObject> statusLines(Subscriber sub) throws Exception {
        List<JsonObject> out = new ArrayList<>();
        for (String line : Files.readAllLines(subscriberFiles.get(sub), StandardCharsets.UTF_8)) {
            if (line.startsWith(PREFIX + "/status ")) {
                JsonObject o = JsonParser.parseString(line.substring(line.indexOf(' ') + 1)).getAsJsonObject();
                if (CLIENT_ID.equals(o.get("clientId").getAsString())) {
                    out.add(o);
                }
            }
        }
        return out;
    }
}
