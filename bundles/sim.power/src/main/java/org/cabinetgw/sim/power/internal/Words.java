package org.cabinetgw.sim.power.internal;

/** Puts values into register arrays, big-endian (ABCD), as the simulated devices store them. */
final class Words {

    private Words() {
    }

    static void float32(int[] regs, int at, double value) {
        int bits = Float.floatToIntBits((float) value);
        regs[at] = (bits >>> 16) & 0xFFFF;
        regs[at + 1] = bits & 0xFFFF;
    }

    static void uint32(int[] regs, int at, long value) {
        regs[at] = (int) ((value >>> 16) & 0xFFFF);
        regs[at + 1] = (int) (value & 0xFFFF);
    }

    static void text(int[] regs, int at, int length, String text) {
        for (int i = 0; i < length; i++) {
            int hi = 2 * i < text.length() ? text.charAt(2 * i) & 0xFF : 0;
            int lo = 2 * i + 1 < text.length() ? text.charAt(2 * i + 1) & 0xFF : 0;
            regs[at + i] = hi << 8 | lo;
        }
    }
}
