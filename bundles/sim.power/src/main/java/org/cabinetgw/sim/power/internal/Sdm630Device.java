package org.cabinetgw.sim.power.internal;

import java.util.function.Supplier;

/**
 * An Eastron SDM630 on one source: input registers 0-79 (function 4), big-endian floats, at the
 * addresses of Eastron's input-register table. Like the real meter it refuses more than 80 registers
 * per request (exception 3) and other tables (exception 2).
 */
final class Sdm630Device extends Device {

    private final Supplier<Cabinet.Source> source;

    Sdm630Device(Supplier<Cabinet.Source> source) {
        this.source = source;
    }

    @Override
    String kind() {
        return "SDM630";
    }

    @Override
    int[] read(int table, int address, int count) throws ModbusFault {
        if (table != 4) {
            throw new ModbusFault(ModbusFault.ILLEGAL_ADDRESS, "the SDM630 keeps its readings in input registers");
        }
        if (count > 80) {
            throw new ModbusFault(ModbusFault.ILLEGAL_VALUE, "the SDM630 answers at most 40 parameters per request");
        }
        Cabinet.Source s = source.get();
        int[] r = new int[80];
        double v = s.voltage();
        double current = v > 0 ? s.powerWatts() / 3 / v : 0;
        for (int phase = 0; phase < 3; phase++) {
            Words.float32(r, 2 * phase, v + phase * 0.3); // 30001.. phase voltages
            Words.float32(r, 6 + 2 * phase, current); // 30007.. phase currents
            Words.float32(r, 12 + 2 * phase, s.powerWatts() / 3); // 30013.. phase powers
        }
        Words.float32(r, 42, v + 0.3); // 30043 average line to neutral volts
        Words.float32(r, 46, current); // 30047 average line current
        Words.float32(r, 52, s.powerWatts()); // 30053 total system power
        Words.float32(r, 62, s.on() ? 0.98 : 0); // 30063 total power factor
        Words.float32(r, 70, s.frequency()); // 30071 frequency
        Words.float32(r, 72, s.energyKwh()); // 30073 import kWh
        Words.float32(r, 74, 0); // 30075 export kWh
        return slice(r, 0, address, count);
    }
}
