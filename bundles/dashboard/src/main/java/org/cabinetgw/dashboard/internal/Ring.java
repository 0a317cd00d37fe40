package org.cabinetgw.dashboard.internal;

/**
 * A fixed-size ring of (epoch second, value) points: the history behind one plot. The oldest point is
 * overwritten once it is full, so a series never costs more than {@code capacity * 8} bytes (an int
 * second and a float value per point). Not thread-safe: {@link HistoryRings} guards it.
 */
final class Ring {

    private final int[] seconds;
    private final float[] values;
    private int next;
    private int size;

    Ring(int capacity) {
        seconds = new int[capacity];
        values = new float[capacity];
    }

    void add(long epochSecond, double value) {
        seconds[next] = (int) epochSecond;
        values[next] = (float) value;
        next = (next + 1) % seconds.length;
        size = Math.min(size + 1, seconds.length);
    }

    int size() {
        return size;
    }

    /** The points after {@code afterSecond}, oldest first, into the two arrays given (as many as fit). */
    int copyAfter(long afterSecond, long[] outSeconds, double[] outValues) {
        int n = 0;
        int first = (next - size + seconds.length) % seconds.length;
        for (int i = 0; i < size && n < outSeconds.length; i++) {
            int at = (first + i) % seconds.length;
            if (seconds[at] > afterSecond) {
                outSeconds[n] = seconds[at];
                outValues[n] = values[at];
                n++;
            }
        }
        return n;
    }

    static long bytesPerPoint() {
        return Integer.BYTES + Float.BYTES;
    }
}
