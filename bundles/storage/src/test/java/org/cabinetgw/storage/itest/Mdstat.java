package org.cabinetgw.storage.itest;

/** mdstat snapshots of a raid5 as the kernel prints them (the tests bundle carries classes only). */
final class Mdstat {

    private Mdstat() {
    }

    static String raid5(String members, int working, String slots, String syncLine) {
        return "Personalities : [raid6] [raid5] [raid4] \n"
                + "md1 : active raid5 " + members + "\n"
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

    static String rebuilt() {
        return raid5("sdd1[3] sdb1[1] sda1[0]", 3, "UUU", "");
    }
}
