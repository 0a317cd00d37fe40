package org.cabinetgw.ha.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.cabinetgw.ha.ReplicationState;
import org.cabinetgw.telemetry.Message;
import org.cabinetgw.testing.ClosingStack;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Configuration frames on the real replication stream (TCP on loopback, the standby's replica on disk): the snapshot a
 * standby gets when it connects, a change after it, the queue replicated alongside; and a standby of the release
 * before, which never says it reads configuration frames, is never sent one (its queue replication keeps working).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConfigOverStreamTest {

    @TempDir
    Path dir;

    @AutoClose
    private final ClosingStack closeLast = new ClosingStack();
    private final ListUplink uplink = new ListUplink();
    private final List<Message> queue = uplink.queue;
    private final MapConfigStore activeStore = new MapConfigStore();
    private final MapConfigStore standbyStore = new MapConfigStore();
    private int port;

    private ReplicationSettings settings() throws IOException {
        if (port == 0) {
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
        }
        return new ReplicationSettings(port, true, 10_000);
    }

    /** The active's sender with its configuration replication wired as HaComponent wires it. */
    private ConfigReplication active(ReplicationSender[] sender) throws IOException {
        ReplicationSender s = closeLast.push(new ReplicationSender(ReplicationStreamTest.pair("cab", TwoNodes.KEY, false),
                settings(), 5, () -> 3, () -> true));
        ConfigReplication c = new ConfigReplication(TwoNodes.KEY, () -> activeStore, () -> true, s::sendConfig,
                new ConfigJournal(dir.resolve("active/config-journal")));
        s.configSnapshot(c::snapshot);
        s.attached(uplink);
        s.start();
        sender[0] = s;
        return c;
    }

    @Test
    void aConnectingStandbyGetsTheSnapshotThenEveryChangeBesideTheQueue() throws Exception {
        activeStore.set("org.cabinetgw.dashboard", null, Map.of("refresh.seconds", 5));
        activeStore.set("org.cabinetgw.failover.rule~mains", "org.cabinetgw.failover.rule", Map.of("grace.seconds", 30L));
        activeStore.set("org.cabinetgw.ha", null, Map.of("node.id", "gw-a"));
        standbyStore.set("org.cabinetgw.ha", null, Map.of("node.id", "gw-b"));
        standbyStore.set("org.cabinetgw.failover.rule~stale", "org.cabinetgw.failover.rule", Map.of("grace.seconds", 1L));
        ReplicaLog replica = closeLast.push(ReplicaLog.open(dir.resolve("standby/uplink-replica")));
        ReplicationReceiver receiver = closeLast.push(new ReplicationReceiver(ReplicationStreamTest.pair("cab",
                TwoNodes.KEY, true), settings(), 9, () -> 3, () -> false, replica));
        ConfigReplication onStandby = new ConfigReplication(TwoNodes.KEY, () -> standbyStore, () -> false, f -> {
        }, new ConfigJournal(dir.resolve("standby/config-journal")));
        receiver.onConfig(onStandby::received);
        receiver.start();
        ReplicationSender[] sender = new ReplicationSender[1];
        ConfigReplication onActive = active(sender);

        ReplicationStreamTest.await("in sync", () -> sender[0].state() == ReplicationState.IN_SYNC);
        ReplicationStreamTest.await("the snapshot applied and reconciled", () -> standbyStore.get(
                "org.cabinetgw.failover.rule~stale") == null && standbyStore.get("org.cabinetgw.dashboard") != null);
        assertThat(standbyStore.props("org.cabinetgw.failover.rule~mains")).isEqualTo(Map.of("grace.seconds", 30L));
        assertThat(standbyStore.props("org.cabinetgw.ha")).as("the pair's own PID stays each node's")
                .isEqualTo(Map.of("node.id", "gw-b"));

        activeStore.set("org.cabinetgw.dashboard", null, Map.of("refresh.seconds", 7));
        onActive.changed("org.cabinetgw.dashboard", null, false);
        Message m = ReplicationStreamTest.message(1);
        queue.add(m);
        sender[0].accepted(m); // synchronous: returns once the standby holds it, and the change went before it
        assertThat(replica.pending()).extracting(Message::id).contains(m.id());
        ReplicationStreamTest.await("the change applied", () -> Map.of("refresh.seconds", 7).equals(
                standbyStore.props("org.cabinetgw.dashboard")));
        assertThat(onStandby.counters.snapshot()).isEmpty();
        assertThat(receiver.counters.snapshot()).isEmpty();
        assertThat(sender[0].state()).isEqualTo(ReplicationState.IN_SYNC);
    }

    @Test
    void aStandbyOfTheReleaseBeforeIsNeverSentAConfigurationFrame() throws Exception {
        activeStore.set("org.cabinetgw.dashboard", null, Map.of("refresh.seconds", 5));
        // the release before: it answers APPEND and CATCHUP_END, never says CONFIG_HELLO, and would refuse a type it
        // does not know (here: it records it)
        ScriptedStandby old = closeLast.push(new ScriptedStandby(settings().port(),
                f -> f.type() == ReplicationFrame.Type.CATCHUP_END || f.type() == ReplicationFrame.Type.APPEND));
        ReplicationSender[] sender = new ReplicationSender[1];
        ConfigReplication onActive = active(sender);
        ReplicationStreamTest.await("in sync", () -> sender[0].state() == ReplicationState.IN_SYNC);
        onActive.changed("org.cabinetgw.dashboard", null, false);
        Message m = ReplicationStreamTest.message(1);
        queue.add(m);
        sender[0].accepted(m); // answered: everything sent before it has been read by the old standby
        assertThat(sender[0].timeouts()).isZero();
        assertThat(old.seen).contains(ReplicationFrame.Type.APPEND).doesNotContain(ReplicationFrame.Type.CONFIG,
                ReplicationFrame.Type.CONFIG_SNAPSHOT_END);
        assertThat(sender[0].state()).isEqualTo(ReplicationState.IN_SYNC);
    }
}
