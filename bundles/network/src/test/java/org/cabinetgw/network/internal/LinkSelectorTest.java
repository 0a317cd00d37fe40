package org.cabinetgw.network.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.cabinetgw.network.LinkState;
import org.cabinetgw.network.NetworkEvents.SwitchCause;
import org.cabinetgw.network.internal.LinkSelector.Candidate;
import org.cabinetgw.network.internal.LinkSelector.Decision;
import org.junit.jupiter.api.Test;

class LinkSelectorTest {

    private final LinkSelector selector = new LinkSelector(10_000);

    private static Candidate wired(LinkState s, long since) {
        return new Candidate("wired", 1, s, s.usable() ? since : -1);
    }

    private static Candidate cellular(LinkState s, long since) {
        return new Candidate("cellular", 2, s, s.usable() ? since : -1);
    }

    @Test
    void startUpPicksTheBestUsableLinkAtOnce() {
        Decision d = selector.choose(List.of(wired(LinkState.UP, 100), cellular(LinkState.UP, 50)), null, 200);
        assertThat(d.active()).contains("wired");
        assertThat(d.cause()).contains(SwitchCause.RECOVERY);
    }

    @Test
    void priorityBeatsHealth() {
        Decision d = selector.choose(List.of(wired(LinkState.DEGRADED, 0), cellular(LinkState.UP, 0)), null, 1);
        assertThat(d.active()).contains("wired");
    }

    @Test
    void activeFailingMovesAtOnce() {
        Decision d = selector.choose(List.of(wired(LinkState.DOWN, 0), cellular(LinkState.UP, 0)), "wired", 1);
        assertThat(d.active()).contains("cellular");
        assertThat(d.cause()).contains(SwitchCause.FAILOVER);
        d = selector.choose(List.of(wired(LinkState.HELD_DOWN, 0), cellular(LinkState.DEGRADED, 0)), "wired", 1);
        assertThat(d.active()).contains("cellular");
    }

    @Test
    void failBackOnlyAfterTheHoldTime() {
        List<Candidate> links = List.of(wired(LinkState.UP, 1_000), cellular(LinkState.UP, 0));
        assertThat(selector.choose(links, "cellular", 10_999)).isEqualTo(Decision.keep("cellular"));
        Decision d = selector.choose(links, "cellular", 11_000);
        assertThat(d.active()).contains("wired");
        assertThat(d.cause()).contains(SwitchCause.FAILBACK);
    }

    @Test
    void lowerPriorityLinkNeverTakesOverFromAUsableActiveOne() {
        Decision d = selector.choose(List.of(wired(LinkState.DEGRADED, 0), cellular(LinkState.UP, 0)), "wired", 1_000_000);
        assertThat(d).isEqualTo(Decision.keep("wired"));
    }

    @Test
    void bothDownMeansNoActiveLinkAndRecoveryIsImmediate() {
        Decision d = selector.choose(List.of(wired(LinkState.DOWN, 0), cellular(LinkState.DOWN, 0)), "cellular", 1);
        assertThat(d.active()).isEmpty();
        assertThat(d.cause()).contains(SwitchCause.FAILOVER);
        assertThat(selector.choose(List.of(wired(LinkState.DOWN, 0), cellular(LinkState.DOWN, 0)), null, 2))
                .isEqualTo(Decision.keep(null));
        d = selector.choose(List.of(wired(LinkState.DOWN, 0), cellular(LinkState.UP, 3)), null, 3);
        assertThat(d.active()).contains("cellular");
        assertThat(d.cause()).contains(SwitchCause.RECOVERY);
    }

    @Test
    void removedActiveLinkIsAFailover() {
        Decision d = selector.choose(List.of(cellular(LinkState.UP, 0)), "wired", 1);
        assertThat(d.active()).contains("cellular");
        assertThat(d.cause()).contains(SwitchCause.FAILOVER);
    }

    @Test
    void startUpWaitsForAMorePreferredLinkStillBeingProbed() {
        Candidate wiredNew = new Candidate("wired", 1, LinkState.DOWN, -1, false);
        assertThat(selector.choose(List.of(wiredNew, cellular(LinkState.UP, 0)), null, 1)).isEqualTo(Decision.keep(null));
        Candidate wiredSettledDown = new Candidate("wired", 1, LinkState.DOWN, -1, true);
        assertThat(selector.choose(List.of(wiredSettledDown, cellular(LinkState.UP, 0)), null, 1).active()).contains("cellular");
        // only start-up waits: with an active link, a new preferred link goes through the fail-back hold
        assertThat(selector.choose(List.of(wiredNew, cellular(LinkState.UP, 0)), "cellular", 1)).isEqualTo(Decision.keep("cellular"));
    }

    @Test
    void noLinksAtAll() {
        assertThat(selector.choose(List.of(), null, 1)).isEqualTo(new Decision(Optional.empty(), Optional.empty()));
    }
}
