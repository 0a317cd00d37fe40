package org.cabinetgw.power.internal.map;

import java.util.Objects;

import org.cabinetgw.modbus.Table;

/**
 * One named value in a device: where it is, how it is stored, how it becomes a physical quantity.
 * The value is {@code raw * scale * 10^sf + offset}, where sf is the value of the point named by
 * {@link #scaleFactor} (SunSpec's "sunssf" registers) or 0 when there is none.
 *
 * @param name        unique in its map; the common names are in {@link org.cabinetgw.power.MeterReading}
 * @param table       which table holds it
 * @param address     0-based protocol address of its first register or bit
 * @param type        storage type
 * @param order       byte order of multi-register values
 * @param scale       multiplier, finite and not 0
 * @param offset      added after scaling, finite
 * @param unit        unit text, may be empty
 * @param length      registers of a STRING (1-125); for other types the type's own size
 * @param scaleFactor name of an INT16 point whose value is a power-of-ten exponent, or empty
 */
public record Point(String name, Table table, int address, DataType type, WordOrder order, double scale,
        double offset, String unit, int length, String scaleFactor) {

    public Point {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(order, "order");
        name = name == null ? "" : name.trim();
        unit = unit == null ? "" : unit.trim();
        scaleFactor = scaleFactor == null ? "" : scaleFactor.trim();
        if (type != DataType.STRING) {
            length = table.isBits() ? 1 : type.registers();
        }
    }

    /** A point with scale 1, offset 0, no unit, big-endian. */
    public static Point of(String name, Table table, int address, DataType type) {
        return new Point(name, table, address, type, WordOrder.ABCD, 1, 0, "", 0, "");
    }

    /** The same point with another scale and unit. */
    public Point scaled(double newScale, String newUnit) {
        return new Point(name, table, address, type, order, newScale, offset, newUnit, length, scaleFactor);
    }

    /** The same point scaled by the value of another point (SunSpec scale factors). */
    public Point withScaleFactor(String pointName) {
        return new Point(name, table, address, type, order, scale, offset, unit, length, pointName);
    }

    /** Registers (or bits) it occupies. */
    public int size() {
        return length;
    }

    /** Last address it occupies. */
    public int end() {
        return address + size() - 1;
    }

    /** "holding 40072-40073" for error messages. */
    public String where() {
        String t = table.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        return size() == 1 ? t + " " + address : t + " " + address + "-" + end();
    }
}
