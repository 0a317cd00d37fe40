package org.cabinetgw.ha.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.cabinetgw.ha.HaEvents;
import org.cabinetgw.ha.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Both started at once" (README): the witness still holds the peer's will from its previous life; the peer has
 * been heard since in a newer incarnation, elected itself and stalled before its own witness connection was made.
 * That old release says nothing of the life heard since and must not let this node take over.
 */
class StaleReleaseTest {

    @TempDir
    Path dir;

    /** Both were running (a ACTIVE), then both killed: the witness keeps a's will of that life, retained. */
    private TwoNodes bothKilled() throws Exception {
        TwoNodes t = new TwoNodes(dir, s -> s, s -> s);
        t.a.start();
        t.b.start();
        t.runUntil(() -> t.a.role() == Role.ACTIVE && t.b.role() == Role.STANDBY, 2000);
        t.run(100);
        t.a.kill();
        t.b.kill();
        return t;
    }

    @Test
    void aReleaseOfThePeersEarlierLifeIsNoProofOnceItWasHeardInANewerOne() throws Exception {
        TwoNodes t = bothKilled();
        // b starts first, its witness connection not made yet: standby after the start wait, nothing to confirm with
        t.broker.cut("gw-b", true);
        t.b.start();
        t.run(600);
        assertThat(t.b.role()).isEqualTo(Role.STANDBY);
        // a starts (a new incarnation), is heard by b and elects itself before its own witness connection is made
        t.broker.cut("gw-a", true);
        t.a.start();
        t.runUntil(() -> t.a.role() == Role.ACTIVE, 2000);
        t.run(50);
        assertThat(t.a.role()).isEqualTo(Role.ACTIVE);
        assertThat(t.b.role()).isEqualTo(Role.STANDBY);
        // a's JVM stalls; meanwhile b's witness connection delivers a's retained will of its previous life
        t.a.freeze();
        long frozenAt = t.clock.getAsLong();
        t.broker.cut("gw-b", false);
        t.run(1000);
        assertThat(t.b.role()).as("a silent for 1 s after being heard ACTIVE in a newer life; b: %s",
                t.b.engine.status().reason()).isEqualTo(Role.STANDBY);
        assertThat(t.events("gw-b", HaEvents.TAKEOVER)).isEmpty();
        assertThat(t.b.engine.status().reason()).contains("earlier life");

        // other evidence the rules accept still counts: silent for lease.timeout.millis, as an unrenewed lease
        t.runUntil(() -> t.b.role() == Role.ACTIVE, 5000);
        assertThat(t.b.role()).isEqualTo(Role.ACTIVE);
        assertThat(t.clock.getAsLong() - frozenAt).isGreaterThanOrEqualTo(3000 - 20);
        // a resumes: the higher epoch demotes it at once
        t.a.thaw();
        t.runUntil(() -> t.a.role() != Role.ACTIVE, 200);
        assertThat(t.a.role()).isIn(Role.DEMOTED, Role.STANDBY);
        assertThat(t.doubleActiveMillis).isZero();
    }

    @Test
    void aReleaseOfTheLifeHeardStillCountsAtOnceAlsoAfterARestart() throws Exception {
        TwoNodes t = new TwoNodes(dir, s -> s, s -> s);
        t.a.start();
        t.b.start();
        t.runUntil(() -> t.a.role() == Role.ACTIVE && t.b.role() == Role.STANDBY, 2000);
        t.a.kill();
        t.runUntil(() -> t.b.role() == Role.ACTIVE, 2000);
        t.a.start(); // a new life of a, standby now; its own lease replaces the old will
        t.run(500);
        assertThat(t.a.role()).isEqualTo(Role.STANDBY);
        t.b.kill();
        long took = t.runUntil(() -> t.a.role() == Role.ACTIVE, 2000);
        assertThat(t.a.role()).isEqualTo(Role.ACTIVE);
        assertThat(took).as("b's will names the life a heard: proof at once").isBetween(60L, 90L);
        assertThat(t.doubleActiveMillis).isZero();
    }

    @Test
    void aPeerNeverHeardInThisLifeIsReleasedByAnyRelease() throws Exception {
        TwoNodes t = bothKilled();
        t.b.start(); // alone: a stays down; the witness holds a's will of its previous life
        long took = t.runUntil(() -> t.b.role() == Role.ACTIVE, 2000);
        assertThat(t.b.role()).as("nothing heard since the release: it stands").isEqualTo(Role.ACTIVE);
        assertThat(took).isBetween(500L, 520L); // startup.wait.millis
    }

    @Test
    void aWillWithoutAnIncarnationFromAnOlderNodeCountsOnlyAfterTheLeaseTimeout() throws Exception {
        TwoNodes t = new TwoNodes(dir, s -> s, s -> s);
        t.broker.olderNode("gw-a"); // a rolling update: a still runs the release before the incarnation in the lease
        t.a.start();
        t.b.start();
        t.runUntil(() -> t.a.role() == Role.ACTIVE && t.b.role() == Role.STANDBY, 2000);
        t.run(100);
        t.a.kill();
        t.run(1000);
        assertThat(t.b.role()).as("a will that may be of any life of a is no proof yet").isEqualTo(Role.STANDBY);
        assertThat(t.b.engine.status().reason()).contains("incarnation not named");
        long took = t.runUntil(() -> t.b.role() == Role.ACTIVE, 5000);
        assertThat(t.b.role()).isEqualTo(Role.ACTIVE);
        // lease.timeout.millis (3000) from when a was last heard, up to one 20 ms interval before the kill
        assertThat(took + 1000).as("ms from the kill").isBetween(2975L, 3005L);
        assertThat(t.events("gw-b", HaEvents.TAKEOVER).get(0).props().get(HaEvents.REASON).toString())
                .contains("lease.timeout.millis");
    }
}
