package org.cabinetgw.uplink.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.cabinetgw.health.HealthContributor;
import org.cabinetgw.telemetry.Message;
import org.cabinetgw.telemetry.Priority;
import org.cabinetgw.telemetry.Uplink;
import org.cabinetgw.telemetry.UplinkRefusedException;
import org.cabinetgw.testing.Await;
import org.cabinetgw.uplink.TransportKind;
import org.cabinetgw.uplink.UplinkControl;
import org.cabinetgw.uplink.UplinkEvents;
import org.cabinetgw.uplink.UplinkStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The uplink bundle in a real Felix, wired by DS and configured through ConfigurationAdmin, delivering
 * to a real Mosquitto; an independent mosquitto_sub counts what arrived.
 */
// real Mosquitto inside a framework: a hang must fail this class, not block CI
@Timeout(value = 180, unit = java.util.concurrent.TimeUnit.SECONDS)
class UplinkIT {

    /**
     * The window of a "nothing else arrives" check: a message wrongly let through reaches the subscriber within
     * milliseconds over loopback; this allows a loaded machine. It cannot be awaited: the assertion is an absence.
     */
    private static final long QUIET_MILLIS = 500;

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 5000)
    ConfigurationAdmin configurationAdmin;

    private Path dir;
    private Mosquitto broker;
    private Subscriber sub;
    private ServiceTracker<Uplink, Uplink> uplinks;

    @BeforeEach
    void setUp() throws Exception {
        dir = Files.createTempDirectory("uplink-it");
        broker = new Mosquitto(dir.resolve("broker")).start();
        sub = new Subscriber(broker, "cab/it/#", dir.resolve("sub.txt"));
        configure("org.cabinetgw.uplink", Map.of("data.directory", dir.resolve("data").toString(),
                "failover.seconds", 2, "failback.hold.seconds", 2));
        configure("org.cabinetgw.uplink.mqtt", Map.of("server.uri", broker.uri(), "client.id", "it-gateway",
                "topic.prefix", "cab/it", "reconnect.initial.millis", 100));
        // only the uplink configured here (its configuration's properties are its service's): the one started with
        // the defaults before this configuration arrived may still be registered; what it took would wait in its queue
        String queue = dir.resolve("data").toString();
        uplinks = UplinkTrackers.forQueue(context, queue);
    }

    @AfterEach
    void tearDown() throws Exception {
        UplinkTrackers.closeAndDelete(uplinks, context, configurationAdmin, "org.cabinetgw.uplink",
                "org.cabinetgw.uplink.mqtt");
        sub.close();
        broker.close();
    }

    private void configure(String pid, Map<String, Object> values) throws Exception {
        Configuration c = configurationAdmin.getConfiguration(pid, "?");
        Dictionary<String, Object> d = new Hashtable<>(values);
        c.update(d);
    }

    @Test
    void publishedMessagesArriveAndStatusAndHealthAreServices() throws Exception {
        Uplink uplink = uplinks.waitForService(10_000);
        assertThat(uplink).isNotNull();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            Message m = Message.of("it", "it/t" + (i % 3), Priority.EVENT, Map.of("i", i));
            publishRetrying(m);
            ids.add(m.id());
        }
        assertThat(sub.awaitIds(ids, 30_000).keySet()).containsAll(ids);

        UplinkStatus status = service(UplinkStatus.class);
        assertThat(status.snapshot().activeTransport()).isEqualTo(TransportKind.MQTT);
        assertThat(status.snapshot().accepted()).isGreaterThanOrEqualTo(300);
        ServiceReference<?>[] health = context.getServiceReferences(HealthContributor.class.getName(),
                "(" + HealthContributor.COMPONENT + "=uplink)");
        assertThat(health).hasSize(1);
    }

    @Test
    void suspendingMqttPostsAnEvent() throws Exception {
        uplinks.waitForService(10_000);
        BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        Dictionary<String, Object> topic = new Hashtable<>();
        topic.put(EventConstants.EVENT_TOPIC, UplinkEvents.TOPIC_PREFIX + "*");
        ServiceRegistration<EventHandler> handler = context.registerService(EventHandler.class, events::add, topic);
        try {
            UplinkControl control = service(UplinkControl.class);
            control.suspend(TransportKind.MQTT, "drill");
            Event e = events.poll(10, TimeUnit.SECONDS);
            while (e != null && !e.getTopic().equals(UplinkEvents.TRANSPORT_SUSPENDED)) {
                e = events.poll(10, TimeUnit.SECONDS);
            }
            assertThat(e).isNotNull();
            assertThat(e.getProperty(UplinkEvents.TRANSPORT)).isEqualTo("MQTT");
            assertThat(e.getProperty(UplinkEvents.REASON)).isEqualTo("drill");
            assertThat(control.isSuspended(TransportKind.MQTT)).isTrue();
            control.resume(TransportKind.MQTT);
        } finally {
            handler.unregister();
        }
    }

    @Test
    void restrictedToAlarmsTheBrokerSeesOnlyAlarmsThenTheRestInOrder() throws Exception {
        uplinks.waitForService(10_000);
        BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        Dictionary<String, Object> topic = new Hashtable<>();
        topic.put(EventConstants.EVENT_TOPIC, UplinkEvents.RESTRICTION_CHANGED);
        ServiceRegistration<EventHandler> handler = context.registerService(EventHandler.class, events::add, topic);
        UplinkControl control = service(UplinkControl.class);
        try {
            control.restrict(EnumSet.of(Priority.ALARM), "UPS battery low");
            Event on = events.poll(10, TimeUnit.SECONDS);
            assertThat(on).isNotNull();
            assertThat(on.getProperty(UplinkEvents.RESTRICTED)).isEqualTo(true);
            assertThat((String[]) on.getProperty(UplinkEvents.ALLOWED)).containsExactly("ALARM");
            assertThat(on.getProperty(UplinkEvents.REASON)).isEqualTo("UPS battery low");
            assertThat(control.restriction()).containsExactly(Priority.ALARM);

            List<String> alarms = new ArrayList<>();
            List<String> heldBack = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                Priority p = i % 4 == 1 ? Priority.ALARM : i % 4 == 3 ? Priority.EVENT : Priority.TELEMETRY;
                Message m = Message.of("it", "it/restricted", p, Map.of("i", i));
                publishRetrying(m);
                (p == Priority.ALARM ? alarms : heldBack).add(m.id());
            }
            assertThat(sub.awaitIds(new HashSet<>(alarms), 10_000).keySet()).containsAll(alarms);
            Thread.sleep(QUIET_MILLIS); // room for anything wrongly let through to arrive
            assertThat(sub.countsById().keySet()).containsExactlyInAnyOrderElementsOf(alarms);

            control.unrestrict();
            Event off = events.poll(10, TimeUnit.SECONDS);
            assertThat(off).isNotNull();
            assertThat(off.getProperty(UplinkEvents.RESTRICTED)).isEqualTo(false);
            assertThat(sub.awaitIds(new HashSet<>(heldBack), 10_000).keySet()).containsAll(heldBack);
            LinkedHashSet<String> firstSeen = new LinkedHashSet<>();
            sub.received().forEach(e -> firstSeen.add(e.getValue().get("id").getAsString()));
            firstSeen.removeAll(alarms);
            assertThat(new ArrayList<>(firstSeen)).containsExactlyElementsOf(heldBack);
        } finally {
            control.unrestrict();
            handler.unregister();
        }
    }

    @Test
    void uplinkBundleUpdatedDuringABurstLosesNothing() throws Exception {
        uplinks.waitForService(10_000);
        Bundle bundle = findBundle("org.cabinetgw.uplink");
        assertThat(bundle).isNotNull();
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger refusedWhileAway = new AtomicInteger();
        Thread producer = new Thread(() -> {
            int i = 0;
            while (running.get()) {
                Uplink u = uplinks.getService();
                Message m = Message.of("it", "swap/t" + (i % 4), Priority.TELEMETRY, Map.of("i", i));
                if (u == null) {
                    refusedWhileAway.incrementAndGet();
                    sleep(5);
                    continue;
                }
                try {
                    u.publish(m);
                    accepted.add(m.id()); // accepted: it must arrive
                    i++;
                } catch (UplinkRefusedException | RuntimeException e) {
                    // refused (the uplink is stopping): not accepted, the producer keeps it and tries again
                    refusedWhileAway.incrementAndGet();
                    sleep(5);
                }
            }
        }, "uplink-it-producer");
        producer.start();
        waitUntil(() -> accepted.size() >= 500, 20_000);
        bundle.update();
        waitUntil(() -> bundle.getState() == Bundle.ACTIVE && uplinks.getService() != null, 20_000);
        int atSwap = accepted.size();
        waitUntil(() -> accepted.size() >= atSwap + 500, 20_000);
        running.set(false);
        producer.join(5000);

        assertThat(sub.awaitIds(accepted, 60_000).keySet()).containsAll(accepted);
    }

    private Bundle findBundle(String bsn) {
        for (Bundle b : context.getBundles()) {
            if (bsn.equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }

    /**
     * The service of the uplink this test configured (its data.directory): one object offers Uplink, UplinkStatus and
     * UplinkControl. Not any such service: the uplink started with the defaults a moment before may still be
     * registered, and a restriction sent to it, on its way out, was never announced (a CI run).
     */
    private <S> S service(Class<S> type) throws InterruptedException {
        Object s = uplinks.waitForService(10_000);
        assertThat(s).as(type.getSimpleName()).isInstanceOf(type);
        return type.cast(s);
    }

    private void publishRetrying(Message m) throws Exception {
        for (int attempt = 0; ; attempt++) {
            try {
                uplinks.waitForService(10_000).publish(m);
                return;
            } catch (UplinkRefusedException e) {
                if (attempt > 50) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier c, long timeoutMillis) throws InterruptedException {
        Await.until("the condition", java.time.Duration.ofMillis(timeoutMillis), c::getAsBoolean);
    }
}
