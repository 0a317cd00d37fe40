package org.cabinetgw.power.internal.map;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.cabinetgw.modbus.Table;

/**
 * Reads a custom map from configuration text, one point per entry (Kura and the web console show a
 * String[] attribute as one field per entry):
 *
 * <pre>name;table;address;type[;order[;scale[;offset[;unit[;length]]]]]</pre>
 *
 * table is coil, discrete, holding or input; address is the 0-based protocol address (write 0 for
 * register 30001 or 40001); empty entries and entries starting with '#' are skipped. Errors name the entry.
 */
public final class MapParser {

    private MapParser() {
    }

    public static RegisterMap parse(String name, String[] entries, int maxBlockRegisters, int maxGap) {
        List<Point> points = new ArrayList<>();
        if (entries != null) {
            for (int i = 0; i < entries.length; i++) {
                String e = entries[i] == null ? "" : entries[i].trim();
                if (e.isEmpty() || e.startsWith("#")) {
                    continue;
                }
                try {
                    points.add(point(e));
                } catch (IllegalArgumentException ex) {
                    throw new IllegalArgumentException("register map '" + name + "' entry " + (i + 1) + " '" + e + "': "
                            + ex.getMessage());
                }
            }
        }
        return new RegisterMap(name, points, maxBlockRegisters, maxGap);
    }

    static Point point(String entry) {
        String[] f = entry.split(";", -1);
        if (f.length < 4 || f.length > 9) {
            throw new IllegalArgumentException("expected name;table;address;type[;order[;scale[;offset[;unit[;length]]]]], got "
                    + f.length + " fields");
        }
        String name = f[0].trim();
        Table table = table(f[1]);
        int address = integer(f[2], "address");
        DataType type = DataType.parse(f[3]);
        WordOrder order = f.length > 4 && !f[4].isBlank() ? WordOrder.parse(f[4]) : WordOrder.ABCD;
        double scale = f.length > 5 && !f[5].isBlank() ? number(f[5], "scale") : 1;
        double offset = f.length > 6 && !f[6].isBlank() ? number(f[6], "offset") : 0;
        String unit = f.length > 7 ? f[7].trim() : "";
        int length = 0;
        if (type == DataType.STRING) {
            if (f.length < 9 || f[8].isBlank()) {
                throw new IllegalArgumentException("a string needs its length in registers as the 9th field");
            }
            length = integer(f[8], "length");
        }
        return new Point(name, table, address, type, order, scale, offset, unit, length, "");
    }

    private static Table table(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "coil", "coils" -> Table.COIL;
            case "discrete", "discrete_input", "discrete_inputs" -> Table.DISCRETE_INPUT;
            case "holding", "holding_register", "holding_registers" -> Table.HOLDING_REGISTER;
            case "input", "input_register", "input_registers" -> Table.INPUT_REGISTER;
            default -> throw new IllegalArgumentException("table '" + text.trim() + "' is not one of coil, discrete, holding, input");
        };
    }

    private static int integer(String text, String what) {
        try {
            String t = text.trim();
            return t.startsWith("0x") || t.startsWith("0X") ? Integer.parseInt(t.substring(2), 16) : Integer.parseInt(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " '" + text.trim() + "' is not a whole number");
        }
    }

    private static double number(String text, String what) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " '" + text.trim() + "' is not a number");
        }
    }
}
