package org.cabinetgw.ha.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rules of configuration replication on a fake transport (the active's frames handed to the standby in memory):
 * what is replicated with its types, what stays each node's own, deletions and the snapshot's reconciliation, and
 * every kind of bad frame refused, counted and recorded with nothing applied. No value is ever in the journal.
 */
class ConfigReplicationTest {

    @TempDir
    Path dir;

    private static final String SECRET = "s3cret-mqtt-password-4711";
    private final MapConfigStore activeStore = new MapConfigStore();
    private final MapConfigStore standbyStore = new MapConfigStore();
    private final AtomicBoolean activeActs = new AtomicBoolean(true);
    /** The fake transport: what the active sent, delivered when the test says so. */
    private final List<ConfigReplication.Outgoing> wire = new ArrayList<>();
    private ConfigReplication active;
    private ConfigReplication standby;

    private void nodes() {
        active = new ConfigReplication(TwoNodes.KEY, () -> activeStore, activeActs::get, wire::add,
                new ConfigJournal(dir.resolve("active/config-journal")));
        standby = new ConfigReplication(TwoNodes.KEY, () -> standbyStore, () -> false, f -> {
            throw new AssertionError("the standby sends nothing");
        }, new ConfigJournal(dir.resolve("standby/config-journal")));
    }

    private void deliver() {
        wire.forEach(f -> standby.received(f.type(), f.body()));
        wire.clear();
    }

    private String journal() throws Exception {
        Path j = dir.resolve("standby/config-journal");
        return Files.exists(j) ? Files.readString(j) : "";
    }

    private static Map<String, Object> mqtt() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("broker.uri", "tcp://10.0.0.10:1883");
        p.put("client.id", "cabinet-7");
        p.put("password", SECRET);
        p.put("keep.alive.seconds", 30); // an Integer must stay an Integer
        p.put("qos", Long.valueOf(1));
        p.put("topics", new String[] {"a", "b"});
        p.put("weights", new int[] {1, 2, 3});
        p.put("clean", Boolean.TRUE);
        p.put("ratio", 0.5d);
        p.put("tls.trust.store", "/etc/gw-a/trust.p12"); // a file on this node: per node
        p.put("osgi.ds.satisfying.condition.target", "(osgi.condition.id=cabinetgw.active)");
        return p;
    }

    @Test
    void aChangeOnTheActiveIsAppliedOnTheStandbyWithItsTypesAndItsOwnPerNodeKeys() throws Exception {
        nodes();
        standbyStore.set("org.cabinetgw.uplink.mqtt", null, Map.of("tls.trust.store", "/etc/gw-b/trust.p12",
                "client.id", "old"));
        activeStore.set("org.cabinetgw.uplink.mqtt", null, mqtt());
        active.changed("org.cabinetgw.uplink.mqtt", null, false);
        assertThat(wire).hasSize(1);
        assertThat(new String(wire.get(0).body(), StandardCharsets.ISO_8859_1)).as("sealed: no secret on the wire")
                .doesNotContain(SECRET).doesNotContain("cabinet-7");
        deliver();

        Map<String, Object> got = standbyStore.props("org.cabinetgw.uplink.mqtt");
        assertThat(got.get("keep.alive.seconds")).isEqualTo(30).isInstanceOf(Integer.class);
        assertThat(got.get("qos")).isEqualTo(1L).isInstanceOf(Long.class);
        assertThat((String[]) got.get("topics")).containsExactly("a", "b");
        assertThat((int[]) got.get("weights")).containsExactly(1, 2, 3);
        assertThat(got.get("clean")).isEqualTo(true);
        assertThat(got.get("ratio")).isEqualTo(0.5d);
        assertThat(got.get("password")).isEqualTo(SECRET);
        assertThat(got.get("client.id")).isEqualTo("cabinet-7");
        assertThat(got.get("tls.trust.store")).as("the standby's own file").isEqualTo("/etc/gw-b/trust.p12");
        assertThat(standby.applied()).isEqualTo(1);
        assertThat(new ConfigChange("org.cabinetgw.uplink.mqtt", null, got).toString()).as("safe in a log line")
                .contains("password").doesNotContain(SECRET);
        assertThat(journal()).contains("APPLIED org.cabinetgw.uplink.mqtt").contains("password")
                .doesNotContain(SECRET).doesNotContain("10.0.0.10");

        // the same again (the snapshot at a reconnection): not written again, so no component restarts for nothing
        int writes = standbyStore.writes;
        active.changed("org.cabinetgw.uplink.mqtt", null, false);
        deliver();
        assertThat(standbyStore.writes).isEqualTo(writes);
        assertThat(standby.counters.snapshot()).isEmpty();
    }

    @Test
    void eachNodesOwnConfigurationsAreNeitherSentNorTaken() throws Exception {
        nodes();
        for (String pid : List.of("org.cabinetgw.ha", "org.cabinetgw.core.site", "org.apache.felix.http",
                "org.cabinetgw.deploy.agent")) {
            activeStore.set(pid, null, Map.of("x", "y"));
            active.changed(pid, null, false);
        }
        activeStore.set("org.cabinetgw.network.link~wan", "org.cabinetgw.network.link", Map.of("interface.name", "eth1"));
        active.changed("org.cabinetgw.network.link~wan", "org.cabinetgw.network.link", false);
        activeActs.set(false); // not active: nothing is sent either
        activeStore.set("org.cabinetgw.uplink", null, Map.of("x", "y"));
        active.changed("org.cabinetgw.uplink", null, false);
        assertThat(wire).isEmpty();

        // a sender that sends them anyway (another version, another list) is not believed
        ConfigSealing seal = new ConfigSealing(TwoNodes.KEY);
        standbyStore.set("org.cabinetgw.ha", null, Map.of("node.id", "gw-b"));
        standby.received(ReplicationFrame.Type.CONFIG, seal.seal(new ConfigChange("org.cabinetgw.ha", null,
                Map.of("node.id", "gw-a")).encode()));
        standby.received(ReplicationFrame.Type.CONFIG, seal.seal(new ConfigChange("org.cabinetgw.storage.disk~sda",
                "org.cabinetgw.storage.disk", Map.of("device", "/dev/sda")).encode()));
        standby.received(ReplicationFrame.Type.CONFIG, seal.seal(new ConfigChange("org.apache.felix.http", null,
                Map.of("org.osgi.service.http.port", 80)).encode()));
        // a per-node key inside a replicated configuration is dropped, the standby's own value kept
        standbyStore.set("org.cabinetgw.uplink", null, Map.of("data.directory", "/data/b"));
        standby.received(ReplicationFrame.Type.CONFIG, seal.seal(new ConfigChange("org.cabinetgw.uplink", null,
                Map.of("data.directory", "/data/a", "max.messages", 5)).encode()));

        assertThat(standbyStore.props("org.cabinetgw.ha")).containsEntry("node.id", "gw-b");
        assertThat(standbyStore.get("org.cabinetgw.storage.disk~sda")).isNull();
        assertThat(standbyStore.get("org.apache.felix.http")).isNull();
        assertThat(standbyStore.props("org.cabinetgw.uplink")).containsEntry("data.directory", "/data/b")
                .containsEntry("max.messages", 5);
        assertThat(standby.counters.snapshot()).containsEntry("replication.CONFIG_LOCAL_PID", 2L)
                .containsEntry("replication.CONFIG_UNKNOWN_PID", 1L);
        assertThat(journal()).contains("REFUSED org.cabinetgw.ha CONFIG_LOCAL_PID");
    }

    @Test
    void deletionsAndTheSnapshotBringTheStandbyToWhatTheActiveHas() throws Exception {
        nodes();
        // a factory configuration made by the web console (a generated PID) and a named one
        activeStore.set("org.cabinetgw.power.meter.8e1f-42", "org.cabinetgw.power.meter", Map.of("host", "10.0.0.5",
                "serial.port", "/dev/ttyUSB0"));
        activeStore.set("org.cabinetgw.failover.rule~mains", "org.cabinetgw.failover.rule", Map.of("x", 1));
        activeStore.set("org.cabinetgw.dashboard", null, Map.of("refresh.seconds", 5));
        // the standby has: one the active deleted while it was away, its own link, a framework PID, and its own serial port
        standbyStore.set("org.cabinetgw.failover.rule~gone", "org.cabinetgw.failover.rule", Map.of("x", 2));
        standbyStore.set("org.cabinetgw.network.link~wan", "org.cabinetgw.network.link", Map.of("interface.name", "eth1"));
        standbyStore.set("org.apache.felix.http", null, Map.of("port", 8080));

        wire.addAll(active.snapshot());
        assertThat(wire.get(wire.size() - 1).type()).isEqualTo(ReplicationFrame.Type.CONFIG_SNAPSHOT_END);
        deliver();
        assertThat(standbyStore.configs.keySet()).containsExactlyInAnyOrder("org.cabinetgw.dashboard",
                "org.cabinetgw.failover.rule~mains", "org.cabinetgw.power.meter~org.cabinetgw.power.meter.8e1f-42",
                "org.cabinetgw.network.link~wan", "org.apache.felix.http");
        assertThat(standbyStore.props("org.cabinetgw.power.meter~org.cabinetgw.power.meter.8e1f-42"))
                .containsEntry("host", "10.0.0.5").doesNotContainKey("serial.port");
        assertThat(journal()).contains("DELETED org.cabinetgw.failover.rule~gone");

        // a later change of the generated one finds its copy; a deletion deletes it; a second snapshot changes nothing
        activeStore.set("org.cabinetgw.power.meter.8e1f-42", "org.cabinetgw.power.meter", Map.of("host", "10.0.0.6"));
        active.changed("org.cabinetgw.power.meter.8e1f-42", "org.cabinetgw.power.meter", false);
        deliver();
        assertThat(standbyStore.props("org.cabinetgw.power.meter~org.cabinetgw.power.meter.8e1f-42"))
                .containsEntry("host", "10.0.0.6");
        wire.addAll(active.snapshot());
        int writes = standbyStore.writes;
        deliver();
        assertThat(standbyStore.writes).isEqualTo(writes);
        assertThat(standbyStore.configs).hasSize(5);
        activeStore.configs.remove("org.cabinetgw.dashboard");
        active.changed("org.cabinetgw.dashboard", null, true);
        deliver();
        assertThat(standbyStore.get("org.cabinetgw.dashboard")).isNull();
        assertThat(standby.counters.snapshot()).isEmpty();
    }

    @Test
    void badFramesAreRefusedCountedAndRecordedAndNothingIsApplied() throws Exception {
        nodes();
        standbyStore.set("org.cabinetgw.dashboard", null, Map.of("refresh.seconds", 5));
        ConfigSealing seal = new ConfigSealing(TwoNodes.KEY);
        List<String> hostile = List.of(
                "{\"pid\":\"org.cabinetgw.dashboard\",\"properties\":{\"refresh.seconds\":{\"t\":\"Integer\",\"v\":5.5}}}",
                "{\"pid\":\"org.cabinetgw.dashboard\",\"properties\":{\"refresh.seconds\":{\"t\":\"Integer\",\"v\":1e400}}}",
                "{\"pid\":\"org.cabinetgw.dashboard\",\"properties\":{\"refresh.seconds\":{\"t\":\"Byte\",\"v\":300}}}",
                "{\"pid\":\"org.cabinetgw.dashboard\",\"properties\":{\"x\":{\"t\":\"java.io.File\",\"v\":\"/etc\"}}}",
                "{\"pid\":\"org.cabinetgw.dashboard\",\"properties\":{\"x\":{\"t\":\"String\",\"v\":{\"a\":1}}}}",
                "{\"pid\":\"org.cabinetgw.dashboard\",\"properties\":{\"x\":{\"t\":\"String[]\",\"v\":[1,2]}}}",
                "{\"pid\":\"org.cabinetgw.dashboard\",\"properties\":{\"x\\ny\":{\"t\":\"String\",\"v\":\"a\"}}}",
                "{\"pid\":\"org.cabinetgw.dashboard\",\"properties\":{\"x\":{\"t\":\"String\",\"v\":\""
                        + "a".repeat(ConfigChange.MAX_STRING + 1) + "\"}}}",
                "{\"pid\":\"org.cabinetgw.dashboard\",\"properties\":{\"x\":{\"t\":\"List<Long>\",\"v\":["
                        + "1,".repeat(ConfigChange.MAX_ELEMENTS) + "1]}}}",
                "{\"pid\":\"org.cabinetgw.dashboard\",\"properties\":[]}",
                "{\"pid\":\"org.cabinetgw.dash)(board\",\"properties\":{}}",
                "{\"pid\":\"../../etc/passwd\"}",
                "{\"pid\":\"" + "a".repeat(300) + "\"}",
                "{\"properties\":{}}",
                "[1,2,3]",
                "{\"pid\":\"org.cabinetgw.dashboard\",\"properties\":" + "[".repeat(5000) + "]".repeat(5000) + "}",
                "not json at all");
        for (String h : hostile) {
            standby.received(ReplicationFrame.Type.CONFIG, seal.seal(h.getBytes(StandardCharsets.UTF_8)));
        }
        StringBuilder many = new StringBuilder("{\"pid\":\"org.cabinetgw.dashboard\",\"properties\":{");
        for (int i = 0; i <= ConfigChange.MAX_KEYS; i++) {
            many.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":{\"t\":\"Integer\",\"v\":1}");
        }
        standby.received(ReplicationFrame.Type.CONFIG, seal.seal(many.append("}}").toString().getBytes(StandardCharsets.UTF_8)));
        // oversized, sealed under another key, not sealed at all, too short to be sealed
        standby.received(ReplicationFrame.Type.CONFIG, new byte[ConfigChange.MAX_BODY + 100]);
        standby.received(ReplicationFrame.Type.CONFIG, new ConfigSealing("another-pair-key-0123456".getBytes(
                StandardCharsets.UTF_8)).seal(new ConfigChange("org.cabinetgw.dashboard", null, Map.of("x", 1)).encode()));
        standby.received(ReplicationFrame.Type.CONFIG, new ConfigChange("org.cabinetgw.dashboard", null, Map.of("x", 1))
                .encode());
        standby.received(ReplicationFrame.Type.CONFIG, new byte[3]);
        // a snapshot's list that is not one: nothing is deleted
        standby.received(ReplicationFrame.Type.CONFIG_SNAPSHOT_END, new byte[] {0, 0, 0, 9, 1});
        standby.received(ReplicationFrame.Type.CONFIG_SNAPSHOT_END, ReplicationFrame.ids(List.of("org.x\n\nz")));

        assertThat(standbyStore.configs).hasSize(1);
        assertThat(standbyStore.props("org.cabinetgw.dashboard")).isEqualTo(Map.of("refresh.seconds", 5));
        assertThat(standbyStore.writes).isZero();
        Map<String, Long> counted = standby.counters.snapshot();
        assertThat(counted.values().stream().mapToLong(Long::longValue).sum())
                .as("every bad frame counted once: %s", counted).isEqualTo(hostile.size() + 1 + 4 + 2);
        assertThat(counted).containsKeys("replication.CONFIG_BAD_VALUE", "replication.CONFIG_UNREADABLE",
                "replication.CONFIG_UNKNOWN_PID", "replication.CONFIG_OVERSIZED");
        assertThat(journal().lines().filter(l -> l.contains(" REFUSED ")).count()).isEqualTo(hostile.size() + 1 + 4 + 2);
        assertThat(journal()).doesNotContain("aaaaaaaaaa").doesNotContain("/etc");
    }

    @Test
    void aConfigurationDeletedWhileItIsReadThrowsNothingAtConfigurationAdminsEventThread() throws Exception {
        // the real ConfigurationAdmin throws IllegalStateException from a Configuration deleted after it was listed
        // (seen in AdminConfigStoreTest): the listener must not throw at its event thread, and sends nothing
        MapConfigStore racing = new MapConfigStore() {
            @Override
            public synchronized ConfigChange get(String pid) {
                throw new IllegalStateException("Configuration " + pid + " deleted");
            }
        };
        ConfigReplication c = new ConfigReplication(TwoNodes.KEY, () -> racing, () -> true, wire::add,
                new ConfigJournal(dir.resolve("active/config-journal")));
        c.changed("org.cabinetgw.dashboard", null, false);
        assertThat(wire).isEmpty();
    }

    @Test
    void aValueConfigurationAdminDoesNotStoreIsNotSentAndNamed() throws Exception {
        nodes();
        activeStore.set("org.cabinetgw.dashboard", null, Map.of("odd", new Object(), "fine", 1));
        active.changed("org.cabinetgw.dashboard", null, false);
        assertThat(wire).isEmpty();
        activeStore.set("org.cabinetgw.dashboard", null, Map.of("list", new ArrayList<>(Arrays.asList(1L, 2L)),
                "empty", List.of(), "c", 'x', "f", 1.5f, "s", (short) 3, "b", (byte) 4));
        active.changed("org.cabinetgw.dashboard", null, false);
        deliver();
        assertThat(standbyStore.props("org.cabinetgw.dashboard")).containsEntry("list", List.of(1L, 2L))
                .containsEntry("c", 'x').containsEntry("f", 1.5f).containsEntry("s", (short) 3)
                .containsEntry("b", (byte) 4).containsEntry("empty", List.of());
    }
}
