package org.cabinetgw.sim.power.internal;

import java.util.function.Supplier;

/**
 * A SunSpec three-phase float meter: the 'SunS' marker at 40000, the common model (1, 66 registers) with
 * manufacturer and model names, meter model 213 (124 registers), and the end marker. Holding registers.
 */
final class SunSpecMeterDevice extends Device {

    static final int BASE = 40000;
    static final int METER = BASE + 2 + 2 + 66;
    private static final int END = METER + 2 + 124;

    private final Supplier<Cabinet.Source> source;

    SunSpecMeterDevice(Supplier<Cabinet.Source> source) {
        this.source = source;
    }

    @Override
    String kind() {
        return "SunSpec 213";
    }

    @Override
    int[] read(int table, int address, int count) throws ModbusFault {
        if (table != 3) {
            throw new ModbusFault(ModbusFault.ILLEGAL_ADDRESS, "SunSpec data is in holding registers");
        }
        int[] r = new int[END + 2 - BASE];
        r[0] = 0x5375; // "Su"
        r[1] = 0x6E53; // "nS"
        r[2] = 1; // common model
        r[3] = 66;
        Words.text(r, 4, 16, "CabinetGW");
        Words.text(r, 20, 16, "SimMeter 213");
        Words.text(r, 52, 16, "SIM-0001");
        int m = METER - BASE;
        r[m] = 213;
        r[m + 1] = 124;
        Cabinet.Source s = source.get();
        double v = s.voltage();
        double a = v > 0 ? s.powerWatts() / v : 0;
        Words.float32(r, m + 2, a); // A
        for (int p = 0; p < 3; p++) {
            Words.float32(r, m + 4 + 2 * p, a / 3); // AphA..C
            Words.float32(r, m + 12 + 2 * p, v); // PhVphA..C
            Words.float32(r, m + 20 + 2 * p, v * Math.sqrt(3)); // PPVphAB..CA
            Words.float32(r, m + 30 + 2 * p, s.powerWatts() / 3); // WphA..C
        }
        Words.float32(r, m + 10, v); // PhV
        Words.float32(r, m + 18, v * Math.sqrt(3)); // PPV
        Words.float32(r, m + 26, s.frequency()); // Hz
        Words.float32(r, m + 28, s.powerWatts()); // W
        Words.float32(r, m + 60, 0); // TotWhExp
        Words.float32(r, m + 68, s.energyKwh() * 1000); // TotWhImp
        r[END - BASE] = 0xFFFF;
        r[END - BASE + 1] = 0;
        return slice(r, BASE, address, count);
    }
}
