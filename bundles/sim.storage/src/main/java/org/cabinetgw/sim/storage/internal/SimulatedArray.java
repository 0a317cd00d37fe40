package org.cabinetgw.sim.storage.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A raid1 or raid5 array with members that can fail, be removed, added and replaced, and a recovery
 * that progresses with time. Renders itself as /proc/mdstat in the kernel's format (drivers/md/md.c).
 * Not thread-safe: the simulator component serialises access.
 */
final class SimulatedArray {

    /** Size of every member in 1 KiB blocks (1 GiB), as the kernel counts them. */
    static final long MEMBER_BLOCKS = 1_047_552;

    private static final class Member {
        final String name;
        final int descriptor;
        boolean faulty;
        int slot = -1; // -1: spare
        boolean inSync;

        Member(String name, int descriptor) {
            this.name = name;
            this.descriptor = descriptor;
        }
    }

    private final String name;
    private final String level;
    private final int raidDevices;
    private final double percentPerSecond;
    private final List<Member> members = new ArrayList<>();
    private int nextDescriptor;
    private double recoveryPercent = -1;
    private Member recovering;

    SimulatedArray(String name, String level, int raidDevices, int spares, double percentPerSecond,
            List<String> deviceNames) {
        if (!level.equals("raid1") && !level.equals("raid5")) {
            throw new IllegalArgumentException("level = '" + level + "' is not supported; allowed raid1, raid5");
        }
        int min = level.equals("raid1") ? 2 : 3;
        if (raidDevices < min || raidDevices > 8) {
            throw new IllegalArgumentException("devices = " + raidDevices + " is out of range; allowed " + min + "..8 for " + level);
        }
        if (spares < 0 || spares > 4) {
            throw new IllegalArgumentException("spares = " + spares + " is out of range; allowed 0..4");
        }
        this.name = name;
        this.level = level;
        this.raidDevices = raidDevices;
        this.percentPerSecond = percentPerSecond;
        for (int i = 0; i < raidDevices + spares; i++) {
            Member m = new Member(deviceNames.get(i), nextDescriptor++);
            if (i < raidDevices) {
                m.slot = i;
                m.inSync = true;
            }
            members.add(m);
        }
    }

    /** Marks a member faulty; a failed in-sync member makes the array start recovering onto a spare. */
    String fail(String device) {
        Member m = find(device);
        if (m.faulty) {
            return device + " is already faulty";
        }
        boolean wasInSync = m.inSync;
        if (m == recovering) {
            stopRecovery();
        }
        m.faulty = true;
        m.inSync = false;
        m.slot = -1;
        if (wasInSync && working() < minimumWorking()) {
            // too many members lost: the kernel aborts any recovery; a member being rebuilt returns to spare
            if (recovering != null) {
                recovering.slot = -1;
                stopRecovery();
            }
            return device + " failed: " + name + " has FAILED (too few members in sync)";
        }
        startRecoveryIfPossible();
        return device + " failed";
    }

    /** Removes a faulty or spare member (mdadm --remove). */
    String remove(String device) {
        Member m = find(device);
        if (!m.faulty && m.slot >= 0) {
            throw new IllegalArgumentException(device + " is active; fail it first");
        }
        members.remove(m);
        return device + " removed";
    }

    /** Adds a new member (mdadm --add): it becomes a spare and, if a slot is empty, is rebuilt into it. */
    String add(String device) {
        if (members.stream().anyMatch(x -> x.name.equals(device))) {
            throw new IllegalArgumentException(device + " is already a member");
        }
        members.add(new Member(device, nextDescriptor++));
        startRecoveryIfPossible();
        return device + " added";
    }

    /** Makes every remaining member in sync at once, filling empty slots from spares, and forgets faulty ones. */
    /**
     * Every slot filled and in sync at once: a faulty member comes back as if its disk had been replaced and
     * rebuilt, spares fill empty slots. Says "healed" only when the array is whole; without enough members it
     * says what is missing.
     */
    String heal() {
        stopRecovery();
        for (Member m : members) {
            if (m.faulty) {
                m.faulty = false;
                m.slot = -1;
            }
            m.inSync = m.slot >= 0;
        }
        for (int free = freeSlot(); free >= 0; free = freeSlot()) {
            Member spare = members.stream().filter(m -> m.slot < 0).findFirst().orElse(null);
            if (spare == null) {
                break;
            }
            spare.slot = free;
            spare.inSync = true;
        }
        int missing = raidDevices - working();
        return missing == 0 ? name + " healed"
                : name + " still degraded: " + missing + " slot(s) without a member; add one with 'add DEV'";
    }

