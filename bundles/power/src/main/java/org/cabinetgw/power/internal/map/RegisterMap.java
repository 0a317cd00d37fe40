package org.cabinetgw.power.internal.map;

import java.util.List;

/**
 * A validated set of points of one device, and how to read them: blocks of at most
 * {@link #maxBlockRegisters} registers, reading across gaps of at most {@link #maxGap} unused registers
 * (some devices answer an exception for undocumented registers: their presets use 0).
 * Construct with {@link RegisterMapValidator#validate}; the constructor does the same.
 *
 * @param name              for messages, e.g. the preset's name
 * @param points            in declaration order
 * @param maxBlockRegisters 1-125
 * @param maxGap            0-124
 */
public record RegisterMap(String name, List<Point> points, int maxBlockRegisters, int maxGap) {

    public RegisterMap {
        points = List.copyOf(points);
        RegisterMapValidator.check(name, points, maxBlockRegisters, maxGap);
    }

    /** The point with this name, or null. */
    public Point point(String pointName) {
        for (Point p : points) {
            if (p.name().equals(pointName)) {
                return p;
            }
        }
        return null;
    }
}
