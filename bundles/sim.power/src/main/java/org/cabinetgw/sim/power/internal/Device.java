package org.cabinetgw.sim.power.internal;

/**
 * A simulated Modbus device: answers reads from its current image, refuses writes it does not model.
 * Tables: 1 coils, 2 discrete inputs, 3 holding registers, 4 input registers (the read function codes).
 */
abstract class Device {

    private volatile FaultMode fault = FaultMode.NORMAL;

    abstract String kind();

    /** Registers (or bits as 0/1) of {@code table} from {@code address}. */
    abstract int[] read(int table, int address, int count) throws ModbusFault;

    /** Writes to holding registers or coils; the simulated meters have none writable. */
    void write(int table, int address, int[] values) throws ModbusFault {
        throw new ModbusFault(ModbusFault.ILLEGAL_ADDRESS, kind() + " has no writable " + (table == 1 ? "coils" : "registers"));
    }

    FaultMode fault() {
        return fault;
    }

    void fault(FaultMode mode) {
        fault = mode;
    }

    /** Copies {@code count} items from an image that covers {@code [base, base + image.length)}. */
    static int[] slice(int[] image, int base, int address, int count) throws ModbusFault {
        if (address < base || address + count > base + image.length) {
            throw new ModbusFault(ModbusFault.ILLEGAL_ADDRESS, "addresses " + address + "-" + (address + count - 1)
                    + " are outside " + base + "-" + (base + image.length - 1));
        }
        int[] out = new int[count];
        System.arraycopy(image, address - base, out, 0, count);
        return out;
    }
}
