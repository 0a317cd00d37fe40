package org.cabinetgw.network.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.cabinetgw.network.LinkState;
import org.junit.jupiter.api.Test;

/** The link state machine, driven with a fake clock: {@code now} advances by hand, 200 ms per round. */
class LinkHealthTest {

    private static final long ROUND = 200;
    private long now = 1_000_000;

    /** Loss never degrades with this policy: these tests are about DOWN and HELD_DOWN. */
    private static HealthPolicy policy(int down, int up, long holdInitial, long holdMax) {
        return new HealthPolicy(10, down, up, 100.0, 500, 60_000, holdInitial, holdMax);
    }

    private boolean good(LinkHealth h, long latency) {
        now += ROUND;
        return h.round(now - 50, now, true, latency, "");
    }

    private boolean bad(LinkHealth h) {
        now += ROUND;
        return h.round(now - ROUND, now, false, -1, "no answer within 200 ms");
    }

    private void up(LinkHealth h, int rounds) {
        for (int i = 0; i < rounds; i++) {
            good(h, 10);
        }
    }

    @Test
    void startsDownAndComesUpOnlyAfterUpAfterGoodRounds() {
        LinkHealth h = new LinkHealth(policy(2, 3, 0, 0), now);
        assertThat(h.state()).isEqualTo(LinkState.DOWN);
        assertThat(h.reason()).isEqualTo("not probed yet");
        good(h, 10);
        good(h, 10);
        assertThat(h.state()).isEqualTo(LinkState.DOWN);
        assertThat(good(h, 10)).isTrue();
        assertThat(h.state()).isEqualTo(LinkState.UP);
        assertThat(h.usableSince()).isEqualTo(now);
    }

    @Test
    void goesDownAfterNFailedRoundsAndRecordsFaultTimings() {
        LinkHealth h = new LinkHealth(policy(3, 1, 0, 0), now);
        up(h, 1);
        long firstFailedSent = now; // the next round's probes are sent at now (then = now + ROUND - ROUND)
        assertThat(bad(h)).isFalse();
        assertThat(bad(h)).isFalse();
        assertThat(h.state()).isEqualTo(LinkState.UP);
        assertThat(bad(h)).isTrue();
        assertThat(h.state()).isEqualTo(LinkState.DOWN);
        assertThat(h.reason()).isEqualTo("no answer within 200 ms");
        assertThat(h.faultFirstSeen()).isEqualTo(firstFailedSent);
        assertThat(h.declaredDown()).isEqualTo(now);
        assertThat(h.usableSince()).isEqualTo(-1);
    }

    @Test
    void aSingleGoodRoundResetsTheFailureCount() {
        LinkHealth h = new LinkHealth(policy(3, 1, 0, 0), now);
        up(h, 1);
        for (int i = 0; i < 10; i++) {
            bad(h);
            bad(h);
            good(h, 10);
        }
        assertThat(h.state()).isNotEqualTo(LinkState.DOWN);
    }

    @Test
    void interfaceDownIsImmediate() {
        LinkHealth h = new LinkHealth(policy(5, 1, 0, 0), now);
        up(h, 1);
        now += 30;
        assertThat(h.interfaceUnusable(now, "interface eth0 has no carrier")).isTrue();
        assertThat(h.state()).isEqualTo(LinkState.DOWN);
        assertThat(h.reason()).isEqualTo("interface eth0 has no carrier");
        assertThat(h.faultFirstSeen()).isEqualTo(now);
    }

    @Test
    void degradedOnLossAndOnLatencyButStillUsable() {
        LinkHealth h = new LinkHealth(new HealthPolicy(10, 3, 1, 30.0, 500, 60_000, 0, 0), now);
        up(h, 10);
        bad(h);
        bad(h);
        good(h, 10);
        bad(h);
        good(h, 10);
        assertThat(h.lossPercent()).isEqualTo(30.0);
        assertThat(h.state()).isEqualTo(LinkState.DEGRADED);
        assertThat(h.state().usable()).isTrue();
        assertThat(h.reason()).contains("loss 30%");
        up(h, 10);
        assertThat(h.state()).isEqualTo(LinkState.UP);
        for (int i = 0; i < 10; i++) {
            good(h, 800);
        }
        assertThat(h.state()).isEqualTo(LinkState.DEGRADED);
        assertThat(h.reason()).contains("mean latency 800 ms");
    }

