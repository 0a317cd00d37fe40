package org.cabinetgw.ha.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.cabinetgw.ha.HaEvents;
import org.cabinetgw.ha.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Both started at once", as the two-gateway harness showed it after the incarnation fix (README): b's pair came up
 * first, heard nobody and took over alone; a's sockets were bound while its JVM was still starting, so the first
 * datagrams a read were b's heartbeats from before b's takeover (STANDBY). a elected itself on them: two ACTIVE
 * nodes with the same epoch until b heard a (218 ms in the harness log). A start reads a backlog, as a resume after
 * a stall does: the election must wait for heartbeats heard one timeout after the first one read.
 */
class StartBacklogTest {

    @TempDir
    Path dir;

    @Test
    void aStartingNodeDoesNotElectItselfOnHeartbeatsThatWaitedInItsSockets() throws Exception {
        TwoNodes t = new TwoNodes(dir, s -> s, s -> s);
        t.a.start();
        t.a.freeze(); // a's sockets are bound, nothing of a runs yet: what b sends waits there
        t.b.start();
        t.runUntil(() -> t.b.role() == Role.ACTIVE, 2000);
        assertThat(t.b.role()).as("b alone takes over (no lease of a at the witness)").isEqualTo(Role.ACTIVE);
        t.run(40); // b's ACTIVE heartbeats queue behind its STARTING/STANDBY ones

        t.a.thaw();
        t.a.readInbox(1); // the oldest first: b as it was before its takeover
        assertThat(t.a.role()).as("a, on a heartbeat that waited in its socket: %s", t.a.engine.status().reason())
                .isNotEqualTo(Role.ACTIVE);
        while (t.a.readInbox(1) > 0) {
            assertThat(t.a.role()).isNotEqualTo(Role.ACTIVE);
        }
        t.run(500);
        assertThat(t.a.role()).isEqualTo(Role.STANDBY);
        assertThat(t.b.role()).isEqualTo(Role.ACTIVE);
        assertThat(t.events("gw-a", HaEvents.TAKEOVER)).as("a never took over").isEmpty();
        assertThat(t.events("gw-b", HaEvents.DEMOTED)).as("b never demoted").isEmpty();
        assertThat(t.doubleActiveMillis).isZero();
    }

    @Test
    void bothHeardFreshStillElectTheFirstRankedWithinTheStart() throws Exception {
        TwoNodes t = new TwoNodes(dir, s -> s, s -> s);
        t.a.start();
        t.b.start();
        long took = t.runUntil(() -> t.a.role() == Role.ACTIVE && t.b.role() == Role.STANDBY, 2000);
        assertThat(t.a.role()).isEqualTo(Role.ACTIVE);
        assertThat(took).as("one timeout after the first heartbeat, well within startup.wait.millis").isLessThan(200);
        assertThat(t.events("gw-a", HaEvents.TAKEOVER)).hasSize(1);
        assertThat(t.events("gw-b", HaEvents.TAKEOVER)).isEmpty();
        assertThat(t.doubleActiveMillis).isZero();
    }
}