    /** Advances a running recovery. */
    void tick(double seconds) {
        if (recovering == null) {
            return;
        }
        recoveryPercent = Math.min(100.0, recoveryPercent + seconds * percentPerSecond);
        if (recoveryPercent >= 100.0) {
            recovering.inSync = true;
            stopRecovery();
            startRecoveryIfPossible();
        }
    }

    private void startRecoveryIfPossible() {
        if (recovering != null || working() < minimumWorking()) {
            return;
        }
        int free = freeSlot();
        if (free < 0) {
            return;
        }
        for (Member m : members) {
            if (!m.faulty && m.slot < 0) {
                m.slot = free;
                m.inSync = false;
                recovering = m;
                recoveryPercent = 0;
                return;
            }
        }
    }

    private void stopRecovery() {
        recovering = null;
        recoveryPercent = -1;
    }

    private int freeSlot() {
        for (int s = 0; s < raidDevices; s++) {
            final int slot = s;
            if (members.stream().noneMatch(m -> m.slot == slot && !m.faulty)) {
                return s;
            }
        }
        return -1;
    }

    private int working() {
        return (int) members.stream().filter(m -> m.inSync && !m.faulty).count();
    }

    private int minimumWorking() {
        return level.equals("raid1") ? 1 : raidDevices - 1;
    }

    private Member find(String device) {
        return members.stream().filter(m -> m.name.equals(device)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(device + " is not a member of " + name));
    }

    List<String> memberNames() {
        return members.stream().map(m -> m.name).toList();
    }

    /** One line for the console. */
    String status() {
        StringBuilder sb = new StringBuilder(name + " " + level + " [" + raidDevices + "/" + working() + "] [" + slotMap()
                + "]");
        for (Member m : members) {
            sb.append(' ').append(m.name).append(m.faulty ? "(F)" : m.slot < 0 ? "(S)" : m.inSync ? "" : "(rebuilding)");
        }
        if (recovering != null) {
            sb.append(String.format(Locale.ROOT, " recovery %.1f%%", recoveryPercent));
        }
        return sb.toString();
    }

    private String slotMap() {
        StringBuilder sb = new StringBuilder();
        for (int s = 0; s < raidDevices; s++) {
            final int slot = s;
            sb.append(members.stream().anyMatch(m -> m.slot == slot && m.inSync && !m.faulty) ? 'U' : '_');
        }
        return sb.toString();
    }

    /** The whole /proc/mdstat as the kernel prints it for this one array. */
    String render() {
        StringBuilder sb = new StringBuilder("Personalities : [raid1] [raid6] [raid5] [raid4] \n");
        sb.append(name).append(" : active ").append(level);
        // the kernel lists members newest first
        for (int i = members.size() - 1; i >= 0; i--) {
            Member m = members.get(i);
            sb.append(' ').append(m.name).append('[').append(m.descriptor).append(']');
            if (m.faulty) {
                sb.append("(F)");
            } else if (m.slot < 0) {
                sb.append("(S)");
            }
        }
        long blocks = level.equals("raid1") ? MEMBER_BLOCKS : MEMBER_BLOCKS * (raidDevices - 1);
        sb.append("\n      ").append(blocks).append(" blocks super 1.2");
        if (level.equals("raid5")) {
            sb.append(" level 5, 512k chunk, algorithm 2");
        }
        sb.append(" [").append(raidDevices).append('/').append(working()).append("] [").append(slotMap()).append("]\n");
        if (recovering != null) {
            int permille = (int) Math.floor(recoveryPercent * 10);
            int x = permille / 50;
            long done = MEMBER_BLOCKS * permille / 1000;
            double left = (100.0 - recoveryPercent) / Math.max(0.001, percentPerSecond) / 60.0;
            long speed = Math.round(MEMBER_BLOCKS * percentPerSecond / 100.0);
            sb.append("      [").append("=".repeat(x)).append('>').append(".".repeat(20 - x)).append("]  recovery =")
                    .append(String.format(Locale.ROOT, "%3d.%d%% (%d/%d) finish=%.1fmin speed=%dK/sec", permille / 10,
                            permille % 10, done, MEMBER_BLOCKS, left, speed))
                    .append('\n');
        }
        sb.append("      bitmap: 0/1 pages [0KB], 65536KB chunk\n\n");
        sb.append("unused devices: <none>\n");
        return sb.toString();
    }
}
