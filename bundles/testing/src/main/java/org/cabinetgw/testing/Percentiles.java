package org.cabinetgw.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The one way the benchmarks print a distribution: nearest-rank percentiles of a list of samples. */
public final class Percentiles {

    private Percentiles() {
    }

    /** Nearest-rank percentile of samples in any order; {@code pct} in 1..100. */
    public static long of(List<Long> samples, int pct) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no samples");
        }
        List<Long> s = new ArrayList<>(samples);
        Collections.sort(s);
        int rank = (int) Math.ceil(pct / 100.0 * s.size());
        return s.get(Math.max(0, rank - 1));
    }

    /** "min 12 / p50 30 / p99 80 / max 81 ms". */
    public static String summary(List<Long> samples) {
        return "min " + of(samples, 1) + " / p50 " + of(samples, 50) + " / p99 " + of(samples, 99) + " / max "
                + of(samples, 100) + " ms";
    }
}
