package org.cabinetgw.campaign;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * /proc/mdstat as the campaign writes it: the storage bundle's fixtures captured from real systems (a clean
 * and a degraded raid1 md0), a rebuild of the same array, and two kinds of garbage.
 */
final class MdstatFixtures {

    private MdstatFixtures() {
    }

    private static String fixture(Path module, String name) throws IOException {
        return Files.readString(module.resolve("../bundles/storage/src/test/resources/mdstat").resolve(name).normalize());
    }

    static String clean(Path module) throws IOException {
        return fixture(module, "clean-raid1.txt");
    }

    /** sdb1 marked faulty: [2/1] [U_]. */
    static String failing(Path module) throws IOException {
        return fixture(module, "degraded-raid1-faulty.txt");
    }

    /** The replacement sdc1 being rebuilt into md0. */
    static String rebuilding() {
        return """
                Personalities : [raid1] [linear] [multipath] [raid0] [raid6] [raid5] [raid4] [raid10]\s
                md0 : active raid1 sdc1[2] sda1[0]
                      1047552 blocks super 1.2 [2/1] [U_]
                      [====>................]  recovery = 22.1% (231552/1047552) finish=0.8min speed=18870K/sec
                      bitmap: 1/1 pages [4KB], 65536KB chunk

                unused devices: <none>
                """;
    }

    /** Not an mdstat at all. */
    static String garbage() {
        return "\u0000\u0001this is not /proc/mdstat \u00ff\u00fe\n@@@@ md0 ::: [[[ ]]] ????\n";
    }

    /** The clean file cut in the middle of a line: no final "unused devices" line. */
    static String truncated(Path module) throws IOException {
        String clean = clean(module);
        return clean.substring(0, clean.indexOf("blocks") + 3);
    }
}
