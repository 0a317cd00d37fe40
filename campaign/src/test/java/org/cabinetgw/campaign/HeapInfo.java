package org.cabinetgw.campaign;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The heap in use from {@code jcmd PID GC.heap_info}'s output. */
final class HeapInfo {

    /** The first line of every collector: "garbage-first heap   total 45056K, used 23704K [0x...". */
    private static final Pattern USED = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K");

    private HeapInfo() {
    }

    /** KiB in use, or -1 when the output names no heap. */
    static long usedKiB(String heapInfo) {
        Matcher m = USED.matcher(heapInfo);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }
}
