package org.cabinetgw.failover.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.cabinetgw.failover.CabinetState;
import org.cabinetgw.failover.Dimension;
import org.cabinetgw.failover.DrillKind;
import org.cabinetgw.failover.DrillResult;
import org.cabinetgw.failover.FailoverEvents;
import org.cabinetgw.failover.Finding;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;

/**
 * The drill's view of the coordinator, and the assessment's verdict on a drill, without a framework: the host
 * announces a drill, hands the assessment to the coordinator thread and alarms a failed drill.
 */
class DrillHostTest {

    private static final Instant T0 = CoordinatorParts.T0;

    private final CoordinatorParts parts = new CoordinatorParts();
    private final List<Event> posted = parts.posted;
    private final List<Runnable> coordinatorThread = new ArrayList<>();
    private final List<String> alarms = parts.alarms;
    private final Announcer announcer = parts.announcer;
    private final Capabilities services = parts.services;
    private final ActionJournal journal = parts.journal;
    private final RuleEngine.Actuator actuator = parts.actuator;
    private final AssessmentCycle cycle = parts.cycle;
    private final DrillHost host = new DrillHost(services, cycle, announcer, journal, actuator, coordinatorThread::add);

    @Test
    void aDrillIsAnnouncedAndAssessedOnTheCoordinatorThread() {
        assertThat(host.status().state()).isEqualTo(CabinetState.NORMAL);
        host.drilling(DrillKind.LINK);
        assertThat(cycle.drilling()).isEqualTo(DrillKind.LINK);
        assertThat(cycle.drilledDimension()).isEqualTo(Dimension.NETWORK);
        assertThat(posted).extracting(Event::getTopic).containsExactly(FailoverEvents.DRILL_STARTED);
        assertThat(coordinatorThread).hasSize(1);
        coordinatorThread.get(0).run(); // nothing bound: a NORMAL cabinet, nothing to abort for
        assertThat(host.abortReason()).isNull();

        host.drilling(null);
        assertThat(cycle.drilling()).isNull();
        assertThat(posted).hasSize(1);
    }

    @Test
    void aFailedDrillIsAnnouncedAndAlarmed() {
        host.finished(new DrillResult(DrillKind.UPLINK, DrillResult.Outcome.FAILED, "MQTT not back in 60 s", T0, 1200, -1,
                5000, 60_000),
                null);
        assertThat(posted).extracting(Event::getTopic).containsExactly(FailoverEvents.DRILL_FINISHED);
        assertThat(posted.get(0).getProperty(FailoverEvents.OUTCOME)).isEqualTo("FAILED");
        assertThat(alarms).containsExactly("drill: failover drill UPLINK FAILED: MQTT not back in 60 s");
        assertThat(coordinatorThread).isEmpty();
    }

    @Test
    void aDrillStopsForWhatItDidNotProvoke() {
        Finding uplink = new Finding(Dimension.UPLINK, CabinetState.DEGRADED, "uplink on HTTPS");
        Finding network = new Finding(Dimension.NETWORK, CabinetState.DEGRADED, "running on a single link");
        Finding power = new Finding(Dimension.POWER, CabinetState.DEGRADED, "mains lost");
        assertThat(AssessmentCycle.outsideDrill(List.of(uplink, network), DrillKind.LINK)).isNull();
        assertThat(AssessmentCycle.outsideDrill(List.of(uplink, network), DrillKind.UPLINK))
                .isEqualTo("the cabinet degraded meanwhile: running on a single link");
        assertThat(AssessmentCycle.outsideDrill(List.of(power), DrillKind.LINK))
                .isEqualTo("the cabinet degraded meanwhile: mains lost");
    }
}
