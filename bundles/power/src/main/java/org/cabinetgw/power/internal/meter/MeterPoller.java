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

    /**
     * One successful poll, by point name in map order: the double view of every numeric point (booleans
     * 1.0/0.0, NaN where SunSpec says "not implemented"), the texts of string points, and every value exactly
     * as read (see {@link org.cabinetgw.power.MeterReading#exact()}).
     */
    public record Values(Map<String, Double> numbers, Map<String, String> texts, Map<String, Object> exact) {
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
        Map<String, Number> raws = new HashMap<>();
        Map<String, String> texts = new LinkedHashMap<>();
        for (Block b : blocks) {
            if (b.table().isBits()) {
                boolean[] bits = line.readBits(unitId, b.table(), b.start(), b.count());
                for (Point p : b.points()) {
                    raws.put(p.name(), bits[p.address() - b.start()] ? 1L : 0L);
                }
            } else {
                int[] regs = line.readRegisters(unitId, b.table(), b.start(), b.count());
                for (Point p : b.points()) {
                    int at = p.address() - b.start();
                    if (p.type() == DataType.STRING) {
                        texts.put(p.name(), Codec.text(regs, at, p));
                    } else {
                        raws.put(p.name(), Codec.number(regs, at, p));
                    }
                }
            }
        }
        Map<String, Double> numbers = new LinkedHashMap<>();
        Map<String, Object> exact = new LinkedHashMap<>();
        for (Point p : map.points()) {
            String text = texts.get(p.name());
            if (text != null) {
                exact.put(p.name(), text);
                continue;
            }
            Number raw = raws.get(p.name());
            if (raw == null) {
                continue;
            }
            if (p.type() == DataType.BOOL) {
                boolean on = raw.longValue() != 0;
                numbers.put(p.name(), on ? 1.0 : 0.0);
                exact.put(p.name(), on);
                continue;
            }
            int exponent = 0;
            if (!p.scaleFactor().isEmpty()) {
                Number sf = raws.get(p.scaleFactor());
                // SunSpec: 0x8000 in an int16 point or its scale factor means "not implemented"
                if (p.type() == DataType.INT16 && raw.longValue() == Short.MIN_VALUE || sf == null
                        || sf.longValue() < -10 || sf.longValue() > 10) {
                    numbers.put(p.name(), Double.NaN);
                    continue;
                }
                exponent = sf.intValue();
            }
            Number value = Codec.exact(raw, p, exponent);
            if (value == null) {
                numbers.put(p.name(), Codec.value(raw.doubleValue(), p, exponent)); // NaN or infinite: no decimal
            } else {
                numbers.put(p.name(), value.doubleValue());
                exact.put(p.name(), value);
            }
        }
        return new Values(numbers, texts, exact);
    }
}
