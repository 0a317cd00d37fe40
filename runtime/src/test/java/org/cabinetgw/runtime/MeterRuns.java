package org.cabinetgw.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * Decides lost and order from the power meter's numbered telemetry ({@code telemetry.seq}, bundles/power README):
 * a meter numbers its messages 1, 2, 3 ... from each of its starts, so in the order they arrived each number is
 * the one before plus one, or 1 (the meter started again). The first number seen may be any (the subscription
 * began while the meter ran).
 */
final class MeterRuns {

    private MeterRuns() {
    }

    /** Where a number does not follow the one before: "after 41: 43" (42 lost, or out of order); empty when none. */
    static List<String> breaks(List<Long> arrived) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i < arrived.size(); i++) {
            long previous = arrived.get(i - 1);
            long n = arrived.get(i);
            if (n != previous + 1 && n != 1) {
                out.add("after " + previous + ": " + n);
            }
        }
        return out;
    }

    /** The last number of each run that another followed (a restart at 1), in order: what each stop left last. */
    static List<Long> ends(List<Long> arrived) {
        List<Long> out = new ArrayList<>();
        for (int i = 1; i < arrived.size(); i++) {
            if (arrived.get(i) == 1) {
                out.add(arrived.get(i - 1));
            }
        }
        return out;
    }
}
