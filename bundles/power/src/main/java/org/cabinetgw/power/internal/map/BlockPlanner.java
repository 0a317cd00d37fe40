package org.cabinetgw.power.internal.map;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.cabinetgw.modbus.Table;

/**
 * Merges a map's points into as few read requests as the map allows: points of one table, in address
 * order, join the current block while the gap to it is at most the map's gap and the block stays within
 * its register limit (2000 for bits). Fewer requests matter: on a 9600 baud bus each costs ~10 ms of
 * turnaround whatever its size.
 */
public final class BlockPlanner {

    private BlockPlanner() {
    }

    public static List<Block> plan(RegisterMap map) {
        List<Block> blocks = new ArrayList<>();
        for (Table table : Table.values()) {
            List<Point> points = new ArrayList<>();
            for (Point p : map.points()) {
                if (p.table() == table) {
                    points.add(p);
                }
            }
            if (points.isEmpty()) {
                continue;
            }
            points.sort(Comparator.comparingInt(Point::address));
            int limit = table.isBits() ? table.maxReadCount() : map.maxBlockRegisters();
            int gap = map.maxGap();
            List<Point> current = new ArrayList<>();
            int start = 0;
            int end = -1;
            for (Point p : points) {
                boolean fits = !current.isEmpty() && p.address() - end - 1 <= gap && p.end() - start + 1 <= limit;
                if (!fits && !current.isEmpty()) {
                    blocks.add(new Block(table, start, end - start + 1, current));
                    current = new ArrayList<>();
                }
                if (current.isEmpty()) {
                    start = p.address();
                }
                current.add(p);
                end = Math.max(end, p.end());
                if (current.size() == 1) {
                    end = p.end();
                }
            }
            blocks.add(new Block(table, start, end - start + 1, current));
        }
        return blocks;
    }
}
