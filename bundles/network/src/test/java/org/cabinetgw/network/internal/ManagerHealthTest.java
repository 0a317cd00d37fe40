package org.cabinetgw.network.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;

import org.cabinetgw.health.HealthEvents;
import org.cabinetgw.health.HealthState;
import org.junit.jupiter.api.Test;

/** The manager's health rule and its events, without links or probes. */
class ManagerHealthTest {

    private static final Optional<String> NONE = Optional.empty();

    @Test
    void theRuleFromNoLinkToTwoUsable() {
        assertThat(ManagerHealth.assess(0, 0, null, NONE, null))
                .isEqualTo(new ManagerHealth.Verdict(HealthState.DOWN, "no link configured"));
        assertThat(ManagerHealth.assess(2, 2, "no such device", NONE, "wired"))
                .isEqualTo(new ManagerHealth.Verdict(HealthState.DOWN, "routing failed: no such device"));
        assertThat(ManagerHealth.assess(2, 0, null, Optional.of("denied"), null))
                .isEqualTo(new ManagerHealth.Verdict(HealthState.DOWN, "routing failed: denied"));
        assertThat(ManagerHealth.assess(2, 0, null, NONE, null))
                .isEqualTo(new ManagerHealth.Verdict(HealthState.DOWN, "all links down"));
        assertThat(ManagerHealth.assess(2, 2, null, Optional.of("denied"), "wired"))
                .isEqualTo(new ManagerHealth.Verdict(HealthState.DEGRADED, "routing failed: denied"));
        assertThat(ManagerHealth.assess(2, 1, null, NONE, "wired"))
                .isEqualTo(new ManagerHealth.Verdict(HealthState.DEGRADED, "running on a single link: wired"));
        assertThat(ManagerHealth.assess(2, 2, null, NONE, "wired"))
                .isEqualTo(new ManagerHealth.Verdict(HealthState.UP, ""));
    }

    @Test
    void announcesAChangeOfStateOnly() {
        RecordingSink sink = new RecordingSink();
        ManagerHealth health = new ManagerHealth(sink, Instant.ofEpochMilli(1000));
        assertThat(health.current().state()).isEqualTo(HealthState.DOWN);

        health.update(2, 0, null, NONE, null, Instant.ofEpochMilli(2000)); // still DOWN, other reason
        assertThat(sink.of(HealthEvents.CHANGED)).isEmpty();
        assertThat(health.current().reason()).isEqualTo("all links down");

        health.update(2, 2, null, NONE, "wired", Instant.ofEpochMilli(3000));
        assertThat(sink.of(HealthEvents.CHANGED)).hasSize(1);
        assertThat(sink.of(HealthEvents.CHANGED).get(0)).containsEntry(HealthEvents.COMPONENT, "network.manager")
                .containsEntry(HealthEvents.STATE, "UP").containsEntry(HealthEvents.PREVIOUS_STATE, "DOWN")
                .containsEntry(HealthEvents.SINCE, 3000L);
        assertThat(health.current().since()).isEqualTo(Instant.ofEpochMilli(3000));
    }

    @Test
    void aFirstAnnouncementHasNoPreviousState() {
        RecordingSink sink = new RecordingSink();
        ManagerHealth.post(sink, "link.wired", null, org.cabinetgw.health.Health.down("x", Instant.EPOCH));
        assertThat(sink.of(HealthEvents.CHANGED).get(0)).doesNotContainKey(HealthEvents.PREVIOUS_STATE)
                .containsEntry(HealthEvents.STATE, "DOWN");
    }
}
