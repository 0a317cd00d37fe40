package org.cabinetgw.failover.internal;

import java.util.List;
import java.util.Map;

import org.cabinetgw.failover.DrillKind;
import org.cabinetgw.failover.Finding;
import org.cabinetgw.health.Health;
import org.cabinetgw.network.LinkStatus;
import org.cabinetgw.power.PowerStatus;
import org.cabinetgw.uplink.UplinkSnapshot;

/**
 * Everything the cabinet assessment looks at, read at one moment. Absent capabilities are null or empty:
 * a cabinet without a UPS meter or a second link is assessed on what it has.
 *
 * @param components        every component's health by name, the coordinator's own excluded
 * @param power             the power monitor's status; null without a power monitor
 * @param upsRuntimeSeconds the UPS's estimated runtime left; null when unknown
 * @param links             every configured link in order of preference; empty without a link manager
 * @param activeLink        the link carrying traffic; null when none (or no link manager)
 * @param uplink            the uplink's snapshot; null without an uplink
 * @param storage           what the storage events said
 * @param deadlocked        names of deadlocked threads; empty when none
 * @param drill             the drill running now, whose provoked fault is named as such; null when none
 * @param hardware          what the gateway pair lost ({@link HardwareAssessment}); empty without a pair
 * @param uplinkHeld        this node is a pair member that does not act now ({@link HardwareAssessment#uplinkHeld}):
 *                          its uplink waits for the node to become active, by design, and is no lost redundancy
 */
record AssessmentInput(Map<String, Health> components, PowerStatus power, Double upsRuntimeSeconds,
        List<LinkStatus> links, String activeLink, UplinkSnapshot uplink, StorageView.Snapshot storage,
        List<String> deadlocked, DrillKind drill, List<Finding> hardware, boolean uplinkHeld) {

    /** Without a gateway pair. */
    AssessmentInput(Map<String, Health> components, PowerStatus power, Double upsRuntimeSeconds,
            List<LinkStatus> links, String activeLink, UplinkSnapshot uplink, StorageView.Snapshot storage,
            List<String> deadlocked, DrillKind drill) {
        this(components, power, upsRuntimeSeconds, links, activeLink, uplink, storage, deadlocked, drill, List.of());
    }

    /** A node that acts (standalone, or the pair's active). */
    AssessmentInput(Map<String, Health> components, PowerStatus power, Double upsRuntimeSeconds,
            List<LinkStatus> links, String activeLink, UplinkSnapshot uplink, StorageView.Snapshot storage,
            List<String> deadlocked, DrillKind drill, List<Finding> hardware) {
        this(components, power, upsRuntimeSeconds, links, activeLink, uplink, storage, deadlocked, drill, hardware,
                false);
    }

    AssessmentInput {
        components = Map.copyOf(components);
        links = List.copyOf(links);
        storage = storage == null ? StorageView.Snapshot.EMPTY : storage;
        deadlocked = List.copyOf(deadlocked);
        hardware = hardware == null ? List.of() : List.copyOf(hardware);
    }
}