    @Test
    void flapDampingHoldsDownForExponentiallyGrowingTimes() {
        LinkHealth h = new LinkHealth(policy(1, 1, 5_000, 20_000), now);
        up(h, 1);
        bad(h); // first down: no hold
        good(h, 10);
        assertThat(h.state()).isEqualTo(LinkState.UP);

        bad(h); // second down within the window: held 5 s
        long down2 = now;
        good(h, 10);
        assertThat(h.state()).isEqualTo(LinkState.HELD_DOWN);
        assertThat(h.reason()).startsWith("flapping: 2 downs within 60 s");
        now = down2 + 5_000 - 1;
        assertThat(h.tick(now)).isFalse();
        now = down2 + 5_000;
        assertThat(h.tick(now)).isTrue();
        assertThat(h.state()).isEqualTo(LinkState.UP);

        bad(h); // third: 10 s
        long down3 = now;
        good(h, 10);
        h.tick(down3 + 9_999);
        assertThat(h.state()).isEqualTo(LinkState.HELD_DOWN);
        now = down3 + 10_000;
        h.tick(now);
        assertThat(h.state()).isEqualTo(LinkState.UP);

        bad(h); // fourth: 20 s; fifth would be 40 s but is capped at 20 s
        good(h, 10);
        now += 20_000;
        h.tick(now);
        assertThat(h.state()).isEqualTo(LinkState.UP);
        bad(h);
        long down5 = now;
        good(h, 10);
        h.tick(down5 + 19_999);
        assertThat(h.state()).isEqualTo(LinkState.HELD_DOWN);
        h.tick(down5 + 20_000);
        assertThat(h.state()).isEqualTo(LinkState.UP);
    }

    @Test
    void flapsOlderThanTheWindowAreForgotten() {
        LinkHealth h = new LinkHealth(policy(1, 1, 5_000, 20_000), now);
        up(h, 1);
        bad(h);
        good(h, 10);
        now += 61_000;
        bad(h);
        good(h, 10);
        assertThat(h.state()).isEqualTo(LinkState.UP);
    }

    @Test
    void forcedDownHoldsUntilReleasedEvenWhenProbesAnswer() {
        LinkHealth h = new LinkHealth(policy(2, 1, 0, 0), now);
        up(h, 1);
        assertThat(h.forceDown(now, "drill")).isTrue();
        assertThat(h.state()).isEqualTo(LinkState.HELD_DOWN);
        assertThat(h.reason()).isEqualTo("forced down: drill");
        assertThat(h.declaredDown()).isEqualTo(now);
        up(h, 5);
        assertThat(h.state()).isEqualTo(LinkState.HELD_DOWN);
        assertThat(h.release(now)).isTrue();
        assertThat(h.state()).isEqualTo(LinkState.UP);
        assertThat(h.usableSince()).isEqualTo(now);
    }

    @Test
    void policyRefusesOutOfRangeValuesNamingTheAttribute() {
        assertThatThrownBy(() -> new HealthPolicy(10, 0, 1, 30, 500, 60_000, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("down.after.rounds = 0 is out of range; allowed 1..100");
        assertThatThrownBy(() -> new HealthPolicy(10, 1, 1, Double.NaN, 500, 60_000, 0, 0))
                .hasMessageStartingWith("degraded.loss.percent = NaN");
        assertThatThrownBy(() -> new HealthPolicy(10, 1, 1, 30, 500, 60_000, 10_000, 5_000))
                .hasMessageStartingWith("flap.hold.max.seconds = 5000");
    }
}
