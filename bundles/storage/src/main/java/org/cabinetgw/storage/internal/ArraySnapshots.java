package org.cabinetgw.storage.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.cabinetgw.health.Health;
import org.cabinetgw.storage.ArrayMember;
import org.cabinetgw.storage.ArraySnapshot;

/**
 * The api's view of one array ({@link ArraySnapshot}) from what the RAID monitor worked out: the assessment of this
 * read, and the array's health entry for state and reason (so the service and {@code /health} never disagree).
 * Pure.
 */
final class ArraySnapshots {

    private ArraySnapshots() {
    }

    /** An array read and understood now. */
    static ArraySnapshot of(ArrayAssessment a, Health health, Instant checked) {
        MdArray array = a.array();
        List<ArrayMember> members = new ArrayList<>();
        for (Map.Entry<String, MemberState> m : a.members().entrySet()) {
            members.add(new ArrayMember(m.getKey(), ArrayMember.Role.valueOf(m.getValue().name())));
        }
        MdSync sync = array.sync();
        return new ArraySnapshot(array.name(), array.personality(), health.state(), health.reason(),
                array.raidDevices(), array.workingDevices(), members, sync == null ? null : sync.action(),
                sync != null && sync.running(), sync != null && sync.running() ? sync.percent() : Double.NaN,
                sync != null && sync.running() && sync.finishMinutes() >= 0 ? sync.finishMinutes() : Double.NaN,
                checked);
    }

    /**
     * An array listed before but not understood now (its entry refused) or gone from mdstat: its health says why;
     * what was last known of its shape is kept, for the person looking at it, with no sync running.
     */
    static ArraySnapshot unassessed(String name, ArraySnapshot previous, Health health, Instant checked) {
        if (previous == null) {
            return new ArraySnapshot(name, "", health.state(), health.reason(), -1, -1, List.of(), null, false,
                    Double.NaN, Double.NaN, checked);
        }
        return new ArraySnapshot(name, previous.level(), health.state(), health.reason(), previous.raidDevices(),
                previous.workingDevices(), previous.members(), null, false, Double.NaN, Double.NaN, checked);
    }
}
