package org.cabinetgw.power.internal.map;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.cabinetgw.modbus.Table;

/**
 * Checks a map when it is loaded, so a wrong map fails at configuration time with a message naming the
 * point, not later as odd values: names, sizes, address ranges, overlaps and scale-factor references.
 */
public final class RegisterMapValidator {

    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.]{0,63}");

    private RegisterMapValidator() {
    }

    static void check(String mapName, List<Point> points, int maxBlockRegisters, int maxGap) {
        String m = "register map '" + mapName + "': ";
        if (points.isEmpty()) {
            throw new IllegalArgumentException(m + "has no points");
        }
        if (maxBlockRegisters < 1 || maxBlockRegisters > 125) {
            throw new IllegalArgumentException(m + "block size " + maxBlockRegisters + " is outside 1-125");
        }
        if (maxGap < 0 || maxGap > 124) {
            throw new IllegalArgumentException(m + "gap " + maxGap + " is outside 0-124");
        }
        Map<String, Point> byName = new HashMap<>();
        for (Point p : points) {
            if (!NAME.matcher(p.name()).matches()) {
                throw new IllegalArgumentException(m + "point name '" + p.name()
                        + "' must start with a letter and hold only letters, digits, '_' or '.', at most 64");
            }
            if (p.name().startsWith("line.")) {
                throw new IllegalArgumentException(m + "point name '" + p.name()
                        + "' must not start with 'line.': the meter's telemetry uses those names for its line's counters");
            }
            if (p.name().startsWith("telemetry.")) {
                throw new IllegalArgumentException(m + "point name '" + p.name()
                        + "' must not start with 'telemetry.': the meter's telemetry numbers its messages with telemetry.seq");
            }
            if (byName.put(p.name(), p) != null) {
                throw new IllegalArgumentException(m + "point name '" + p.name() + "' is used twice");
            }
            String at = m + "point '" + p.name() + "' ";
            if (p.table().isBits() && p.type() != DataType.BOOL) {
                throw new IllegalArgumentException(at + "is in the " + p.table() + " table, which holds bits: type must be bool, not "
                        + p.type().name().toLowerCase(java.util.Locale.ROOT));
            }
            if (p.type() == DataType.STRING && (p.length() < 1 || p.length() > 125)) {
                throw new IllegalArgumentException(at + "string length " + p.length() + " is outside 1-125 registers");
            }
            if (p.address() < 0 || p.end() > 0xFFFF) {
                throw new IllegalArgumentException(at + "at " + p.address() + " with " + p.size()
                        + " registers is outside the addresses 0-65535");
            }
            if (!p.table().isBits() && p.size() > maxBlockRegisters) {
                throw new IllegalArgumentException(at + "needs " + p.size() + " registers, more than one block of "
                        + maxBlockRegisters);
            }
            if (!Double.isFinite(p.scale()) || p.scale() == 0) {
                throw new IllegalArgumentException(at + "scale " + p.scale() + " must be finite and not 0");
            }
            if (!Double.isFinite(p.offset())) {
                throw new IllegalArgumentException(at + "offset " + p.offset() + " must be finite");
            }
        }
        for (Point p : points) {
            if (!p.scaleFactor().isEmpty()) {
                Point sf = byName.get(p.scaleFactor());
                if (sf == null || sf.type() != DataType.INT16) {
                    throw new IllegalArgumentException(m + "point '" + p.name() + "' takes its scale factor from '"
                            + p.scaleFactor() + "', which is not an int16 point of this map");
                }
            }
        }
        checkOverlaps(m, points);
    }

    private static void checkOverlaps(String m, List<Point> points) {
        for (Table table : Table.values()) {
            List<Point> inTable = new ArrayList<>();
            for (Point p : points) {
                if (p.table() == table) {
                    inTable.add(p);
                }
            }
            inTable.sort(Comparator.comparingInt(Point::address));
            for (int i = 1; i < inTable.size(); i++) {
                Point a = inTable.get(i - 1);
                Point b = inTable.get(i);
                if (b.address() <= a.end()) {
                    throw new IllegalArgumentException(m + "point '" + b.name() + "' (" + b.where() + ") overlaps point '"
                            + a.name() + "' (" + a.where() + ")");
                }
            }
        }
    }
}
