package org.cabinetgw.network.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;

import org.cabinetgw.network.LinkState;
import org.cabinetgw.network.LinkStatus;
import org.cabinetgw.network.LinkType;
import org.junit.jupiter.api.Test;

class LinkCoverageTest {

    private static Optional<LinkStatus> active(String name, LinkState state) {
        return Optional.of(new LinkStatus(name, LinkType.WIRED, "eth0", 1, false, state, "", Instant.EPOCH, 0, 3));
    }

    @Test
    void anotherActiveLinkThatCarriesTheTrafficCoversTheLoss() {
        assertThat(LinkCoverage.coveringLink("cellular", active("wired", LinkState.UP))).contains("wired");
        // a degraded link still carries the traffic: the loss is covered (the link manager's entries always said so)
        assertThat(LinkCoverage.coveringLink("cellular", active("wired", LinkState.DEGRADED))).contains("wired");
    }

    @Test
    void nothingCoversTheLossOfTheActiveLinkItselfNorWhenTheActiveLinkIsDownOrMissing() {
        assertThat(LinkCoverage.coveringLink("wired", active("wired", LinkState.UP))).isEmpty();
        assertThat(LinkCoverage.coveringLink("cellular", active("wired", LinkState.DOWN))).isEmpty();
        assertThat(LinkCoverage.coveringLink("cellular", active("wired", LinkState.HELD_DOWN))).isEmpty();
        assertThat(LinkCoverage.coveringLink("cellular", Optional.empty())).isEmpty();
    }

    @Test
    void theCoveredReasonNamesTheCoveringLink() {
        assertThat(LinkCoverage.coveredReason("down: no answer", "wired")).isEqualTo("down: no answer; covered by wired");
    }
}
