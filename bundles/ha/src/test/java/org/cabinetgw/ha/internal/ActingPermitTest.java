package org.cabinetgw.ha.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.cabinetgw.ha.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data-path fence (ActingWindow) on two engines and a fake clock: what the uplink's transports read before each
 * connection and send. The SIGSTOP case is the one it exists for: every thread of a frozen process resumes at once,
 * and a sender may look before the heartbeat thread has read anything.
 */
class ActingPermitTest {

    @TempDir
    Path dir;

    private TwoNodes started() throws Exception {
        TwoNodes t = new TwoNodes(dir, s -> s, s -> s);
        t.a.start();
        t.b.start();
        t.runUntil(() -> t.active() != null && t.a.role() != Role.STARTING && t.b.role() != Role.STARTING, 2000);
        t.run(100);
        assertThat(t.a.role()).isEqualTo(Role.ACTIVE);
        return t;
    }

    @Test
    void theActiveHoldsItAtEveryMillisecondTheStandbyNever() throws Exception {
        TwoNodes t = started();
        for (int i = 0; i < 3000; i++) {
            t.run(1);
            assertThat(t.a.engine.permit().granted()).as("active at +%d ms", i).isTrue();
            assertThat(t.b.engine.permit().granted()).as("standby at +%d ms", i).isFalse();
        }
    }

    @Test
    void aFrozenActiveFindsItLapsedTheInstantItResumesAndStaleHeartbeatsDoNotGrantItAgain() throws Exception {
        TwoNodes t = started();
        t.a.freeze();
        // by the time it resumes its witness connection is gone (the broker dropped it): it learns nothing there first
        t.broker.cut("gw-a", true);
        t.runUntil(() -> t.b.role() == Role.ACTIVE, 10_000);
        assertThat(t.b.role()).isEqualTo(Role.ACTIVE);
        t.run(1000); // frozen well past the takeover; the new active's heartbeats wait in a's socket buffers
        int firstActive = firstFrom(t.a, Role.ACTIVE);
        assertThat(firstActive).as("b's heartbeats as STANDBY, then as ACTIVE, buffered").isPositive();

        // SIGCONT: nothing of a has run yet, it still believes it is ACTIVE; a sender looking now is refused
        t.a.thaw();
        t.pathUp[1][0] = false; // from here on only the backlog reaches a (read below, in order)
        t.pathUp[1][1] = false;
        assertThat(t.a.role()).isEqualTo(Role.ACTIVE);
        assertThat(t.a.engine.permit().granted()).as("lapsed during the freeze, before any thread ran").isFalse();

        // the heartbeat thread reads the stale part of the backlog (b still STANDBY, sent before its takeover), and a
        // ticks on: that proves nothing about now, the permit stays lapsed (though a still thinks it is ACTIVE; later
        // it steps down as isolated: no more heartbeats and no witness)
        t.a.readInbox(firstActive);
        int fencedWhileActive = 0;
        for (int i = 0; i < 300; i++) {
            t.run(1);
            assertThat(t.a.engine.permit().granted()).as("+%d ms after the resume", i).isFalse();
            fencedWhileActive += t.a.role() == Role.ACTIVE ? 1 : 0;
        }
        assertThat(fencedWhileActive).as("ms ACTIVE and fenced").isGreaterThanOrEqualTo(79);

        // then what followed: b ACTIVE with the higher epoch; a learns it, and stays fenced
        t.a.readInbox(Integer.MAX_VALUE);
        assertThat(t.a.engine.epoch()).isEqualTo(t.b.engine.epoch());
        assertThat(t.a.role()).isIn(Role.DEMOTED, Role.STANDBY);
        assertThat(t.a.engine.permit().granted()).isFalse();
        assertThat(t.b.engine.permit().granted()).isTrue();
    }

    @Test
    void aResumedNodeDoesNotElectItselfOnTheStaleHeartbeatsAnOverflowedBufferKept() throws Exception {
        TwoNodes t = started();
        t.a.freeze(); // its witness connection stays: the lease with the higher epoch is there when it resumes
        t.runUntil(() -> t.b.role() == Role.ACTIVE, 10_000);
        t.run(1000);
        // the socket buffers overflowed during the freeze: they hold the oldest datagrams, b as STANDBY, and dropped
        // the newer ones (b ACTIVE); measured so in the two-process test: the resumed node elected itself, epoch + 1
        int firstActive = firstFrom(t.a, Role.ACTIVE);
        t.a.inbox.subList(firstActive, t.a.inbox.size()).clear();
        t.a.thaw();
        t.pathUp[1][0] = false;
        t.pathUp[1][1] = false;
        // the heartbeat thread runs before the tick thread: stale STANDBY heartbeats first, then the witness's lease
        t.a.readInbox(Integer.MAX_VALUE);
        t.a.engine.tick();
        assertThat(t.a.role()).as("demoted by the witness's higher epoch, not elected").isEqualTo(Role.DEMOTED);
        for (int i = 0; i < 60; i++) {
            t.run(1);
            assertThat(t.a.role()).as("+%d ms", i).isNotEqualTo(Role.ACTIVE);
        }
        // fresh heartbeats again: b is ACTIVE, a its standby; b was never deposed
        t.pathUp[1][0] = true;
        t.pathUp[1][1] = true;
        t.run(300);
        assertThat(t.a.role()).isEqualTo(Role.STANDBY);
        assertThat(t.b.role()).isEqualTo(Role.ACTIVE);
        assertThat(t.events("gw-b", org.cabinetgw.ha.HaEvents.DEMOTED)).isEmpty();
        assertThat(t.doubleActiveMillis).isZero();
    }

