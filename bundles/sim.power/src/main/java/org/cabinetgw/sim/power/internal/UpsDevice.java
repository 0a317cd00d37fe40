package org.cabinetgw.sim.power.internal;

import java.util.function.Supplier;

/**
 * A UPS with the gateway's generic UPS map (holding registers 0-8, see bundles/power/README.md).
 * Register 0 (on battery) is writable so an integrator can force a test of the battery path.
 */
final class UpsDevice extends Device {

    private final Supplier<Cabinet.Ups> ups;
    private final Cabinet cabinet;

    UpsDevice(Cabinet cabinet) {
        this.cabinet = cabinet;
        this.ups = cabinet::ups;
    }

    @Override
    String kind() {
        return "UPS";
    }

    @Override
    int[] read(int table, int address, int count) throws ModbusFault {
        if (table != 3) {
            throw new ModbusFault(ModbusFault.ILLEGAL_ADDRESS, "the UPS map is in holding registers");
        }
        Cabinet.Ups u = ups.get();
        int[] r = new int[9];
        r[0] = u.onBattery() ? 1 : 0;
        r[1] = (int) Math.round(u.chargePercent());
        Words.uint32(r, 2, u.runtimeSeconds());
        r[4] = (int) Math.round(u.inputVoltage() * 10);
        r[5] = (int) Math.round(u.outputVoltage() * 10);
        r[6] = (int) Math.round(u.frequency() * 10);
        r[7] = u.loadPercent();
        r[8] = u.onBattery() ? 262 : 273;
        return slice(r, 0, address, count);
    }

    @Override
    void write(int table, int address, int[] values) throws ModbusFault {
        if (table == 3 && address == 0 && values.length == 1) {
            cabinet.upsOnBattery(values[0] != 0);
            return;
        }
        super.write(table, address, values);
    }
}
