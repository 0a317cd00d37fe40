package org.cabinetgw.failover.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.cabinetgw.failover.CabinetState;
import org.cabinetgw.failover.FailoverCoordinator;
import org.cabinetgw.failover.FailoverEvents;
import org.cabinetgw.power.Meter;
import org.cabinetgw.power.PowerMonitor;
import org.cabinetgw.power.PowerState;
import org.cabinetgw.telemetry.Message;
import org.cabinetgw.telemetry.Priority;
import org.cabinetgw.telemetry.Uplink;
import org.cabinetgw.testing.LocalMosquitto;
import org.cabinetgw.testing.BundleUpdates;
import org.cabinetgw.testing.ConfigurationEvents;
import org.cabinetgw.uplink.TransportKind;
import org.cabinetgw.uplink.UplinkControl;
import org.cabinetgw.uplink.UplinkStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Timeout;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.EventAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The TELEMETRY_ALARMS_ONLY rule action against the real uplink bundle and a real Mosquitto: on BATTERY_LOW an
 * independent {@code mosquitto_sub} sees only ALARM messages, the rest waits in the durable queue; a restarted
 * uplink bundle is restricted again by the coordinator; on power back the held-back messages arrive in order.
 * Runs in test-uplink.bndrun; skipped elsewhere and without Mosquitto.
 */
