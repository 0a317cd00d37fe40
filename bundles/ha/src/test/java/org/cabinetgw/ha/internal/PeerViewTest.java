package org.cabinetgw.ha.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.cabinetgw.ha.Role;
import org.junit.jupiter.api.Test;

/**
 * After a stall the heartbeat sockets hold what the peer sent meanwhile, path by path: an old heartbeat read late
 * on one path keeps the peer alive but must not replace the newer role and epoch read on the other.
 */
class PeerViewTest {

    private static Heartbeat hb(int path, long incarnation, long seq, long epoch, Role role) {
        return new Heartbeat("cab", "gw-b", path, incarnation, seq, epoch, role, 100, false);
    }

    @Test
    void anOlderHeartbeatReadLateOnAnotherPathKeepsThePeerAliveButNotItsOldRole() {
        PeerView peer = new PeerView();
        peer.heard(hb(1, 7, 40, 16, Role.ACTIVE), 1000, 5000);     // the cable: fresh, the peer took over
        peer.heard(hb(0, 7, 12, 15, Role.STANDBY), 1001, 5001);    // the LAN: buffered during the stall
        assertThat(peer.role).isEqualTo(Role.ACTIVE);
        assertThat(peer.epoch).isEqualTo(16);
        assertThat(peer.lastHeard).as("still a sign of life").isEqualTo(1001);
        peer.heard(hb(0, 7, 41, 16, Role.ACTIVE), 1002, 5002);
        assertThat(peer.role).isEqualTo(Role.ACTIVE);
    }

    @Test
    void aRestartedPeerIsBelievedFromItsFirstHeartbeat() {
        PeerView peer = new PeerView();
        peer.heard(hb(0, 7, 900, 16, Role.ACTIVE), 1000, 5000);
        peer.heard(hb(0, 8, 1, 16, Role.STARTING), 2000, 6000); // a new incarnation numbers from 1 again
        assertThat(peer.role).isEqualTo(Role.STARTING);
        peer.heard(hb(1, 7, 901, 16, Role.ACTIVE), 2001, 6001);  // the old incarnation's last words, late
        assertThat(peer.role).isEqualTo(Role.STARTING);
    }
}
