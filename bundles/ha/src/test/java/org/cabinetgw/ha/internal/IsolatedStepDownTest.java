package org.cabinetgw.ha.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.cabinetgw.ha.HaEvents;
import org.cabinetgw.ha.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The active fully isolated (both heartbeat paths and the broker gone), as the two-gateway harness's new isolation
 * scenario showed it: its MQTT client still believed the session open (a pulled cable is noticed only at the
 * keep-alive), so after stepping down the isolated node read the witness's stale picture (the standby's lease, not
 * acting) and took over again, 80 ms later, every second, raising the epoch each time; once healed its higher epoch
 * deposed the standby that had rightly taken over, and its own queue went out. After stepping down for want of
 * acknowledgements, the witness counts again only once it acknowledged something since.
 */
class IsolatedStepDownTest {

    @TempDir
    Path dir;

    @Test
    void anIsolatedActiveStaysDownAndThePeerThatTookOverKeepsTheRoleAfterTheHeal() throws Exception {
        TwoNodes t = new TwoNodes(dir, s -> s, s -> s);
        t.a.start();
        t.broker.connected("gw-a", 0);
        t.b.start();
        t.broker.connected("gw-b", 0); // b's standby lease of this life
        t.runUntil(() -> t.a.role() == Role.ACTIVE && t.b.role() == Role.STANDBY, 2000);
        t.run(500);
        assertThat(t.a.role()).isEqualTo(Role.ACTIVE);

        long cutAt = t.clock.getAsLong();
        t.cutPath(0, true);
        t.cutPath(1, true);
        t.broker.halfOpen("gw-a", "gw-b", true);
        t.runUntil(() -> t.b.role() == Role.ACTIVE, 10_000);
        assertThat(t.b.role()).as("b takes over once a's lease is stale").isEqualTo(Role.ACTIVE);
        t.run(3000); // isolated for a while longer
        assertThat(t.events("gw-a", HaEvents.DEMOTED)).as("a stepped down").isNotEmpty();
        assertThat(t.events("gw-a", HaEvents.TAKEOVER).stream().filter(e -> e.at() > cutAt))
                .as("a took over again while isolated: %s", t.a.engine.status().reason()).isEmpty();
        assertThat(t.a.role()).isNotEqualTo(Role.ACTIVE);

        t.cutPath(0, false);
        t.cutPath(1, false);
        t.broker.halfOpen("gw-a", "gw-b", false);
        t.run(1000);
        assertThat(t.b.role()).isEqualTo(Role.ACTIVE);
        assertThat(t.a.role()).isEqualTo(Role.STANDBY);
        assertThat(t.events("gw-b", HaEvents.DEMOTED)).as("b deposed after the heal").isEmpty();
        assertThat(t.doubleActiveMillis).isZero();

        // and the witness counts for a again once it answers: b killed, a takes over on b's will
        t.b.kill();
        long took = t.runUntil(() -> t.a.role() == Role.ACTIVE, 5000);
        assertThat(t.a.role()).as("a after b's death: %s", t.a.engine.status().reason()).isEqualTo(Role.ACTIVE);
        assertThat(took).isLessThan(500);
    }
}