// real broker and subscriber processes inside a framework: a hang must fail this class, not block CI
@ExtendWith(CoordinatorTestDefaults.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RealUplinkAlarmsOnlyIT {

    static final Path MOSQUITTO_SUB = Path.of("/usr/bin/mosquitto_sub");
    static final String PREFIX = "cab/alarms-only";
    static final String CLIENT_ID = "alarms-only-itest";

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 5000)
    ConfigurationAdmin cm;
    @InjectService(timeout = 5000)
    EventAdmin eventAdmin;

    private final List<Configuration> configs = new ArrayList<>();
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private LocalMosquitto broker;
    private Process subscriber;
    private Path dir;

    @BeforeEach
    void uplinkAndBroker() throws Exception {
        assumeTrue(Arrays.stream(context.getBundles()).map(Bundle::getSymbolicName).anyMatch("org.cabinetgw.uplink"::equals),
                "the uplink bundle is not in this run (test-uplink.bndrun runs this test)");
        assumeTrue(LocalMosquitto.installed() && Files.isExecutable(MOSQUITTO_SUB),
                "Mosquitto is not installed: apt-get install -y mosquitto mosquitto-clients");
        dir = Files.createTempDirectory("failover-alarms-only-itest");
        broker = new LocalMosquitto(dir).start();
        int port = broker.port;
        subscriber = new ProcessBuilder(MOSQUITTO_SUB.toString(), "-h", "127.0.0.1", "-p", Integer.toString(port), "-t",
                PREFIX + "/#", "-q", "1", "-i", "independent-" + System.nanoTime(), "-F", "%t %p")
                .redirectOutput(dir.resolve("sub.txt").toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        configure(cm.getConfiguration("org.cabinetgw.uplink", "?"), "data.directory", dir.resolve("queue").toString(),
                "retry.initial.millis", 50, "retry.max.seconds", 1);
        configure(cm.getConfiguration("org.cabinetgw.uplink.mqtt", "?"), "server.uri", "tcp://127.0.0.1:" + port,
                "client.id", CLIENT_ID, "topic.prefix", PREFIX, "reconnect.initial.millis", 50,
                "reconnect.max.seconds", 1);
        // in effect, not only stored: the uplink re-activated on this queue with this broker's transport
        ConfigurationEvents.awaitDelivered(context, cm, 30_000);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (ServiceRegistration<?> r : registrations) {
            r.unregister();
        }
        for (Configuration c : configs) {
            c.delete();
        }
        // the next test creates these PIDs again: only once SCR has acted on the deletes (see ConfigurationEvents)
        ConfigurationEvents.awaitDelivered(context, cm, 30_000);
        if (subscriber != null) {
            subscriber.destroy();
            subscriber.waitFor(10, TimeUnit.SECONDS);
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void batteryLowLetsOnlyAlarmsOutAndPowerBackSendsTheRestInOrder() throws Exception {
        FailoverCoordinator coordinator = context.getService(Fixture.awaitCoordinator(context, -1, 10_000));
        UplinkStatus status = service(UplinkStatus.class);
        waitUntil(() -> status.snapshot().activeTransport() == TransportKind.MQTT, 10_000, "uplink on MQTT");
        // MQTT is the active transport as soon as it is configured, connected or not, and whatever broker it has:
        // what this test needs is the uplink connected to this test's broker, which its birth message proves
        waitUntil(this::onlineAtThisBroker, 15_000, "the uplink's birth message at this test's broker");
        SimulatedPower power = upsWithRule(coordinator, "alarms-only", "alarms only", "ALARM", "TELEMETRY_ALARMS_ONLY");

        try (EventLog log = new EventLog(context, FailoverEvents.ACTION)) {
            power.set(PowerState.BATTERY_LOW, 240);
            log.await(FailoverEvents.ACTION, e -> "TELEMETRY_ALARMS_ONLY".equals(e.getProperty(FailoverEvents.ACTION_KIND)),
                    5000);
            // the action event follows the restriction: whatever is created from now on must wait unless an ALARM
            Instant restrictedAt = Instant.now();
            assertThat(service(UplinkControl.class).restriction()).containsExactly(Priority.ALARM);

            List<String> alarms = new ArrayList<>();
            List<String> heldBack = new ArrayList<>();
            Uplink uplink = service(Uplink.class);
            for (int i = 0; i < 30; i++) {
                Priority p = i % 3 == 0 ? Priority.ALARM : i % 3 == 1 ? Priority.TELEMETRY : Priority.EVENT;
                Message m = Message.of("itest", "itest/mixed", p, Map.of("i", i));
                uplink.publish(m);
                (p == Priority.ALARM ? alarms : heldBack).add(m.id());
            }
            waitUntil(() -> received().keySet().containsAll(alarms), 10_000, "the alarms at the broker");
            waitUntil(() -> received().values().stream().anyMatch(j -> j.has("payload")
                    && j.get("payload").getAsString().contains("alarms only")), 10_000, "the rule's own alarm");
            Thread.sleep(500); // room for anything wrongly let through to arrive
            assertThat(received().keySet()).as("none of the held-back messages").doesNotContainAnyElementsOf(heldBack);
            assertThat(received().values().stream()
                    .filter(j -> Instant.parse(j.get("ts").getAsString()).isAfter(restrictedAt)).toList())
                    .as("only alarms while the battery is low").isNotEmpty()
                    .allSatisfy(j -> assertThat(j.get("priority").getAsString()).isEqualTo("ALARM"));

            // a restriction is not persisted by the uplink: the coordinator re-applies it to a restarted uplink
            Bundle uplinkBundle = BundleUpdates.bundle(context, "org.cabinetgw.uplink");
            uplinkBundle.stop();
            uplinkBundle.start();
            waitUntil(() -> restriction().equals(Set.of(Priority.ALARM)), 10_000, "restriction re-applied");

            power.set(PowerState.ON_MAINS, 3600);
            log.await(FailoverEvents.ACTION, e -> "TELEMETRY_RESTORED".equals(e.getProperty(FailoverEvents.ACTION_KIND)),
                    5000);
            waitUntil(() -> restriction().isEmpty(), 5000, "restriction lifted");
            waitUntil(() -> received().keySet().containsAll(heldBack), 20_000, "the held-back messages");
            List<String> order = new ArrayList<>(received().keySet());
            order.retainAll(heldBack);
            assertThat(order).as("held back, then sent oldest first").containsExactlyElementsOf(heldBack);
        }
    }

    /**
     * The uplink is a bundle the cloud updates like any other. An alarm raised while it is stopped (no Uplink
     * service) is held by the coordinator and reaches the broker once the uplink is back, not lost.
     */
    @Test
    void anAlarmRaisedWhileTheUplinkBundleIsStoppedArrivesOnceItIsBack() throws Exception {
        FailoverCoordinator coordinator = context.getService(Fixture.awaitCoordinator(context, -1, 10_000));
        waitUntil(this::onlineAtThisBroker, 15_000, "the uplink's birth message at this test's broker");
        SimulatedPower power = upsWithRule(coordinator, "swapped", "raised while swapped", "ALARM");

        Bundle uplinkBundle = BundleUpdates.bundle(context, "org.cabinetgw.uplink");
        uplinkBundle.stop();
        try (EventLog log = new EventLog(context, FailoverEvents.ACTION)) {
            power.set(PowerState.BATTERY_LOW, 240);
            log.await(FailoverEvents.ACTION, e -> "ALARM".equals(e.getProperty(FailoverEvents.ACTION_KIND)), 5000);
        }
        Thread.sleep(300);
        assertThat(received().values()).as("nothing can have gone out yet")
                .noneMatch(j -> j.has("payload") && j.get("payload").getAsString().contains("raised while swapped"));
        uplinkBundle.start();
        waitUntil(() -> received().values().stream().anyMatch(j -> j.has("payload")
                && j.get("payload").getAsString().contains("raised while swapped")), 15_000,
                "the alarm raised while the uplink was stopped, at the broker");
    }

    /** A simulated UPS (power monitor and its meter) and a BATTERY_LOW rule with these actions, in effect. */
    private SimulatedPower upsWithRule(FailoverCoordinator coordinator, String configName, String ruleName,
            String... actions) throws Exception {
        SimulatedPower power = new SimulatedPower(eventAdmin);
        registrations.add(Fixture.register(context, power, PowerMonitor.class));
        Dictionary<String, Object> meterProps = new Hashtable<>();
        meterProps.put(Meter.NAME, "ups");
        meterProps.put(Meter.ROLE, "UPS");
        registrations.add(context.registerService(Meter.class, power.ups, meterProps));
        configure(cm.getFactoryConfiguration(Fixture.RULE_FACTORY, configName, "?"), "name", ruleName,
                "condition", "BATTERY_LOW", "actions", actions, "min.interval.seconds", 0);
        Fixture.awaitStatus(coordinator, s -> s.state() == CabinetState.NORMAL, 15_000);
        Thread.sleep(300); // the rule service reaches the coordinator asynchronously
        return power;
    }

    private Set<Priority> restriction() {
        ServiceReference<UplinkControl> ref = context.getServiceReference(UplinkControl.class);
        UplinkControl c = ref == null ? null : context.getService(ref);
        return c == null ? Set.of(Priority.values()) : c.restriction();
    }

    /** The uplink's retained birth message ({@code online}, our client id) reached this test's broker. */
    private boolean onlineAtThisBroker() {
        try {
            for (String line : Files.readAllLines(dir.resolve("sub.txt"), StandardCharsets.UTF_8)) {
                if (line.startsWith(PREFIX + "/status ")) {
                    JsonObject j = JsonParser.parseString(line.substring(line.indexOf(' ') + 1)).getAsJsonObject();
                    if ("online".equals(j.get("state").getAsString())
                            && CLIENT_ID.equals(j.get("clientId").getAsString())) {
                        return true;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // a line being written: read again next time
        }
        return false;
    }

    /** What mosquitto_sub received, by message id in order of first arrival. */
    private Map<String, JsonObject> received() {
        Map<String, JsonObject> out = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(dir.resolve("sub.txt"), StandardCharsets.UTF_8)) {
                int space = line.indexOf(' ');
                if (space < 0 || line.substring(0, space).endsWith("/status")) {
                    continue; // the uplink's birth and will messages
                }
                JsonObject j = JsonParser.parseString(line.substring(space + 1)).getAsJsonObject();
                out.putIfAbsent(j.get("id").getAsString(), j);
            }
        } catch (IOException | RuntimeException e) {
            // a line being written: read again next time
        }
        return out;
    }

    /**
     * The service of the uplink this test configured, recognised by its queue directory (DS passes configuration
     * properties on as service properties). Not simply the uplink registered now: configuration reaches DS
     * asynchronously, so that may be the one started with the defaults, about to be replaced, whose status
     * would say NONE for ever.
     */
    private <T> T service(Class<T> type) throws Exception {
        return Fixture.service(context, type, Fixture.filter("data.directory", dir.resolve("queue").toString()));
    }

    private void configure(Configuration c, Object... kv) throws IOException {
        Fixture.configure(configs, c, kv);
    }

    private static void waitUntil(BooleanSupplier c, long timeoutMillis, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!c.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError(what + ": not within " + timeoutMillis + " ms");
            }
            Thread.sleep(25);
        }
    }

}
