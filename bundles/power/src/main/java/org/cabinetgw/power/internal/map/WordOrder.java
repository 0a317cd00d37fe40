package org.cabinetgw.power.internal.map;

import java.util.Locale;

/**
 * Order of the bytes of a multi-register value, named by where bytes A (most significant) to D land.
 * ABCD is Modbus's own big-endian order; CDAB swaps the registers (low word first, common on meters);
 * BADC swaps the bytes inside each register; DCBA does both. For 64-bit values the same two swaps apply
 * to all four registers.
 */
public enum WordOrder {
    ABCD(false, false),
    CDAB(true, false),
    BADC(false, true),
    DCBA(true, true);

    private final boolean wordSwap;
    private final boolean byteSwap;

    WordOrder(boolean wordSwap, boolean byteSwap) {
        this.wordSwap = wordSwap;
        this.byteSwap = byteSwap;
    }

    /** The least significant register comes first. */
    public boolean wordSwap() {
        return wordSwap;
    }

    /** The bytes inside each register are swapped. */
    public boolean byteSwap() {
        return byteSwap;
    }

    public static WordOrder parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("word order '" + text + "' is not one of ABCD, CDAB, BADC, DCBA");
        }
    }
}
