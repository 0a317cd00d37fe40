package org.cabinetgw.failover.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.cabinetgw.failover.CabinetState;
import org.cabinetgw.failover.Dimension;
import org.cabinetgw.failover.Finding;
import org.cabinetgw.ha.HaStatus;
import org.cabinetgw.ha.PathStatus;
import org.cabinetgw.ha.Role;
import org.cabinetgw.ha.WitnessState;
import org.cabinetgw.health.Health;
import org.cabinetgw.health.HealthState;
import org.junit.jupiter.api.Test;

class HardwareAssessmentTest {

    static PathStatus path(String name, boolean up) {
        return new PathStatus(name, "10.0.0.1:7405", "10.0.0.2:7405", up, 0, 0, 0, 0, up ? "" : "no heartbeat for 90 ms");
    }

    static HaStatus status(Role role, Role peerRole, boolean peerAlive, WitnessState w, PathStatus... paths) {
        return new HaStatus("gw-a", "cab", role, 0, "why", 7, "gw-b", peerRole, peerAlive, List.of(paths),
                "mqtt tcp://broker:1883: not connected", Map.of(), w);
    }

    static List<String> phrases(HaStatus s) {
        return HardwareAssessment.findings(s).stream().map(Finding::phrase).toList();
    }

    @Test
    void aWholePairAndNoPairLoseNothing() {
        assertThat(HardwareAssessment.findings(null)).isEmpty();
        assertThat(HardwareAssessment.findings(status(Role.STANDALONE, null, false, WitnessState.NONE))).isEmpty();
        assertThat(HardwareAssessment.findings(status(Role.ACTIVE, Role.STANDBY, true, WitnessState.REACHABLE,
                path("lan", true), path("cable", true)))).isEmpty();
        assertThat(HardwareAssessment.findings(status(Role.STANDBY, Role.ACTIVE, true, WitnessState.REACHABLE,
                path("lan", true), path("cable", true)))).isEmpty();
    }

    @Test
    void theActiveNamesItsMissingOrUnreadyStandby() {
        List<Finding> f = HardwareAssessment.findings(status(Role.ACTIVE, Role.STANDBY, false, WitnessState.REACHABLE,
                path("lan", false), path("cable", false)));
        // the paths say nothing more while the peer is silent on all of them
        assertThat(f).containsExactly(new Finding(Dimension.HARDWARE, CabinetState.DEGRADED,
                "standby gateway missing (gw-b not heard on any heartbeat path)"));
        assertThat(phrases(status(Role.ACTIVE, Role.STARTING, true, WitnessState.REACHABLE, path("lan", true))))
                .containsExactly("standby not ready (gw-b is STARTING)");
    }

    @Test
    void aStandbyWithoutTheQueueIsNotInSync() {
        HaStatus whole = status(Role.ACTIVE, Role.STANDBY, true, WitnessState.REACHABLE, path("lan", true));
        assertThat(phrases(whole.withReplication(org.cabinetgw.ha.ReplicationState.IN_SYNC))).isEmpty();
        assertThat(phrases(whole.withReplication(org.cabinetgw.ha.ReplicationState.NOT_IN_SYNC))).singleElement()
                .asString().startsWith("standby not in sync (gw-b does not hold this node's uplink queue;");
        assertThat(phrases(whole.withReplication(org.cabinetgw.ha.ReplicationState.CATCHING_UP))).singleElement()
                .asString().contains("catching up");
    }

    @Test
    void oneLostPathIsDegradedNeverMore() {
        List<Finding> f = HardwareAssessment.findings(status(Role.ACTIVE, Role.STANDBY, true, WitnessState.REACHABLE,
                path("lan", false), path("cable", true)));
        assertThat(f).hasSize(1);
        assertThat(f.get(0).severity()).isEqualTo(CabinetState.DEGRADED);
        assertThat(f.get(0).phrase()).startsWith("heartbeat path lan lost (10.0.0.1:7405 -> 10.0.0.2:7405: no heartbeat");
    }

    @Test
    void twoActivesAndNoActiveAreCritical() {
        List<Finding> two = HardwareAssessment.findings(status(Role.ACTIVE, Role.ACTIVE, true, WitnessState.REACHABLE));
        assertThat(two).extracting(Finding::severity).containsExactly(CabinetState.CRITICAL);
        assertThat(two.get(0).phrase()).startsWith("split brain: gw-b announces ACTIVE too");

        List<Finding> none = HardwareAssessment.findings(status(Role.STANDBY, Role.ACTIVE, false, WitnessState.UNREACHABLE));
        assertThat(none).extracting(Finding::severity).containsExactly(CabinetState.CRITICAL, CabinetState.DEGRADED);
        assertThat(none.get(0).phrase()).isEqualTo("no active gateway known: gw-b silent on every heartbeat path and"
                + " the witness unreachable; this node stays STANDBY");
        assertThat(none.get(1).phrase()).startsWith("pair witness unreachable (mqtt tcp://broker:1883: not connected)");

        assertThat(HardwareAssessment.findings(status(Role.DEMOTED, Role.DEMOTED, true, WitnessState.REACHABLE)))
                .extracting(Finding::severity).containsExactly(CabinetState.CRITICAL);
        // demoted while the peer acts: it becomes STANDBY at once, nothing is lost
        assertThat(HardwareAssessment.findings(status(Role.DEMOTED, Role.ACTIVE, true, WitnessState.REACHABLE))).isEmpty();
    }

    @Test
    void bothPathsCutWhileTheWitnessShowsTheActiveIsASplitBrainRisk() {
        assertThat(phrases(status(Role.STANDBY, Role.ACTIVE, false, WitnessState.REACHABLE, path("lan", false),
                path("cable", false)))).containsExactly(
                        "split-brain risk: every heartbeat path to the active gw-b lost; only the witness shows it active");
    }

    @Test
    void thePairsFindingsReplaceItsHealthComponentsInTheCabinetState() {
        HaStatus s = status(Role.ACTIVE, Role.STANDBY, false, WitnessState.REACHABLE);
        Map<String, Health> components = Map.of("ha", new Health(HealthState.DEGRADED, "standby gateway missing",
                Instant.EPOCH), "ha.path.lan", new Health(HealthState.DEGRADED, "heartbeat path lan down", Instant.EPOCH));
        AssessmentInput in = new AssessmentInput(components, null, null, List.of(), null, null, null, List.of(), null,
                HardwareAssessment.findings(s));
        assertThat(new CabinetAssessment(300).findings(in)).extracting(Finding::phrase)
                .containsExactly("standby gateway missing (gw-b not heard on any heartbeat path)");
        // without the pair's status (an older ha bundle) the health components still say it
        AssessmentInput old = new AssessmentInput(components, null, null, List.of(), null, null, null, List.of(), null);
        assertThat(new CabinetAssessment(300).findings(old)).hasSize(2);
    }

    @Test
    void onlyAPairMemberThatDoesNotActHasItsUplinkHeld() {
        assertThat(HardwareAssessment.uplinkHeld(null)).as("no ha bundle").isFalse();
        for (Role r : Role.values()) {
            boolean acts = r == Role.STANDALONE || r == Role.ACTIVE;
            assertThat(HardwareAssessment.uplinkHeld(status(r, Role.ACTIVE, true, WitnessState.REACHABLE))).as(r.name())
                    .isEqualTo(!acts);
        }
    }
}
