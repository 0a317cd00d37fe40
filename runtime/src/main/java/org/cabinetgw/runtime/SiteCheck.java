package org.cabinetgw.runtime;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Checks a site file against the features' Metatype: a PID no feature describes, a setting its PID does not
 * have (with the nearest name when one is close: a misspelling), a value of the wrong kind, out of range or
 * not among the allowed options. PIDs outside {@code org.cabinetgw.} (the platform's: HTTP, web console) are
 * not described by a Metatype file in the jar and are passed unchecked. Pure; unit tested.
 */
final class SiteCheck {

    /**
     * One mistake: the PID, the key (null for the PID itself), and what is wrong, as a sentence. {@code unknown}:
     * a name no feature has (nothing will ever report it); else a value, which the component refuses itself once
     * applied (its /health entry config:&lt;pid&gt; says so).
     */
    record Problem(String pid, String key, String sentence, boolean unknown) {
        Problem(String pid, String key, boolean unknown, String sentence) {
            this(pid, key, sentence, unknown);
        }

        @Override
        public String toString() {
            return pid + (key == null ? "" : " " + key) + ": " + sentence;
        }
    }

    private static final String OURS = "org.cabinetgw.";

    private SiteCheck() {
    }

    static List<Problem> check(SiteFile site, FeatureCatalog catalog) {
        List<Problem> problems = new ArrayList<>();
        site.pids().forEach((pid, values) -> {
            if (!pid.startsWith(OURS)) {
                return;
            }
            FeatureCatalog.Definition d = catalog.definition(pid);
            if (d == null) {
                String factory = SiteFile.factoryPid(pid);
                FeatureCatalog.Definition asFactory = catalog.definition(pid + "~x");
                if (asFactory != null) {
                    problems.add(new Problem(pid, null, true, "is a factory; name each of its configurations, e.g. \""
                            + pid + "~name\""));
                } else if (factory != null && catalog.definition(factory) != null) {
                    problems.add(new Problem(pid, null, true, factory + " is not a factory; write \"" + factory + "\""));
                } else {
                    String base = factory != null ? factory : pid;
                    problems.add(new Problem(pid, null, true, "no feature of this gateway has the settings \"" + base + "\""
                            + suggestion(base, catalog.pids())));
                }
                return;
            }
            values.forEach((key, value) -> {
                String now = catalog.renamedTo(pid, key);
                boolean renamed = !d.settings().containsKey(key) && now != null && d.settings().containsKey(now);
                FeatureCatalog.Setting s = d.settings().get(renamed ? now : key);
                if (renamed) {
                    // renamed in this release: still read (rule 5), and said once, naming both
                    problems.add(new Problem(pid, key, false, values.containsKey(now)
                            ? "is now " + now + "; both are given, " + now + " is used: remove " + key
                            : "is now " + now + "; rename it (the old name is read for this release only)"));
                }
                if (s == null) {
                    if (!passThrough(key)) {
                        problems.add(new Problem(pid, key, true, "no such setting" + suggestion(key, d.settings().keySet())));
                    }
                    return;
                }
                String wrong = valueProblem(s, value);
                if (wrong != null) {
                    problems.add(new Problem(pid, key, false, wrong));
                }
            });
        });
        return problems;
    }

    /** Keys a component reads that no Metatype lists: target filters and the framework's own. */
    private static boolean passThrough(String key) {
        return key.endsWith(".target") || key.startsWith("service.") || key.startsWith("component.");
    }

    /** Null when the value fits the setting; otherwise why not. */
    static String valueProblem(FeatureCatalog.Setting s, Object value) {
        List<Object> items = new ArrayList<>();
        if (value.getClass().isArray()) {
            if (s.cardinality() == 0) {
                return "takes one value, not a list";
            }
            for (int i = 0; i < Array.getLength(value); i++) {
                items.add(Array.get(value, i));
            }
            if (Math.abs(s.cardinality()) != Integer.MAX_VALUE && items.size() > Math.abs(s.cardinality())) {
                return "takes at most " + Math.abs(s.cardinality()) + " values, got " + items.size();
            }
        } else {
            items.add(value);
        }
        for (Object item : items) {
            String wrong = itemProblem(s, item);
            if (wrong != null) {
                return wrong;
            }
        }
        return null;
    }

    private static String itemProblem(FeatureCatalog.Setting s, Object v) {
        String shown = v instanceof String ? "\"" + v + "\"" : String.valueOf(v);
        switch (s.type()) {
            case "Integer", "Long", "Short", "Byte" -> {
                if (!(v instanceof Long l)) {
                    return shown + " is not a whole number";
                }
                long lo = switch (s.type()) {
                    case "Integer" -> Integer.MIN_VALUE;
                    case "Short" -> Short.MIN_VALUE;
                    case "Byte" -> Byte.MIN_VALUE;
                    default -> Long.MIN_VALUE;
                };
                long hi = switch (s.type()) {
                    case "Integer" -> Integer.MAX_VALUE;
                    case "Short" -> Short.MAX_VALUE;
                    case "Byte" -> Byte.MAX_VALUE;
                    default -> Long.MAX_VALUE;
                };
                if (l < lo || l > hi) {
                    return shown + " is too large for this setting";
                }
            }
            case "Double", "Float" -> {
                if (!(v instanceof Long) && !(v instanceof Double)) {
                    return shown + " is not a number";
                }
            }
            case "Boolean" -> {
                if (!(v instanceof Boolean)) {
                    return shown + " is not true or false";
                }
            }
            default -> {
                if (!(v instanceof String)) {
                    return shown + " must be a string in double quotes";
                }
            }
        }
        if (!s.options().isEmpty() && !s.options().contains(String.valueOf(v))) {
            return shown + " is not one of the allowed values " + String.join(", ", s.options());
        }
        return rangeProblem(s, v, shown);
    }

    private static String rangeProblem(FeatureCatalog.Setting s, Object v, String shown) {
        if (s.min() == null && s.max() == null) {
            return null;
        }
        try {
            if (v instanceof String text) { // for strings the Metatype's range is one of length
                int length = text.length();
                if (s.min() != null && length < Integer.parseInt(s.min())) {
                    return shown + " is shorter than " + s.min() + " characters";
                }
                if (s.max() != null && length > Integer.parseInt(s.max())) {
                    return shown + " is longer than " + s.max() + " characters";
                }
                return null;
            }
            if (v instanceof Boolean) {
                return null;
            }
            BigDecimal n = new BigDecimal(String.valueOf(v));
            boolean below = s.min() != null && n.compareTo(new BigDecimal(s.min())) < 0;
            boolean above = s.max() != null && n.compareTo(new BigDecimal(s.max())) > 0;
            if (below || above) {
                return shown + " is out of range; allowed " + (s.min() == null ? "up to " + s.max()
                        : s.max() == null ? "from " + s.min() : s.min() + ".." + s.max());
            }
        } catch (NumberFormatException e) {
            return null; // a range the Metatype writes in a form we do not read: ConfigurationAdmin's check applies
        }
        return null;
    }

    /** The value converted to the setting's type, as the web console would store it. */
    static Object toStored(FeatureCatalog.Setting s, Object value) {
        if (s == null) {
            return value;
        }
        if (value.getClass().isArray()) {
            int n = Array.getLength(value);
            if (n == 0) {
                return value;
            }
            Object first = toStoredItem(s.type(), Array.get(value, 0));
            Object out = Array.newInstance(first.getClass(), n);
            for (int i = 0; i < n; i++) {
                Object item = toStoredItem(s.type(), Array.get(value, i));
                if (item.getClass() != first.getClass()) {
                    return value;
                }
                Array.set(out, i, item);
            }
            return out;
        }
        return toStoredItem(s.type(), value);
    }

    private static Object toStoredItem(String type, Object v) {
        if (v instanceof Long l) {
            switch (type) {
                case "Integer":
                    return l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE ? (Object) l.intValue() : v;
                case "Short":
                    return l >= Short.MIN_VALUE && l <= Short.MAX_VALUE ? (Object) l.shortValue() : v;
                case "Byte":
                    return l >= Byte.MIN_VALUE && l <= Byte.MAX_VALUE ? (Object) l.byteValue() : v;
                case "Double":
                    return l.doubleValue();
                case "Float":
                    return l.floatValue();
                default:
                    return v;
            }
        }
        if (v instanceof Double d && "Float".equals(type)) {
            return d.floatValue();
        }
        return v;
    }

    /** ", did you mean "x"?" when a known name is within two edits (or one for short names); else "". */
    static String suggestion(String given, java.util.Collection<String> known) {
        return known.stream().map(k -> Map.entry(k, distance(given.toLowerCase(java.util.Locale.ROOT),
                k.toLowerCase(java.util.Locale.ROOT))))
                .filter(e -> e.getValue() <= (given.length() <= 4 ? 1 : 3))
                .min(Comparator.comparingInt(Map.Entry::getValue))
                .map(e -> "; did you mean \"" + e.getKey() + "\"?").orElse("");
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
