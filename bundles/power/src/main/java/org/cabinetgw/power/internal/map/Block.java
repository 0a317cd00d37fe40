package org.cabinetgw.power.internal.map;

import java.util.List;

import org.cabinetgw.modbus.Table;

/**
 * One read request: {@code count} registers or bits of {@code table} from {@code start}, holding {@code points}.
 */
public record Block(Table table, int start, int count, List<Point> points) {

    public Block {
        points = List.copyOf(points);
    }
}
