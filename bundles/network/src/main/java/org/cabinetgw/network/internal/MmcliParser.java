package org.cabinetgw.network.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Parses {@code mmcli -m N -K} (ModemManager's key-value output: {@code key : value} per line, {@code --} for
 * empty, lists as {@code key.length} plus {@code key.value[i]} or, in older versions, one comma-separated value).
 * Missing fields stay unknown; unknown keys are ignored. Output with no modem key at all is refused, so that an
 * error message or an unrelated program is never mistaken for a modem.
 */
final class MmcliParser {

    /** Lines beyond this are ignored: the real output has about a hundred. */
    private static final int MAX_LINES = 2000;

    private MmcliParser() {
    }

    static ModemStatus parse(String output) {
        Map<String, String> kv = keyValues(output);
        if (kv.keySet().stream().noneMatch(k -> k.startsWith("modem."))) {
            throw new IllegalArgumentException("mmcli printed no modem.* keys: '" + abbreviate(output) + "'");
        }
        return new ModemStatus(
                lower(kv.get("modem.generic.state")),
                list(kv, "modem.generic.access-technologies"),
                signal(kv.get("modem.generic.signal-quality.value")),
                lower(kv.get("modem.3gpp.registration-state")),
                text(kv.get("modem.3gpp.operator-name")),
                text(kv.get("modem.3gpp.operator-code")),
                list(kv, "modem.generic.bearers"),
                first(text(kv.get("modem.3gpp.imei")), text(kv.get("modem.generic.equipment-identifier"))),
                text(kv.get("modem.generic.revision")),
                text(kv.get("modem.generic.sim")));
    }

    /**
     * The ICCID and IMSI of {@code mmcli -i <sim> -K} ({@code sim.properties.iccid}, {@code sim.properties.imsi}),
     * each empty when not printed.
     *
     * @throws IllegalArgumentException when the output has no {@code sim.*} key (an error message, not a SIM)
     */
    static Map.Entry<String, String> simIccidAndImsi(String output) {
        Map<String, String> kv = keyValues(output);
        if (kv.keySet().stream().noneMatch(k -> k.startsWith("sim."))) {
            throw new IllegalArgumentException("mmcli printed no sim.* keys: '" + abbreviate(output) + "'");
        }
        return Map.entry(text(kv.get("sim.properties.iccid")), text(kv.get("sim.properties.imsi")));
    }

    private static String first(String a, String b) {
        return a.isEmpty() ? b : a;
    }

    static Map<String, String> keyValues(String output) {
        Map<String, String> kv = new LinkedHashMap<>();
        if (output == null) {
            return kv;
        }
        int lines = 0;
        for (String line : output.split("\\R")) {
            if (++lines > MAX_LINES) {
                break;
            }
            int colon = line.indexOf(" : ");
            int at = colon >= 0 ? colon : line.indexOf(':');
            if (at <= 0) {
                continue;
            }
            String key = line.substring(0, at).trim();
            String value = line.substring(at + 1).trim();
            if (value.startsWith(":")) {
                value = value.substring(1).trim();
            }
            if (key.isEmpty() || key.contains(" ")) {
                continue;
            }
            kv.put(key, "--".equals(value) ? "" : value);
        }
        return kv;
    }

    private static List<String> list(Map<String, String> kv, String key) {
        // newer mmcli: key.length and key.value[1..n]
        TreeMap<Integer, String> indexed = new TreeMap<>();
        String prefix = key + ".value[";
        for (Map.Entry<String, String> e : kv.entrySet()) {
            if (e.getKey().startsWith(prefix) && e.getKey().endsWith("]")) {
                try {
                    indexed.put(Integer.parseInt(e.getKey().substring(prefix.length(), e.getKey().length() - 1)),
                            e.getValue());
                } catch (NumberFormatException ignored) {
                    // not an index: skip the line
                }
            }
        }
        List<String> values = new ArrayList<>();
        if (!indexed.isEmpty()) {
            indexed.values().stream().map(MmcliParser::text).filter(v -> !v.isEmpty()).forEach(values::add);
            return values;
        }
        // older mmcli: one line, comma separated
        String single = kv.get(key);
        if (single != null) {
            for (String v : single.split(",")) {
                String t = text(v);
                if (!t.isEmpty()) {
                    values.add(t);
                }
            }
        }
        return values;
    }

    private static int signal(String value) {
        if (value == null) {
            return -1;
        }
        String digits = value.trim();
        int percent = digits.indexOf('%');
        if (percent >= 0) {
            digits = digits.substring(0, percent).trim();
        }
        try {
            int v = Integer.parseInt(digits);
            return v >= 0 && v <= 100 ? v : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String text(String value) {
        if (value == null) {
            return "";
        }
        String t = value.trim();
        // only printable text: a modem's operator name ends up in events and logs
        t = t.replaceAll("[^\\x20-\\x7e\\u00a0-\\uffff]", "?");
        return t.length() > 128 ? t.substring(0, 128) : t;
    }

    private static String lower(String value) {
        return text(value).toLowerCase(Locale.ROOT);
    }

    private static String abbreviate(String text) {
        if (text == null) {
            return "";
        }
        String printable = text.replaceAll("[^\\x20-\\x7e]", " ").trim();
        return printable.length() > 80 ? printable.substring(0, 80) + "..." : printable;
    }
}
