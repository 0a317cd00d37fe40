package org.cabinetgw.ha.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The replication settings: each bad value refused with the setting named; the addresses each once, never our own. */
class ReplicationSettingsTest {

    private static final List<PathSpec> PATHS = List.of(
            new PathSpec("lan", new InetSocketAddress("10.0.0.1", 7405), new InetSocketAddress("10.0.0.2", 7405)),
            new PathSpec("cable", new InetSocketAddress("192.168.250.1", 7405),
                    new InetSocketAddress("192.168.250.2", 7405)));

    @Test
    void theDefaultsReplicateSynchronouslyOverEveryPath() {
        ReplicationSettings s = ReplicationSettings.parse(7406, "SYNC", 500, PATHS);
        assertThat(s.enabled()).isTrue();
        assertThat(s.synchronous()).isTrue();
        assertThat(s.peer(PATHS)).containsExactly(new InetSocketAddress("10.0.0.2", 7406),
                new InetSocketAddress("192.168.250.2", 7406));
        assertThat(ReplicationSettings.parse(7406, " async ", 500, PATHS).synchronous()).isFalse();
        assertThat(ReplicationSettings.parse(0, "SYNC", 500, PATHS).enabled()).isFalse();
    }

    @Test
    void badValuesAreRefusedWithTheSettingNamed() {
        assertThatThrownBy(() -> ReplicationSettings.parse(70000, "SYNC", 500, PATHS))
                .hasMessageStartingWith("replication.port = 70000");
        assertThatThrownBy(() -> ReplicationSettings.parse(-1, "SYNC", 500, PATHS))
                .hasMessageStartingWith("replication.port = -1");
        assertThatThrownBy(() -> ReplicationSettings.parse(7405, "SYNC", 500, PATHS))
                .hasMessageStartingWith("replication.port = 7405 is the heartbeat port of path lan");
        assertThatThrownBy(() -> ReplicationSettings.parse(7406, "SOMETIMES", 500, PATHS))
                .hasMessageStartingWith("replication.mode = 'SOMETIMES'");
        assertThatThrownBy(() -> ReplicationSettings.parse(7406, "SYNC", 5, PATHS))
                .hasMessageStartingWith("replication.timeout.millis = 5");
        assertThatThrownBy(() -> ReplicationSettings.parse(7406, "SYNC", 60_001, PATHS))
                .hasMessageStartingWith("replication.timeout.millis = 60001");
    }

    @Test
    void twoPathsOnOneAddressListenOnceAndANodeNeverConnectsToItself() {
        List<PathSpec> loopback = List.of(
                new PathSpec("lan", new InetSocketAddress("127.0.0.1", 1), new InetSocketAddress("127.0.0.1", 2)),
                new PathSpec("cable", new InetSocketAddress("127.0.0.1", 3), new InetSocketAddress("127.0.0.1", 4)));
        ReplicationSettings s = ReplicationSettings.parse(7406, "SYNC", 500, loopback);
        assertThat(s.local(loopback)).containsExactly(new InetSocketAddress("127.0.0.1", 7406));
        assertThat(s.peer(loopback)).isEmpty();
    }
}
