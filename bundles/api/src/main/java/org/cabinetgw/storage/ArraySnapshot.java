package org.cabinetgw.storage;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.cabinetgw.health.HealthState;

/**
 * One md array at its last read, as /proc/mdstat describes it and the storage bundle assesses it. Since 1.2.
 *
 * @param name               kernel name, e.g. {@code md0}
 * @param level              personality, e.g. {@code raid1}; empty when the kernel printed none (an inactive array)
 * @param state              its health, as the entry {@code storage.raid.NAME}
 * @param reason             why it is not UP (degraded, rebuilding with progress, failed ...); empty when UP
 * @param raidDevices        member slots (the n of {@code [n/m]}); -1 for levels without redundancy (raid0, linear)
 * @param workingDevices     members in sync (the m of {@code [n/m]}); -1 when not printed
 * @param members            every member device in the kernel's order, with what it does
 * @param syncAction         the sync action running or waiting (recovery, resync, check ...); null when none
 * @param syncRunning        true while it runs; false when none, or waiting (DELAYED, PENDING, REMOTE)
 * @param syncPercent        progress 0-100 as the kernel prints it; NaN unless running
 * @param syncFinishMinutes  the kernel's estimate of the time left; NaN when not printed
 * @param checked            when /proc/mdstat was read for this state
 */
public record ArraySnapshot(String name, String level, HealthState state, String reason, int raidDevices,
        int workingDevices, List<ArrayMember> members, SyncAction syncAction, boolean syncRunning, double syncPercent,
        double syncFinishMinutes, Instant checked) {

    public ArraySnapshot {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        level = level == null ? "" : level;
        reason = reason == null ? "" : reason;
        members = List.copyOf(members);
    }
}
