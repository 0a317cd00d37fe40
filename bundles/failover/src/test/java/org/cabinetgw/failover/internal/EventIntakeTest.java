package org.cabinetgw.failover.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.cabinetgw.failover.FailoverEvents;
import org.cabinetgw.network.NetworkEvents;
import org.cabinetgw.storage.StorageEvents;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;

/**
 * What the coordinator makes of another bundle's event, without a framework: a link failover becomes the
 * coordinator's own LINK_FAILOVER event with its timings, a fail-back does not, and a RAID event changes the
 * storage view the assessment reads.
 */
class EventIntakeTest {

    private final CoordinatorParts parts = new CoordinatorParts();
    private final EventIntake intake = new EventIntake(parts.services, parts.storage, parts.episodes, parts.engine,
            parts.actuator, parts.journal, parts.announcer, parts.cycle);

    @Test
    void aLinkFailoverIsAnnouncedWithItsTimings() {
        intake.onEvent(NetworkEvents.SWITCHED, Map.of(NetworkEvents.CAUSE, NetworkEvents.SwitchCause.FAILOVER.name(),
                NetworkEvents.PREVIOUS_LINK, "wired", NetworkEvents.LINK, "cellular",
                NetworkEvents.FAULT_TO_SWITCH_MILLIS, 420L), CoordinatorParts.T0);
        List<Event> failovers = parts.posted.stream().filter(e -> e.getTopic().equals(FailoverEvents.LINK_FAILOVER))
                .toList();
        assertThat(failovers).hasSize(1);
        Event e = failovers.get(0);
        assertThat(e.getProperty(FailoverEvents.LINK)).isEqualTo("wired");
        assertThat(e.getProperty(FailoverEvents.TO_LINK)).isEqualTo("cellular");
        assertThat(e.getProperty(FailoverEvents.FAULT_TO_SWITCH_MILLIS)).isEqualTo(420L);
        assertThat(e.getProperty(FailoverEvents.FIRST_SEEN)).as("not given, not invented").isNull();
    }

    @Test
    void aFailbackIsNoFailover() {
        intake.onEvent(NetworkEvents.SWITCHED, Map.of(NetworkEvents.CAUSE, NetworkEvents.SwitchCause.FAILBACK.name(),
                NetworkEvents.PREVIOUS_LINK, "cellular", NetworkEvents.LINK, "wired"), CoordinatorParts.T0);
        assertThat(parts.posted).extracting(Event::getTopic).doesNotContain(FailoverEvents.LINK_FAILOVER);
    }

    @Test
    void aRaidEventChangesTheStorageViewTheAssessmentReads() {
        assertThat(parts.storage.snapshot().arrays()).isEmpty();
        intake.onEvent(StorageEvents.DEGRADED_ARRAY, Map.of(StorageEvents.ARRAY, "md0", StorageEvents.RAID_DEVICES, 2,
                StorageEvents.WORKING_DEVICES, 1), CoordinatorParts.T0);
        assertThat(parts.storage.snapshot().arrays()).containsKey("md0");
        assertThat(parts.storage.snapshot().arrays().get("md0").workingDevices()).isEqualTo(1);
    }
}
