package org.cabinetgw.power.internal.meter;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.cabinetgw.modbus.ModbusException;
import org.cabinetgw.modbus.ModbusLine;
import org.cabinetgw.power.internal.map.Block;
import org.cabinetgw.power.internal.map.BlockPlanner;
import org.cabinetgw.power.internal.map.Codec;
import org.cabinetgw.power.internal.map.DataType;
import org.cabinetgw.power.internal.map.Point;
import org.cabinetgw.power.internal.map.RegisterMap;

/**
 * Reads a map from one unit in its planned blocks and decodes it. All blocks must answer, or the poll
 * fails as a whole: half a reading (voltage from now, frequency from a minute ago) would mislead.
 */
public final class MeterPoller {

    /** One successful poll: numeric values and texts by point name, in map order. */
    public record Values(Map<String, Double> numbers, Map<String, String> texts) {
    }

    private final RegisterMap map;
    private final int unitId;
    private final List<Block> blocks;

    public MeterPoller(RegisterMap map, int unitId) {
        this.map = map;
        this.unitId = unitId;
        this.blocks = BlockPlanner.plan(map);
    }

    public RegisterMap map() {
        return map;
    }

    public List<Block> blocks() {
        return blocks;
    }

    public Values poll(ModbusLine line) throws ModbusException {
        Map<String, Double> raws = new HashMap<>();
        Map<String, String> texts = new LinkedHashMap<>();
        for (Block b : blocks) {
            if (b.table().isBits()) {
                boolean[] bits = line.readBits(unitId, b.table(), b.start(), b.count());
                for (Point p : b.points()) {
                    raws.put(p.name(), bits[p.address() - b.start()] ? 1.0 : 0.0);
                }
            } else {
                int[] regs = line.readRegisters(unitId, b.table(), b.start(), b.count());
                for (Point p : b.points()) {
                    int at = p.address() - b.start();
                    if (p.type() == DataType.STRING) {
                        texts.put(p.name(), Codec.text(regs, at, p));
                    } else {
                        raws.put(p.name(), Codec.raw(regs, at, p));
                    }
                }
            }
        }
        Map<String, Double> numbers = new LinkedHashMap<>();
        for (Point p : map.points()) {
            Double raw = raws.get(p.name());
            if (raw == null) {
                continue;
            }
            int exponent = 0;
            if (!p.scaleFactor().isEmpty() && p.type() == DataType.INT16 && raw == Short.MIN_VALUE) {
                numbers.put(p.name(), Double.NaN); // SunSpec: 0x8000 in an int16 point means "not implemented"
                continue;
            }
            if (!p.scaleFactor().isEmpty()) {
                double sf = raws.getOrDefault(p.scaleFactor(), Double.NaN);
                if (Double.isNaN(sf) || sf < -10 || sf > 10) {
                    numbers.put(p.name(), Double.NaN); // SunSpec "not implemented" (0x8000) or nonsense
                    continue;
                }
                exponent = (int) sf;
            }
            numbers.put(p.name(), Codec.value(raw, p, exponent));
        }
        return new Values(numbers, texts);
    }
}
