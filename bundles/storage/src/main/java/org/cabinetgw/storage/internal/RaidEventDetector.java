package org.cabinetgw.storage.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.cabinetgw.storage.RaidEvent;
import org.cabinetgw.storage.StorageEvents;
import org.cabinetgw.storage.SyncAction;

/**
 * Turns successive /proc/mdstat snapshots into the events {@code mdadm --monitor} would raise. Holds the
 * previous snapshot; not thread-safe (one poller owns it). Pure otherwise: no I/O, no clock.
 *
 * <p>Per array, in this order (the order mdadm checks them): NewArray, DegradedArray and SparesMissing
 * for an array seen for the first time; RebuildStarted, RebuildNN, RebuildFinished; then member changes
 * (Fail, FailSpare, SpareActive); Fail without a member when the array itself failed and no member change
 * said so (the kernel's {@code broken}: raid1 keeps its last member in place rather than marking it faulty);
 * finally DeviceDisappeared for arrays that are gone. An array listed but not understood this time is
 * neither gone nor changed: it keeps what was known of it, and posts nothing.
 *
 * <p>Where mdadm's rules and ours differ, ours: SparesMissing is raised whenever the spare count drops
 * below the expected one (mdadm only checks new arrays), and a sync that waits (DELAYED/PENDING) between
 * two running phases is one rebuild, not two.
 */
public final class RaidEventDetector {

    private final int stepPercent;
    private final Map<String, Integer> expectedSpares;
    private Map<String, Memory> previous = new LinkedHashMap<>();

    /** What is kept of an array between snapshots. */
    private record Memory(ArrayAssessment assessment, boolean rebuildOpen, SyncAction rebuildAction,
            double lastPercent, boolean sparesMissing) {
    }

    /**
     * @param stepPercent    RebuildNN step, 1-50
     * @param expectedSpares spares each array should have, by md name; arrays not listed expect none
     */
    public RaidEventDetector(int stepPercent, Map<String, Integer> expectedSpares) {
        if (stepPercent < 1 || stepPercent > 50) {
            throw new IllegalArgumentException("stepPercent " + stepPercent + " is outside 1-50");
        }
        this.stepPercent = stepPercent;
        this.expectedSpares = Map.copyOf(expectedSpares);
    }

    /** Compares the new snapshot with the previous one and returns the events, in order. */
    public List<RaidEventRecord> update(List<ArrayAssessment> current) {
        return update(current, Set.of());
    }

    /**
     * Compares the new snapshot with the previous one and returns the events, in order.
     *
     * @param unreadable arrays the file lists but whose entry could not be understood: not gone, not changed
     */
    public List<RaidEventRecord> update(List<ArrayAssessment> current, Set<String> unreadable) {
        List<RaidEventRecord> events = new ArrayList<>();
        Map<String, Memory> next = new LinkedHashMap<>();
        for (String name : unreadable) {
            Memory kept = previous.get(name);
            if (kept != null) {
                next.put(name, kept);
            }
        }
        for (ArrayAssessment now : current) {
            MdArray a = now.array();
            Memory before = previous.get(a.name());
            int expected = expectedSpares.getOrDefault(a.name(), 0);
            boolean sparesMissing = expected > 0 && a.active() && a.spareCount() < expected;
            if (before == null) {
                events.add(event(RaidEvent.NEW_ARRAY, a, RaidEvent.NEW_ARRAY.mdadmName(), Map.of()));
                if (a.missingDevices() > 0 || now.failed()) {
                    events.add(event(RaidEvent.DEGRADED_ARRAY, a, RaidEvent.DEGRADED_ARRAY.mdadmName(), Map.of()));
                }
                if (sparesMissing) {
                    events.add(sparesMissing(a, expected));
                }
                // like mdadm, no RebuildStarted for an array first seen mid-rebuild; its steps and end follow
                boolean running = a.syncRunning();
                next.put(a.name(), new Memory(now, running, running ? a.sync().action() : null,
                        running ? a.sync().percent() : -1, sparesMissing));
                continue;
            }
            if (sparesMissing && !before.sparesMissing()) {
                events.add(sparesMissing(a, expected));
            }
            Memory memory = rebuildEvents(before, now, events);
            int firstMemberEvent = events.size();
            memberEvents(before.assessment(), now, events);
            boolean memberFailed = events.subList(firstMemberEvent, events.size()).stream()
                    .anyMatch(e -> e.type() == RaidEvent.FAIL || e.type() == RaidEvent.FAIL_SPARE);
            if (now.failed() && !before.assessment().failed() && !memberFailed) {
                events.add(event(RaidEvent.FAIL, a, RaidEvent.FAIL.mdadmName(), Map.of()));
            }
            next.put(a.name(), new Memory(now, memory.rebuildOpen(), memory.rebuildAction(), memory.lastPercent(),
                    sparesMissing));
        }
        for (Map.Entry<String, Memory> gone : previous.entrySet()) {
            if (!next.containsKey(gone.getKey())) {
                events.add(event(RaidEvent.DEVICE_DISAPPEARED, gone.getValue().assessment().array(),
                        RaidEvent.DEVICE_DISAPPEARED.mdadmName(), Map.of()));
            }
        }
        previous = next;
        return events;
    }

