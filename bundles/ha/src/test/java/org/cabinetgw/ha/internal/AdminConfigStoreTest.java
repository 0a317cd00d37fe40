package org.cabinetgw.ha.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.apache.felix.framework.Felix;
import org.cabinetgw.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Constants;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationListener;

/**
 * Configuration replication against the real Felix ConfigurationAdmin (the bundle the gateway runs, in a Felix
 * framework started by the test; its {@code org.osgi.service.cm} package is the test's, so the service is used
 * directly): the types survive its persistence, an unchanged configuration is not written again, a generated factory
 * PID becomes a named one, the snapshot's reconciliation deletes, and a change made through it reaches the active's
 * {@link ConfigurationListener} and the wire. The in-framework tests' bundles cannot reach internal classes, so this
 * runs here.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AdminConfigStoreTest {

    @TempDir
    Path dir;

    private Felix framework;
    private ConfigurationAdmin cm;

    @BeforeEach
    void start() throws Exception {
        Map<String, Object> config = new java.util.HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, dir.resolve("felix").toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        config.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, "org.osgi.service.cm;version=1.6.1");
        config.put("felix.cm.dir", dir.resolve("config").toString());
        framework = new Felix(config);
        framework.start();
        String jar = Class.forName("org.apache.felix.cm.impl.ConfigurationManager").getProtectionDomain()
                .getCodeSource().getLocation().toString();
        framework.getBundleContext().installBundle(jar).start();
        var ref = framework.getBundleContext().getServiceReference(ConfigurationAdmin.class);
        assertThat(ref).as("ConfigurationAdmin registered").isNotNull();
        cm = framework.getBundleContext().getService(ref);
    }

    @AfterEach
    void stop() throws Exception {
        framework.stop();
        framework.waitForStop(10_000);
    }

    @Test
    void theRealConfigurationAdminTakesWhatTheActiveSent() throws Exception {
        MapConfigStore activeStore = new MapConfigStore();
        List<ConfigReplication.Outgoing> wire = new CopyOnWriteArrayList<>();
        ConfigReplication active = new ConfigReplication(TwoNodes.KEY, () -> activeStore, () -> true, wire::add,
                new ConfigJournal(dir.resolve("a/config-journal")));
        AdminConfigStore store = new AdminConfigStore(cm);
        ConfigReplication standby = new ConfigReplication(TwoNodes.KEY, () -> store, () -> false, f -> {
        }, new ConfigJournal(dir.resolve("b/config-journal")));

        cm.getConfiguration("org.cabinetgw.uplink.mqtt", "?").update(new Hashtable<>(Map.of("tls.key.store", "/b.p12")));
        cm.getConfiguration("org.cabinetgw.failover.rule~gone", "?"); // made, never updated: nothing to reconcile
        cm.getFactoryConfiguration("org.cabinetgw.failover.rule", "stale", "?").update(new Hashtable<>(Map.of("x", 1)));
        activeStore.set("org.cabinetgw.uplink.mqtt", null, Map.of("keep.alive.seconds", 30, "topics",
                new String[] {"a", "b"}, "password", "pw", "tls.key.store", "/a.p12"));
        activeStore.set("org.cabinetgw.power.meter.1f2e", "org.cabinetgw.power.meter", Map.of("unit.id", 3));
        wire.addAll(active.snapshot());
        wire.forEach(f -> standby.received(f.type(), f.body()));
        wire.clear();

        Configuration mqtt = cm.getConfiguration("org.cabinetgw.uplink.mqtt", "?");
        assertThat(mqtt.getProperties().get("keep.alive.seconds")).isInstanceOf(Integer.class).isEqualTo(30);
        assertThat((String[]) mqtt.getProperties().get("topics")).containsExactly("a", "b");
        assertThat(mqtt.getProperties().get("password")).isEqualTo("pw");
        assertThat(mqtt.getProperties().get("tls.key.store")).as("this node's own file").isEqualTo("/b.p12");
        Configuration[] meters = cm.listConfigurations("(service.factoryPid=org.cabinetgw.power.meter)");
        assertThat(meters).hasSize(1);
        assertThat(meters[0].getPid()).isEqualTo("org.cabinetgw.power.meter~org.cabinetgw.power.meter.1f2e");
        assertThat(cm.listConfigurations("(service.factoryPid=org.cabinetgw.failover.rule)")).as("reconciled").isNull();

        // the same snapshot again (a reconnection): nothing written, no component restarted
        long changes = mqtt.getChangeCount();
        wire.addAll(active.snapshot());
        wire.forEach(f -> standby.received(f.type(), f.body()));
        wire.clear();
        assertThat(cm.getConfiguration("org.cabinetgw.uplink.mqtt", "?").getChangeCount()).isEqualTo(changes);
        assertThat(standby.counters.snapshot()).isEmpty();
    }

    @Test
    void aChangeThroughTheRealConfigurationAdminReachesTheWireAsItsListener() throws Exception {
        List<ConfigReplication.Outgoing> wire = new CopyOnWriteArrayList<>();
        ConfigReplication active = new ConfigReplication(TwoNodes.KEY, () -> new AdminConfigStore(cm), () -> true,
                wire::add, new ConfigJournal(dir.resolve("a/config-journal")));
        framework.getBundleContext().registerService(ConfigurationListener.class, active, null);
        cm.getConfiguration("org.cabinetgw.dashboard", "?").update(new Hashtable<>(Map.of("refresh.seconds", 7)));
        cm.getConfiguration("org.cabinetgw.ha", "?").update(new Hashtable<>(Map.of("node.id", "gw-a")));
        cm.getConfiguration("org.cabinetgw.dashboard", "?").delete();
        Await.until("the change and the deletion sent", Duration.ofSeconds(20), () -> wire.size() >= 2);
        MapConfigStore standbyStore = new MapConfigStore();
        standbyStore.set("org.cabinetgw.dashboard", null, Map.of("refresh.seconds", 5));
        ConfigReplication standby = new ConfigReplication(TwoNodes.KEY, () -> standbyStore, () -> false, f -> {
        }, new ConfigJournal(dir.resolve("b/config-journal")));
        standby.received(wire.get(0).type(), wire.get(0).body());
        // the event is read when it arrives: the deletion may already have happened, then it is sent as one
        assertThat(standbyStore.props("org.cabinetgw.dashboard")).isIn(Map.of("refresh.seconds", 7), null);
        standby.received(wire.get(1).type(), wire.get(1).body());
        assertThat(standbyStore.get("org.cabinetgw.dashboard")).isNull();
        assertThat(wire).as("the pair's own PID is not sent").hasSize(2);
    }
}