    @Test
    void aShortStallKeepsItTheStandbyCannotHaveTakenOver() throws Exception {
        TwoNodes t = started();
        t.a.freeze();
        t.run(300); // a GC pause: longer than the heartbeat timeout, far shorter than the witness's lease rules
        t.a.thaw();
        assertThat(t.b.role()).isEqualTo(Role.STANDBY);
        assertThat(t.a.engine.permit().granted()).as("the last acknowledged renewal still covers it").isTrue();
        t.run(2000);
        assertThat(t.a.engine.permit().granted()).isTrue();
        assertThat(t.doubleActiveMillis).isZero();
    }

    @Test
    void itIsWithdrawnAtTheSwitchoverItselfAndTheNewActiveHasItAtOnce() throws Exception {
        TwoNodes t = started();
        assertThat(t.a.engine.switchover().accepted()).isTrue();
        assertThat(t.a.engine.permit().granted()).as("withdrawn in the call, before any condition change").isFalse();
        t.runUntil(() -> t.b.role() == Role.ACTIVE, 1000);
        assertThat(t.b.engine.permit().granted()).isTrue();
        assertThat(t.a.engine.permit().granted()).isFalse();
    }

    @Test
    void theStandbysHeartbeatsKeepItWhileTheWitnessIsAway() throws Exception {
        TwoNodes t = started();
        t.broker.cut("gw-a", true); // no renewal acknowledged from here; the peer is heard
        for (int i = 0; i < 5000; i++) {
            t.run(1);
            assertThat(t.a.engine.permit().granted()).as("+%d ms", i).isTrue();
        }
        // the standby gone as well: the active steps down (STEP_DOWN) and the permit goes with it
        t.b.kill();
        t.runUntil(() -> t.a.role() != Role.ACTIVE, 5000);
        assertThat(t.a.role()).isEqualTo(Role.DEMOTED);
        assertThat(t.a.engine.permit().granted()).isFalse();
    }

    @Test
    void anActiveKeptActiveWhenIsolatedKeepsItButAStallStillFencesIt() throws Exception {
        TwoNodes t = new TwoNodes(dir, s -> new PairSettings(s.nodeId(), s.pairId(), s.priority(), s.paths(), s.key(),
                s.intervalMs(), s.timeoutMs(), s.startupWaitMs(), s.failBack(), s.failBackHoldMs(), s.standbyWhenIsolated(),
                PairSettings.ActiveWhenIsolated.KEEP_ACTIVE, s.stepDownMs(), s.leaseRenewMs(), s.leaseTimeoutMs()), s -> s);
        t.a.start();
        t.b.start();
        t.runUntil(() -> t.a.role() == Role.ACTIVE && t.b.role() == Role.STANDBY, 2000);
        t.broker.cut("gw-a", true);
        t.b.kill();
        for (int i = 0; i < 5000; i++) { // neither peer nor witness: its own rules keep it acting, and the permit
            t.run(1);
            assertThat(t.a.engine.permit().granted()).as("+%d ms", i).isTrue();
        }
        t.a.freeze();
        t.run(500);
        t.a.thaw();
        assertThat(t.a.engine.permit().granted()).as("lapsed during the freeze").isFalse();
        t.run(t.a.settings.timeoutMs() + 20);
        assertThat(t.a.engine.permit().granted()).as("one timeout after the stall").isTrue();
    }

    @Test
    void evidenceFromBeforeAStallDoesNotCount() {
        FakeClock clock = new FakeClock();
        ActingWindow w = new ActingWindow(clock, 80);
        w.ticked(clock.getAsLong());
        w.grantFor(clock.getAsLong(), 80);
        assertThat(w.granted()).isTrue();
        clock.advance(80);
        assertThat(w.granted()).as("lapses by itself").isFalse();
        long before = clock.getAsLong();
        clock.advance(2000); // a stall: no tick
        w.ticked(clock.getAsLong());
        w.evidence(before, 1000);
        w.evidence(clock.getAsLong() - 1, 1000); // read after the stall, but from the backlog
        assertThat(w.granted()).isFalse();
        for (int i = 0; i < 81; i++) { // ticking again, every millisecond
            clock.advance(1);
            w.ticked(clock.getAsLong());
        }
        w.evidence(clock.getAsLong(), 1000);
        assertThat(w.granted()).as("fresh evidence once the backlog is read").isTrue();
        assertThat(w.remaining(clock.getAsLong())).isEqualTo(1000);
        w.withdraw();
        assertThat(w.granted()).isFalse();
        assertThat(w.remaining(clock.getAsLong())).isZero();
    }

    /** The index in {@code n}'s buffered datagrams of the first one from a peer in {@code role}. */
    private static int firstFrom(TwoNodes.Node n, Role role) {
        HeartbeatCodec codec = new HeartbeatCodec(TwoNodes.KEY);
        int i = 0;
        for (Map.Entry<Integer, byte[]> d : n.inbox) {
            Heartbeat h = codec.decode(d.getValue(), d.getValue().length, "cabinet-7").heartbeat();
            if (h != null && h.role() == role) {
                return i;
            }
            i++;
        }
        return -1;
    }
}
