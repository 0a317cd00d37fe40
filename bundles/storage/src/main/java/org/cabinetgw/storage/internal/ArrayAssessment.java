package org.cabinetgw.storage.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.cabinetgw.health.HealthState;
import org.cabinetgw.storage.SyncAction;

/**
 * How an array is doing, worked out from its /proc/mdstat entry (and mdadm's view when available).
 * Pure: no I/O.
 *
 * @param array   the array
 * @param members every member's state, in mdstat order
 * @param failed  too many members missing for the array to hold its data
 * @param state   the array's health
 * @param reason  a sentence for the health report; empty when UP
 */
public record ArrayAssessment(MdArray array, Map<String, MemberState> members, boolean failed, HealthState state,
        String reason) {

    /** Assesses an array on its own: a container is taken to hold no running volume. */
    public static ArrayAssessment of(MdArray array, MdadmDetail detail, int stepPercent) {
        return of(array, detail, stepPercent, List.of());
    }

    /**
     * Assesses one array.
     *
     * @param array       the array from mdstat
     * @param detail      mdadm's view, or null
     * @param stepPercent progress in the reason is rounded down to this step, so the reason (and the health
     *                    event it triggers) changes once per step rather than on every poll
     * @param volumes     for a container, its member volumes in the same mdstat ({@link MdStat#volumesOf})
     */
    public static ArrayAssessment of(MdArray array, MdadmDetail detail, int stepPercent, List<MdArray> volumes) {
        Map<String, MemberState> members = memberStates(array);
        String what = array.name() + (array.personality().isEmpty() ? "" : " (" + array.personality() + ")");
        if (array.container()) {
            // inactive by design: the disks and their metadata; the data lives in the member volumes
            if (!volumes.isEmpty()) {
                return new ArrayAssessment(array, members, false, HealthState.UP, "");
            }
            return new ArrayAssessment(array, members, false, HealthState.DEGRADED, what + " is a container ("
                    + array.superblock().substring("external:".length()) + " metadata) of " + array.members().size()
                    + " disk(s) with no volume assembled");
        }
        if (!array.active()) {
            return new ArrayAssessment(array, members, false, HealthState.DOWN,
                    what + " is inactive: assembled from " + array.members().size() + " member(s) but not running"
                            + (array.faultyCount() > 0 ? ", faulty: " + faultyNames(array) : ""));
        }
        if (failed(array) || detail != null && detail.failed()) {
            List<String> why = new ArrayList<>();
            if (array.broken()) {
                why.add("the kernel marks it broken");
            }
            String loss = lossText(array);
            if (!loss.isEmpty()) {
                why.add(loss);
            }
            if (why.isEmpty()) {
                why.add("mdadm reports it failed");
            }
            return new ArrayAssessment(array, members, true, HealthState.DOWN,
                    what + " has failed: " + String.join(", ", why));
        }
        MdSync sync = array.sync();
        String progress = sync == null ? "" : progressText(sync, stepPercent);
        // a faulty member the [n/m] count does not account for: a failed spare, or one not yet removed
        boolean uncountedFaulty = array.raidDevices() >= 0 && array.faultyCount() > array.missingDevices();
        if (array.missingDevices() > 0) {
            return new ArrayAssessment(array, members, false, HealthState.DEGRADED,
                    what + " is degraded: " + missingText(array) + (progress.isEmpty() ? "" : ", " + progress)
                            + (uncountedFaulty ? ", faulty: " + faultyNames(array) : ""));
        }
        if (sync != null && sync.action() == SyncAction.RESYNC && sync.status() != MdSync.Status.DELAYED) {
            // a resync after an unclean shutdown: the copies may differ until it ends. DELAYED is left out:
            // the kernel prints resync=DELAYED for any sync action waiting its turn (a check too)
            return new ArrayAssessment(array, members, false, HealthState.DEGRADED,
                    what + " is not in sync: " + progress);
        }
        if (members.containsValue(MemberState.REBUILDING)
                || sync != null && sync.action() == SyncAction.RECOVERY) {
            return new ArrayAssessment(array, members, false, HealthState.DEGRADED,
                    what + " is rebuilding a member" + (progress.isEmpty() ? "" : ": " + progress));
        }
        if (uncountedFaulty) {
            return new ArrayAssessment(array, members, false, HealthState.DEGRADED,
                    what + " has a faulty member: " + faultyNames(array) + " (all " + array.raidDevices()
                            + " devices in sync [" + array.slots() + "])");
        }
        return new ArrayAssessment(array, members, false, HealthState.UP, "");
    }

    private static String missingText(MdArray a) {
        return a.missingDevices() + " of " + a.raidDevices() + " devices missing [" + a.slots() + "]";
    }

    /** What is lost, for the reason of a failed array: missing and faulty members, as far as mdstat says. */
    private static String lossText(MdArray a) {
        if (a.raidDevices() < 0) {
            return a.faultyCount() == 0 ? "" : a.faultyCount() + " of " + a.members().size() + " devices faulty";
        }
        List<String> parts = new ArrayList<>();
        if (a.missingDevices() > 0) {
            parts.add(missingText(a));
        }
        if (a.faultyCount() > 0) {
            parts.add(a.faultyCount() + " faulty");
        }
        return String.join(", ", parts);
    }

    private static String faultyNames(MdArray a) {
        return a.members().stream().filter(MdMember::faulty).map(MdMember::device).collect(Collectors.joining(" "));
    }

    private static String progressText(MdSync sync, int stepPercent) {
        String action = sync.action().mdstatName();
        if (!sync.running()) {
            return action + " " + sync.status().name().toLowerCase(java.util.Locale.ROOT);
        }
        int step = Math.max(1, stepPercent);
        int shown = ((int) Math.floor(sync.percent()) / step) * step;
        return action + " " + shown + " % done";
    }

    /**
     * mdstat marks faulty, spare and journal members, but a member being rebuilt looks like an in-sync one.
     * The {@code [n/m]} count says how many are in sync; the rest of the active members are being rebuilt.
     * The kernel gives an added device the next free descriptor number, so the highest-numbered active
     * members are the ones being rebuilt. A replacement {@code (R)} is being rebuilt, unless the count
     * exceeds the devices ({@code [2/3]}): then the kernel already counts it in sync, beside the member it
     * is about to take over from.
     */
    static Map<String, MemberState> memberStates(MdArray array) {
        Map<String, MemberState> states = new LinkedHashMap<>();
        List<MdMember> active = new ArrayList<>();
        int replacementsInSync = array.raidDevices() < 0 ? 0 : Math.max(0, array.workingDevices() - array.raidDevices());
        for (MdMember m : array.members()) {
            if (m.faulty()) {
                states.put(m.device(), MemberState.FAULTY);
            } else if (m.journal()) {
                states.put(m.device(), MemberState.JOURNAL);
            } else if (m.spare()) {
                states.put(m.device(), MemberState.SPARE);
            } else if (m.replacement()) {
                states.put(m.device(), replacementsInSync-- > 0 ? MemberState.IN_SYNC : MemberState.REBUILDING);
            } else {
                states.put(m.device(), MemberState.IN_SYNC);
                active.add(m);
            }
        }
        if (array.workingDevices() >= 0 && active.size() > array.workingDevices()) {
            active.sort(Comparator.comparingInt(MdMember::descriptor).reversed());
            for (int i = 0; i < active.size() - array.workingDevices(); i++) {
                states.put(active.get(i).device(), MemberState.REBUILDING);
            }
        }
        return states;
    }

    /** Too many members missing for the personality to hold the data. */
    static boolean failed(MdArray a) {
        if (!a.active()) {
            return false;
        }
        if (a.broken()) {
            return true; // the kernel's own word (MD_BROKEN), whatever the counts say
        }
        String p = a.personality();
        if (a.raidDevices() < 0) {
            // linear and raid0 have no redundancy: one faulty member loses data
            return a.faultyCount() > 0;
        }
        int missing = a.missingDevices();
        switch (p) {
            case "raid4":
            case "raid5":
                return missing > 1;
            case "raid6":
                return missing > 2;
            case "raid10":
                return raid10Failed(a.slots(), a.copies() > 0 ? a.copies() : 2);
            default: // raid1, multipath and anything mirrored: one in-sync member is enough
                return a.workingDevices() == 0;
        }
    }

    /**
     * raid10 keeps each block on {@code copies} neighbouring devices (near, far and offset layouts all put
     * the copies on adjacent devices, wrapping around), so data is lost when that many neighbours are all
     * missing.
     */
    static boolean raid10Failed(String slots, int copies) {
        int n = slots.length();
        if (n == 0) {
            return false;
        }
        if (copies >= n) {
            return slots.indexOf('U') < 0;
        }
        for (int start = 0; start < n; start++) {
            boolean allMissing = true;
            for (int k = 0; k < copies && allMissing; k++) {
                allMissing = slots.charAt((start + k) % n) == '_';
            }
            if (allMissing) {
                return true;
            }
        }
        return false;
    }
}
