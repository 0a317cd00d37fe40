package org.cabinetgw.uplink.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.cabinetgw.testing.netns.Netns;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The session follows the route, in real network namespaces ({@link FollowCabinet}): each birth message is
 * acknowledged by the broker before the transport counts as connected, and the socket's local address is
 * read with {@code ss}. The route moves are done here as the manager does them; the manager's own switching
 * is tested in the network bundle.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LinkFollowInNamespacesTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void needsRoot() {
        Assumptions.assumeTrue(Netns.available(), "skipped: needs root and iproute2 for network namespaces");
    }

    @Test
    void theSessionMovesToCellularAtOnceAndBackToWiredAfterTheFailback() throws Exception {
        try (FollowCabinet cab = new FollowCabinet(dir)) {
            cab.awaitBirths(1, 20_000);
            assertThat(cab.sessionSource()).isEqualTo("10.1.0.2");

            // wired blackholed at the far side: the session's packets from 10.1.0.2 go nowhere
            cab.cloud.ip("link", "set", "w1", "down");
            cab.routeOverCellular();
            long switched = System.currentTimeMillis();
            cab.child.send("switch cellular");
            long failover = cab.awaitBirths(2, 10_000) - switched;
            System.out.println("LinkFollowInNamespacesTest: route switched -> birth message acknowledged over cellular in "
                    + failover + " ms");
            assertThat(failover).as("acknowledged over cellular within 2 s of the switch").isLessThan(2000);
            assertThat(cab.sessionSource()).isEqualTo("10.2.0.2");
            // the old session's will (offline) reaches the broker's retained status after our birth: the
            // transport restates online, so the status topic ends "online"
            Thread.sleep(2000);
            assertThat(cab.lastStatus()).isEqualTo("online");

            // wired back, fail-back: the session must leave the metered link
            cab.cloud.ip("link", "set", "w1", "up");
            Thread.sleep(200);
            cab.routeOverWired();
            switched = System.currentTimeMillis();
            cab.child.send("switch wired");
            long failback = cab.awaitBirths(3, 10_000) - switched;
            System.out.println("LinkFollowInNamespacesTest: fail-back -> birth message acknowledged over wired in "
                    + failback + " ms");
            assertThat(failback).isLessThan(2000);
            assertThat(cab.sessionSource()).isEqualTo("10.1.0.2");
            cab.child.send("state");
            String state = cab.child.nextLine(5000);
            while (state != null && !state.startsWith("state ")) {
                state = cab.child.nextLine(5000);
            }
            assertThat(state).isEqualTo("state connected to tcp://" + FollowCabinet.BROKER + ":1883 from 10.1.0.2");
        }
    }
}
