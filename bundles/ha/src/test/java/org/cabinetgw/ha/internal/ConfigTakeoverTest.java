package org.cabinetgw.ha.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.cabinetgw.ha.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real engines on loopback (heartbeats, a real Mosquitto as the witness, the replication stream over TCP), each
 * with its configuration replication wired as the component wires it ({@link ConfigReplication#wire}); the
 * configurations are maps ({@link MapConfigStore}; ConfigurationAdmin itself in {@code ConfigReplicationIT}). The
 * standby gets the active's configuration at once and every change after; the active is killed, the standby takes
 * over, a change is made on the new active while the old one is down, and the old one, back as the standby, is brought
 * to the new active's configuration by the snapshot of its catch-up, its own node settings untouched.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConfigTakeoverTest {

    @TempDir
    Path dir;

    private static ConfigReplication wire(List<ConfigReplication> wired, byte[] key, QueueReplication stream, Path dir,
            PairEngine engine, java.util.function.Supplier<ConfigStore> store) {
        ConfigReplication c = ConfigReplication.wire(key, stream, dir, engine, store);
        wired.add(c);
        return c;
    }

    @Test
    void theStandbyRunsTheActivesConfigurationAndARejoiningNodeIsBroughtToIt() throws Exception {
        try (ReplicatedPair pair = ReplicatedPair.steady(dir)) {
            PairRuntime active = pair.active;
            PairRuntime standby = pair.standby;
            MapConfigStore first = new MapConfigStore(); // the first active's configurations
            MapConfigStore second = new MapConfigStore();
            first.set("org.cabinetgw.uplink.mqtt", null, Map.of("client.id", "cabinet-lo", "password", "pw-1"));
            first.set("org.cabinetgw.ha", null, Map.of("node.id", "first"));
            second.set("org.cabinetgw.ha", null, Map.of("node.id", "second"));
            QueueReplication onActive = pair.onActive(dir.resolve("repl-first"));
            QueueReplication onStandby = pair.onStandby(dir.resolve("repl-second"));
            QueueReplication onReturned = null;
            List<ConfigReplication> wired = new java.util.ArrayList<>();
            try {
                ConfigReplication firstConfig = wire(wired, TwoNodes.KEY, onActive, dir.resolve("repl-first"),
                        active.engine, () -> first);
                ConfigReplication secondConfig = wire(wired, TwoNodes.KEY, onStandby,
                        dir.resolve("repl-second"), standby.engine, () -> second);
                ListUplink firstUplink = new ListUplink();
                ListUplink secondUplink = new ListUplink();
                onActive.sender.attached(firstUplink);
                onStandby.sender.attached(secondUplink);
                onActive.start();
                onStandby.start();
                ReplicationStreamTest.await("the standby holds the active's configuration",
                        () -> Map.of("client.id", "cabinet-lo", "password", "pw-1").equals(
                                second.props("org.cabinetgw.uplink.mqtt")));
                first.set("org.cabinetgw.uplink.mqtt", null, Map.of("client.id", "cabinet-lo", "password", "pw-2"));
                firstConfig.changed("org.cabinetgw.uplink.mqtt", null, false);
                ReplicationStreamTest.await("a change reaches the standby", () -> "pw-2".equals(
                        second.props("org.cabinetgw.uplink.mqtt").get("password")));
                // the standby's own change is not sent (it does not act): the active keeps its value
                secondConfig.changed("org.cabinetgw.ha", null, false);
                assertThat(second.props("org.cabinetgw.ha")).containsEntry("node.id", "second");

                // kill -9 of the active; the standby takes over and is changed while the old active is down
                LoopbackPair.kill(active);
                onActive.close();
                ReplicationStreamTest.await("the standby takes over", () -> standby.engine.role() == Role.ACTIVE);
                onStandby.takeOver(secondUplink);
                second.set("org.cabinetgw.uplink.mqtt", null, Map.of("client.id", "cabinet-lo", "password", "pw-3"));
                second.set("org.cabinetgw.dashboard", null, Map.of("refresh.seconds", 9));
                secondConfig.changed("org.cabinetgw.uplink.mqtt", null, false); // no standby: nothing to send to
                secondConfig.changed("org.cabinetgw.dashboard", null, false);
                first.set("org.cabinetgw.failover.rule~old", "org.cabinetgw.failover.rule", Map.of("x", 1));

                // the old active restarts and returns as the standby: its catch-up's snapshot brings it up to date
                active.close();
                PairRuntime back = pair.restartActive();
                ReplicationStreamTest.await("the killed node back as STANDBY", () -> back.engine.role() == Role.STANDBY);
                onReturned = pair.onReturned(back, dir.resolve("repl-first"));
                wire(wired, TwoNodes.KEY, onReturned, dir.resolve("repl-first"), back.engine, () -> first);
                onReturned.sender.attached(firstUplink);
                onReturned.start();
                ReplicationStreamTest.await("the returned node holds the new active's configuration",
                        () -> "pw-3".equals(first.props("org.cabinetgw.uplink.mqtt").get("password"))
                                && first.get("org.cabinetgw.dashboard") != null
                                && first.get("org.cabinetgw.failover.rule~old") == null);
                assertThat(first.props("org.cabinetgw.ha")).as("its own node settings").containsEntry("node.id", "first");
                assertThat(second.props("org.cabinetgw.ha")).containsEntry("node.id", "second");
                assertThat(firstConfig.counters.snapshot()).isEmpty();
                assertThat(secondConfig.counters.snapshot()).isEmpty();
            } finally {
                wired.forEach(ConfigReplication::close);
                onActive.close();
                onStandby.close();
                if (onReturned != null) {
                    onReturned.close();
                }
            }
        }
    }
}
