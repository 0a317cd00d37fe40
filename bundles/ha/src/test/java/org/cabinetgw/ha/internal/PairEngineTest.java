package org.cabinetgw.ha.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

import org.cabinetgw.ha.HaEvents;
import org.cabinetgw.ha.Role;
import org.cabinetgw.ha.SwitchoverResult;
import org.cabinetgw.ha.internal.PairSettings.StandbyWhenIsolated;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PairEngineTest {

    @TempDir
    Path dir;

    private TwoNodes started(UnaryOperator<PairSettings> ta, UnaryOperator<PairSettings> tb) throws Exception {
        TwoNodes t = new TwoNodes(dir, ta, tb);
        t.a.start();
        t.b.start();
        t.runUntil(() -> t.active() != null && t.a.role() != Role.STARTING && t.b.role() != Role.STARTING, 2000);
        t.run(100);
        return t;
    }

    private TwoNodes started() throws Exception {
        return started(s -> s, s -> s);
    }

    @Test
    void bothStartingAtOnceGiveExactlyOneActiveTheFirstInRank() throws Exception {
        TwoNodes t = started();
        assertThat(t.a.role()).isEqualTo(Role.ACTIVE); // equal priority: the smaller node id
        assertThat(t.b.role()).isEqualTo(Role.STANDBY);
        assertThat(t.doubleActiveMillis).isZero();
        assertThat(t.a.engine.epoch()).isEqualTo(1);
        assertThat(t.b.engine.epoch()).as("the standby keeps the active's epoch too").isEqualTo(1);
        assertThat(Files.readString(t.a.dir.resolve("epoch")).trim()).isEqualTo("1");
        assertThat(Files.readString(t.b.dir.resolve("epoch")).trim()).isEqualTo("1");
    }

    @Test
    void theHigherPriorityWinsTheStartWhicheverStartsFirst() throws Exception {
        for (int skew : new int[] {0, 1, 7, 30, 300}) {
            Path d = dir.resolve("skew" + skew);
            TwoNodes t = new TwoNodes(d, s -> s, s -> TwoNodes.with(s, 200, false, StandbyWhenIsolated.STAY_STANDBY));
            t.a.start();
            t.run(skew);
            t.b.start();
            t.runUntil(() -> t.a.role() != Role.STARTING && t.b.role() != Role.STARTING && t.active() != null, 3000);
            t.run(200);
            assertThat(t.b.role()).as("skew %d ms", skew).isEqualTo(Role.ACTIVE);
            assertThat(t.a.role()).as("skew %d ms", skew).isEqualTo(Role.STANDBY);
            assertThat(t.doubleActiveMillis).isZero();
        }
    }

    @Test
    void aKilledActiveIsReplacedWithinTheTimeoutOnceTheWitnessConfirms() throws Exception {
        TwoNodes t = started();
        t.a.kill();
        long took = t.runUntil(() -> t.b.role() == Role.ACTIVE, 2000);
        assertThat(t.b.role()).isEqualTo(Role.ACTIVE);
        // the last heartbeat came up to one 20 ms interval before the kill; declared dead 80 ms after it
        assertThat(took).isBetween(60L, 90L);
        assertThat(t.b.engine.epoch()).isEqualTo(2);
        assertThat(Files.readString(t.b.dir.resolve("epoch")).trim()).isEqualTo("2");
        var takeover = t.events("gw-b", HaEvents.TAKEOVER);
        assertThat(takeover).hasSize(1);
        assertThat(takeover.get(0).props()).containsEntry(HaEvents.CAUSE, "witness").containsEntry(HaEvents.EPOCH, 2L);
        assertThat((Long) takeover.get(0).props().get(HaEvents.DETECTION_MILLIS)).isBetween(81L, 90L);
        assertThat(t.events("gw-b", HaEvents.PEER_LOST)).hasSize(1);
    }

    @Test
    void oneLostPathIsReportedNeverATakeover() throws Exception {
        TwoNodes t = started();
        t.cutPath(0, true);
        t.run(1000);
        assertThat(t.a.role()).isEqualTo(Role.ACTIVE);
        assertThat(t.b.role()).isEqualTo(Role.STANDBY);
        assertThat(t.b.engine.status().paths().get(0).up()).isFalse();
        assertThat(t.b.engine.status().paths().get(1).up()).isTrue();
        assertThat(t.b.engine.status().peerAlive()).isTrue();
        assertThat(t.events("gw-b", HaEvents.PATH_CHANGED)).anyMatch(e -> e.props().get(HaEvents.PATH).equals("lan")
                && e.props().get(HaEvents.UP).equals(false));
        assertThat(t.events("gw-b", HaEvents.TAKEOVER)).isEmpty();
        t.cutPath(0, false);
        t.run(100);
        assertThat(t.b.engine.status().paths().get(0).up()).isTrue();
    }

    @Test
    void bothPathsCutWhileTheActiveRenewsItsLeaseIsNoTakeover() throws Exception {
        TwoNodes t = started();
        t.cutPath(0, true);
        t.cutPath(1, true);
        t.run(10_000);
        assertThat(t.a.role()).isEqualTo(Role.ACTIVE);
        assertThat(t.b.role()).isEqualTo(Role.STANDBY);
        assertThat(t.b.engine.status().reason()).contains("witness shows it active");
        assertThat(t.doubleActiveMillis).isZero();
    }

    @Test
    void aStandbyThatReachesNeitherPeerNorWitnessStaysStandbyByDefault() throws Exception {
        TwoNodes t = started();
        t.broker.cut("gw-b", true);
        t.a.kill();
        t.run(10_000);
        assertThat(t.b.role()).isEqualTo(Role.STANDBY);
        assertThat(t.b.engine.status().reason()).contains("STAY_STANDBY");
        t.broker.cut("gw-b", false);
        t.runUntil(() -> t.b.role() == Role.ACTIVE, 100);
        assertThat(t.b.role()).as("the witness is back and shows the will: take over").isEqualTo(Role.ACTIVE);
    }

    @Test
    void takeOverWhenIsolatedIsTheIntegratorsChoice() throws Exception {
        TwoNodes t = started(s -> s, s -> TwoNodes.with(s, 100, false, StandbyWhenIsolated.TAKE_OVER));
        t.broker.cut("gw-b", true);
        t.a.kill();
        t.runUntil(() -> t.b.role() == Role.ACTIVE, 500);
        assertThat(t.b.role()).isEqualTo(Role.ACTIVE);
        assertThat(t.events("gw-b", HaEvents.TAKEOVER).get(0).props()).containsEntry(HaEvents.CAUSE, "policy");
    }

    @Test
    void anIsolatedActiveStepsDownBeforeTheStandbyMayTakeOver() throws Exception {
        TwoNodes t = started();
        // the active loses both paths and the broker (its cables pulled); the standby still reaches the broker
        t.cutPath(0, true);
        t.cutPath(1, true);
        t.broker.cut("gw-a", true);
        long cutAt = t.clock.getAsLong();
        t.runUntil(() -> t.b.role() == Role.ACTIVE, 10_000);
        assertThat(t.b.role()).isEqualTo(Role.ACTIVE);
        assertThat(t.a.role()).isEqualTo(Role.DEMOTED);
        var demoted = t.events("gw-a", HaEvents.DEMOTED).get(0);
        var takeover = t.events("gw-b", HaEvents.TAKEOVER).get(0);
        assertThat(demoted.at()).as("stepped down at %d, taken over at %d", demoted.at() - cutAt, takeover.at() - cutAt)
                .isLessThan(takeover.at());
        assertThat(t.doubleActiveMillis).isZero();
        // the network heals: one active (b, the higher epoch), a standby again
        t.cutPath(0, false);
        t.cutPath(1, false);
        t.broker.cut("gw-a", false);
        t.run(200);
        assertThat(t.a.role()).isEqualTo(Role.STANDBY);
        assertThat(t.b.role()).isEqualTo(Role.ACTIVE);
    }

    @Test
    void aFrozenActiveDemotesAtOnceWhenItHearsTheHigherEpoch() throws Exception {
        TwoNodes t = started();
        // SIGSTOP: nothing sent, nothing renewed, but the connection to the broker stays open (no will)
        t.a.running = false;
        t.runUntil(() -> t.b.role() == Role.ACTIVE, 10_000);
        assertThat(t.b.role()).isEqualTo(Role.ACTIVE);
        assertThat(t.events("gw-b", HaEvents.TAKEOVER).get(0).props().get(HaEvents.REASON).toString())
                .contains("not renewed");
        // SIGCONT: the first heartbeat it hears demotes it, before its own first tick
        t.a.running = true;
        t.b.engine.tick(); // b sends (due or not, its next heartbeat reaches a within one interval)
        t.runUntil(() -> t.a.role() != Role.ACTIVE, 100);
        assertThat(t.a.role()).isIn(Role.DEMOTED, Role.STANDBY);
        assertThat(t.events("gw-a", HaEvents.DEMOTED).get(0).props()).containsEntry(HaEvents.PEER_EPOCH, 2L);
        t.run(100);
        assertThat(t.a.role()).isEqualTo(Role.STANDBY);
        assertThat(t.a.engine.epoch()).isEqualTo(2);
    }

    @Test
    void noFailBackByDefault() throws Exception {
        TwoNodes t = started();
        t.a.kill();
        t.runUntil(() -> t.b.role() == Role.ACTIVE, 2000);
        t.a.start(); // a returns: it is preferred (smaller id) but b is active
        t.run(2000);
        assertThat(t.a.role()).isEqualTo(Role.STANDBY);
        assertThat(t.b.role()).isEqualTo(Role.ACTIVE);
        assertThat(t.doubleActiveMillis).isZero();
    }

    @Test
    void failBackToThePreferredNodeAfterTheHoldWhenTurnedOn() throws Exception {
        TwoNodes t = started(s -> TwoNodes.with(s, 200, true, StandbyWhenIsolated.STAY_STANDBY),
                s -> TwoNodes.with(s, 100, true, StandbyWhenIsolated.STAY_STANDBY));
        assertThat(t.a.role()).isEqualTo(Role.ACTIVE);
        t.a.kill();
        t.runUntil(() -> t.b.role() == Role.ACTIVE, 2000);
        t.a.start();
        t.run(5000);
        assertThat(t.b.role()).as("within the 10 s hold").isEqualTo(Role.ACTIVE);
        t.runUntil(() -> t.a.role() == Role.ACTIVE, 10_000);
        assertThat(t.a.role()).isEqualTo(Role.ACTIVE);
        t.run(200);
        assertThat(t.b.role()).isEqualTo(Role.STANDBY);
        assertThat(t.doubleActiveMillis).isZero();
    }

    @Test
    void plannedSwitchoverHandsTheRoleOverAndBack() throws Exception {
        TwoNodes t = started();
        SwitchoverResult r = t.a.engine.switchover();
        assertThat(r.accepted()).as(r.detail()).isTrue();
        assertThat(t.a.role()).isEqualTo(Role.DEMOTED);
        t.runUntil(() -> t.b.role() == Role.ACTIVE && t.a.role() == Role.STANDBY, 200);
        assertThat(t.b.role()).isEqualTo(Role.ACTIVE);
        assertThat(t.a.role()).isEqualTo(Role.STANDBY);
        assertThat(t.events("gw-b", HaEvents.TAKEOVER).get(0).props()).containsEntry(HaEvents.CAUSE, "handover");
        t.run(100);
        assertThat(t.b.engine.switchover().accepted()).isTrue();
        t.runUntil(() -> t.a.role() == Role.ACTIVE && t.b.role() == Role.STANDBY, 200);
        assertThat(t.a.role()).isEqualTo(Role.ACTIVE);
        assertThat(t.a.engine.epoch()).isEqualTo(3);
        assertThat(t.doubleActiveMillis).isZero();
    }

    @Test
    void aSwitchoverIsRefusedUnlessThePairIsHealthy() throws Exception {
        TwoNodes t = started();
        assertThat(t.b.engine.switchover().detail()).contains("not ACTIVE");
        t.cutPath(1, true);
        t.run(200);
        SwitchoverResult r = t.a.engine.switchover();
        assertThat(r.accepted()).isFalse();
        assertThat(r.detail()).contains("cable");
        assertThat(t.a.role()).isEqualTo(Role.ACTIVE);
        t.b.kill();
        t.run(200);
        assertThat(t.a.engine.switchover().detail()).contains("not heard");
    }

    @Test
    void theEpochOutlivesARestartAndATakeoverGoesAboveIt() throws Exception {
        TwoNodes t = started();
        t.a.kill();
        t.runUntil(() -> t.b.role() == Role.ACTIVE, 2000);
        t.b.kill();
        t.a.start();
        t.b.start();
        t.runUntil(() -> t.active() != null, 3000);
        t.run(200);
        assertThat(t.active().engine.epoch()).isEqualTo(3);
        assertThat(t.doubleActiveMillis).isZero();
    }

    @Test
    void aNodeThatCannotWriteItsEpochDoesNotTakeOver() throws Exception {
        TwoNodes t = started();
        // the epoch file's directory made a file: the write fails
        Path epochDir = t.b.dir;
        Files.delete(epochDir.resolve("epoch"));
        Files.createDirectories(epochDir.resolve("epoch.tmp"));
        t.a.kill();
        t.run(2000);
        assertThat(t.b.role()).isEqualTo(Role.STANDBY);
        assertThat(t.b.engine.status().reason()).contains("epoch could not be written");
    }
}