    /** Forgets everything: the next snapshot is treated as the first (every array is new). */
    public void reset() {
        previous = new LinkedHashMap<>();
    }

    private Memory rebuildEvents(Memory before, ArrayAssessment now, List<RaidEventRecord> events) {
        MdArray a = now.array();
        MdSync sync = a.sync();
        boolean open = before.rebuildOpen();
        SyncAction action = before.rebuildAction();
        double last = before.lastPercent();
        if (open && (sync == null || sync.action() != action && sync.running())) {
            events.add(event(RaidEvent.REBUILD_FINISHED, a, RaidEvent.REBUILD_FINISHED.mdadmName(),
                    Map.of(StorageEvents.SYNC_ACTION, action.name(), StorageEvents.PERCENT, (int) Math.floor(last))));
            open = false;
            action = null;
            last = -1;
        }
        if (sync != null && sync.running()) {
            if (!open) {
                events.add(event(RaidEvent.REBUILD_STARTED, a, RaidEvent.REBUILD_STARTED.mdadmName(),
                        Map.of(StorageEvents.SYNC_ACTION, sync.action().name(), StorageEvents.PERCENT,
                                (int) Math.floor(sync.percent()))));
                open = true;
                action = sync.action();
            } else {
                int stepBefore = (int) Math.floor(Math.max(0, last)) / stepPercent;
                int stepNow = (int) Math.floor(sync.percent()) / stepPercent;
                int percent = stepNow * stepPercent;
                // like mdadm: one event for the highest step crossed since the last poll
                if (stepNow > stepBefore && percent > 0 && percent < 100) {
                    events.add(event(RaidEvent.REBUILD_PROGRESS, a, String.format("Rebuild%02d", percent),
                            Map.of(StorageEvents.SYNC_ACTION, sync.action().name(), StorageEvents.PERCENT, percent)));
                }
            }
            last = sync.percent();
        }
        return new Memory(now, open, action, last, false);
    }

    private static void memberEvents(ArrayAssessment before, ArrayAssessment now, List<RaidEventRecord> events) {
        MdArray a = now.array();
        Map<String, MemberState> was = before.members();
        Map<String, MemberState> is = now.members();
        for (Map.Entry<String, MemberState> e : is.entrySet()) {
            MemberState old = was.get(e.getKey());
            if (old == null) {
                continue;
            }
            RaidEvent type = memberChange(old, e.getValue());
            if (type != null) {
                events.add(event(type, a, type.mdadmName(), Map.of(StorageEvents.MEMBER, e.getKey())));
            }
        }
        for (Map.Entry<String, MemberState> e : was.entrySet()) {
            if (is.containsKey(e.getKey())) {
                continue;
            }
            // a member that vanished without being seen faulty (hot-unplugged, removed at once)
            if (e.getValue() == MemberState.IN_SYNC) {
                events.add(event(RaidEvent.FAIL, a, RaidEvent.FAIL.mdadmName(), Map.of(StorageEvents.MEMBER, e.getKey())));
            } else if (e.getValue() == MemberState.REBUILDING) {
                events.add(event(RaidEvent.FAIL_SPARE, a, RaidEvent.FAIL_SPARE.mdadmName(),
                        Map.of(StorageEvents.MEMBER, e.getKey())));
            }
        }
    }

    private static RaidEvent memberChange(MemberState was, MemberState is) {
        if (was == is) {
            return null;
        }
        if (was == MemberState.IN_SYNC && is == MemberState.FAULTY) {
            return RaidEvent.FAIL;
        }
        boolean wasSpare = was == MemberState.SPARE || was == MemberState.REBUILDING;
        if (wasSpare && is == MemberState.FAULTY) {
            return RaidEvent.FAIL_SPARE;
        }
        if (wasSpare && is == MemberState.IN_SYNC) {
            return RaidEvent.SPARE_ACTIVE;
        }
        return null;
    }

    private RaidEventRecord sparesMissing(MdArray a, int expected) {
        return event(RaidEvent.SPARES_MISSING, a, RaidEvent.SPARES_MISSING.mdadmName(),
                Map.of(StorageEvents.SPARES, (int) a.spareCount(), StorageEvents.EXPECTED_SPARES, expected));
    }

    private static RaidEventRecord event(RaidEvent type, MdArray a, String mdadmName, Map<String, Object> extra) {
        Map<String, Object> p = new HashMap<>(extra);
        p.put(StorageEvents.ARRAY, a.name());
        p.put(StorageEvents.MDADM_EVENT, mdadmName);
        if (!a.personality().isEmpty()) {
            p.put(StorageEvents.LEVEL, a.personality());
        }
        if (a.raidDevices() >= 0) {
            p.put(StorageEvents.RAID_DEVICES, a.raidDevices());
            p.put(StorageEvents.WORKING_DEVICES, a.workingDevices());
        }
        return new RaidEventRecord(type, a.name(), mdadmName, p);
    }
}
