package org.cabinetgw.storage.itest;

/** mdstat snapshots of a raid5 as the kernel prints them (the tests bundle carries classes only). */
final class Mdstat {

    private Mdstat() {
    }

    static String raid5(String members, int working, String slots, String syncLine) {
        return raid5("active", members, working, slots, syncLine);
    }

    static String raid5(String state, String members, int working, String slots, String syncLine) {
        return "Personalities : [raid6] [raid5] [raid4] \n"
                + "md1 : " + state + " raid5 " + members + "\n"
                + "      2095104 blocks super 1.2 level 5, 512k chunk, algorithm 2 [3/" + working + "] [" + slots + "]\n"
                + (syncLine.isEmpty() ? "" : "      " + syncLine + "\n")
                + "      bitmap: 1/1 pages [4KB], 65536KB chunk\n"
                + "\n"
                + "unused devices: <none>\n";
    }

    static String clean() {
        return raid5("sdc1[2] sdb1[1] sda1[0]", 3, "UUU", "");
    }

    static String sdc1Failed() {
        return raid5("sdc1[2](F) sdb1[1] sda1[0]", 2, "UU_", "");
    }

    static String recovery(String bar, String percent, long done) {
        return raid5("sdd1[3] sdb1[1] sda1[0]", 2, "UU_", bar + "  recovery =" + percent + "% (" + done
                + "/1047552) finish=0.5min speed=20480K/sec");
    }

    /** md1 after a second member failed: since 2024 the kernel says broken instead of active. */
    static String broken() {
        return raid5("broken", "sdc1[2](F) sdb1[1](F) sda1[0]", 1, "U__", "");
    }

    /** The same file with a healthy raid1 md0 after md1. */
    static String withHealthyMd0(String text) {
        return text.replace("unused devices", "md0 : active raid1 sdf1[1] sde1[0]\n"
                + "      1047552 blocks super 1.2 [2/2] [UU]\n\nunused devices");
    }

    static String rebuilt() {
        return raid5("sdd1[3] sdb1[1] sda1[0]", 3, "UUU", "");
    }
}
