package org.cabinetgw.uplink.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.cabinetgw.telemetry.Message;
import org.cabinetgw.telemetry.Priority;
import org.cabinetgw.telemetry.Uplink;
import org.cabinetgw.telemetry.UplinkRefusedException;
import org.cabinetgw.testing.Await;
import org.cabinetgw.uplink.UplinkStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.util.tracker.ServiceTracker;

import com.google.gson.JsonObject;

/**
 * Aggregates on a metered link, configured the way an integrator does it (ConfigurationAdmin, the
 * settings the Metatype describes), in a real Felix against a real Mosquitto counted by mosquitto_sub.
 */
@Timeout(value = 180, unit = java.util.concurrent.TimeUnit.SECONDS)
class MeteredAggregatesIT {

    private static final String PID = "org.cabinetgw.uplink";

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 5000)
    ConfigurationAdmin configurationAdmin;
    @InjectService(timeout = 5000)
    MetaTypeService metatype;

    private Path dir;
    private Mosquitto broker;
    private Subscriber sub;
    private ServiceTracker<Uplink, Uplink> uplinks;

    @BeforeEach
    void setUp() throws Exception {
        dir = Files.createTempDirectory("uplink-agg-it");
        broker = new Mosquitto(dir.resolve("broker")).start();
        sub = new Subscriber(broker, "cab/agg/#", dir.resolve("sub.txt"));
        configure("org.cabinetgw.uplink.mqtt", Map.of("server.uri", broker.uri(), "client.id", "agg-gateway",
                "topic.prefix", "cab/agg", "reconnect.initial.millis", 100));
        uplinks = new ServiceTracker<>(context, Uplink.class, null);
        uplinks.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        UplinkTrackers.closeAndDelete(uplinks, context, configurationAdmin, PID, "org.cabinetgw.uplink.mqtt");
        sub.close();
        broker.close();
    }

    private void configure(String pid, Map<String, Object> values) throws Exception {
        Configuration c = configurationAdmin.getConfiguration(pid, "?");
        c.update(new Hashtable<>(values));
    }

    private Map<String, Object> uplinkConfig(String meteredMode, int aggregateSeconds) {
        Map<String, Object> m = new HashMap<>();
        m.put("data.directory", dir.resolve("data").toString());
        m.put("metered.mode", meteredMode);
        m.put("metered.aggregate.seconds", aggregateSeconds);
        return m;
    }

    @Test
    void theAggregateSettingsAreDescribedForTheIntegrator() {
        Bundle uplink = null;
        for (Bundle b : context.getBundles()) {
            if (PID.equals(b.getSymbolicName())) {
                uplink = b;
            }
        }
        assertThat(uplink).isNotNull();
        ObjectClassDefinition ocd = metatype.getMetaTypeInformation(uplink).getObjectClassDefinition(PID, null);
        Map<String, AttributeDefinition> byId = new HashMap<>();
        for (AttributeDefinition ad : ocd.getAttributeDefinitions(ObjectClassDefinition.ALL)) {
            byId.put(ad.getID(), ad);
        }
        AttributeDefinition seconds = byId.get("metered.aggregate.seconds");
        assertThat(seconds).isNotNull();
        assertThat(seconds.getName()).isEqualTo("Aggregate window while metered (s)");
        assertThat(seconds.getDescription()).contains("0 = no aggregates");
        assertThat(seconds.getDefaultValue()).containsExactly("300");
        // the range as Metatype checks it (what a configuration UI does before saving)
        assertThat(seconds.validate("300")).isEmpty();
        assertThat(seconds.validate("0")).isEmpty();
        assertThat(seconds.validate("86401")).isNotEmpty();
        assertThat(seconds.validate("-1")).isNotEmpty();
        AttributeDefinition series = byId.get("metered.aggregate.max.series");
        assertThat(series).isNotNull();
        assertThat(series.getName()).isEqualTo("Most series per aggregate window");
        assertThat(series.getDefaultValue()).containsExactly("1000");
        assertThat(series.validate("1")).isEmpty();
        assertThat(series.validate("0")).isNotEmpty();
        assertThat(series.validate("100001")).isNotEmpty();
    }

    @Test
    void aBadAggregateWindowKeepsTheUplinkFromStarting() throws Exception {
        configure(PID, uplinkConfig("ON", 5));
        // DS refuses to activate with the validator's message: the uplink started with the defaults goes away
        // (configuration updates are delivered asynchronously) and no new one appears
        Await.until("the uplink started with the defaults gone", Duration.ofSeconds(10),
                () -> uplinks.getService() == null);
        long deadline = System.currentTimeMillis() + 3000;
        while (System.currentTimeMillis() < deadline) {
            assertThat(uplinks.getService()).as("no uplink with metered.aggregate.seconds = 5").isNull();
            Thread.sleep(100);
        }
        configure(PID, uplinkConfig("ON", 10));
        assertThat(uplinks.waitForService(10_000)).as("a valid value lets it start").isNotNull();
    }

    @Test
    void configuredMeteredTheBrokerSeesAlarmsAndAggregatesThenEveryRawMessage() throws Exception {
        configure(PID, uplinkConfig("ON", 10));
        // the uplink started with the defaults (unmetered) is replaced asynchronously: publish only to the new one
        ServiceTracker<UplinkStatus, UplinkStatus> status = new ServiceTracker<>(context, UplinkStatus.class, null);
        status.open();
        try {
            Await.until("the metered configuration in force", Duration.ofSeconds(10), () -> {
                UplinkStatus st = status.getService();
                return st != null && st.snapshot().metered();
            });
        } finally {
            status.close();
        }
        Set<String> telemetry = new LinkedHashSet<>();
        for (int i = 0; i < 20; i++) {
            Message m = Message.of("it.meter", "it/power", Priority.TELEMETRY, Map.of("v", i));
            publishRetrying(m);
            telemetry.add(m.id());
        }
        Message alarm = Message.of("it.door", "it/alarms", Priority.ALARM, Map.of("open", true));
        publishRetrying(alarm);
        assertThat(sub.awaitIds(Set.of(alarm.id()), 10_000)).containsKey(alarm.id());

        // within a window or two (10 s each): aggregates summing to the 20 readings, none of them raw
        long summarised = Await.until("aggregates summing to the 20 readings", Duration.ofSeconds(30),
                this::summarised, n -> n >= 20);
        assertThat(summarised).isEqualTo(20);
        assertThat(sub.countsById().keySet()).doesNotContainAnyElementsOf(telemetry);

        configure(PID, uplinkConfig("OFF", 10));
        Map<String, Integer> counts = sub.awaitIds(telemetry, 30_000);
        Set<String> lost = new LinkedHashSet<>(telemetry);
        lost.removeAll(counts.keySet());
        assertThat(lost).as("lost").isEmpty();
    }

    private long summarised() throws Exception {
        Set<String> seen = new HashSet<>();
        long sum = 0;
        for (Map.Entry<String, JsonObject> e : sub.received()) {
            JsonObject o = e.getValue();
            if (o.has("aggregate") && seen.add(o.get("id").getAsString())) {
                assertThat(e.getKey()).isEqualTo("cab/agg/it/power/aggregate");
                sum += o.getAsJsonObject("aggregate").get("count").getAsLong();
            }
        }
        return sum;
    }

    private void publishRetrying(Message m) throws Exception {
        for (int attempt = 0; ; attempt++) {
            try {
                Uplink u = uplinks.waitForService(10_000);
                assertThat(u).as("an Uplink service").isNotNull();
                u.publish(m);
                return;
            } catch (UplinkRefusedException e) {
                // the uplink is restarting for the new configuration: not accepted, try again
                if (attempt > 50) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }
}
