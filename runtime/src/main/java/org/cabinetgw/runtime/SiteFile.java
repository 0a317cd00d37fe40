package org.cabinetgw.runtime;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The site file given with {@code --config}: OSGi Configurator JSON, one object per PID ({@code pid} or
 * {@code factoryPid~name}) with its settings. Keys starting with {@code :configurator:} are the Configurator's
 * own and are accepted and ignored (the gateway applies the file at every start whatever its version says).
 * A value may be a string, a number, a boolean, or an array of one of these; a key may carry a Configurator
 * type ({@code "port:Integer": 1883}), which is checked and then dropped from the name.
 *
 * <p>Anything else is refused with a message naming the file, the line and column or the PID and key.
 */
record SiteFile(Path file, Map<String, Map<String, Object>> pids) {

    /** The site file cannot be used at all; the message names the file and where. */
    static final class Unusable extends IOException {
        private static final long serialVersionUID = 1L;

        Unusable(String message) {
            super(message);
        }
    }

    private static final List<String> TYPES = List.of("String", "Integer", "Long", "Float", "Double", "Boolean",
            "Short", "Byte", "Character");

    static SiteFile read(Path file) throws Unusable {
        String text;
        try {
            byte[] bytes = Files.readAllBytes(file);
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (NoSuchFileException e) {
            throw new Unusable(file + ": no such file");
        } catch (AccessDeniedException e) {
            throw new Unusable(file + ": permission denied (the gateway's user cannot read it)");
        } catch (CharacterCodingException e) {
            throw new Unusable(file + ": not UTF-8 text");
        } catch (IOException e) {
            throw new Unusable(file + ": cannot be read: " + Errors.cause(e));
        }
        return parse(file, text);
    }

    static SiteFile parse(Path file, String text) throws Unusable {
        Object root;
        try {
            root = Json.parse(text);
        } catch (Json.SyntaxError e) {
            throw new Unusable(file + ", " + e.getMessage());
        }
        if (!(root instanceof Map<?, ?> top)) {
            throw new Unusable(file + ": the file must be one JSON object, { \"pid\": { \"key\": value } }");
        }
        Map<String, Map<String, Object>> pids = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : top.entrySet()) {
            String pid = (String) e.getKey();
            if (pid.startsWith(":configurator:")) {
                continue;
            }
            if (!pid.matches("[A-Za-z0-9_.\\-]+(~[A-Za-z0-9_.\\-]+)?")) {
                throw new Unusable(file + ": \"" + pid + "\" is not a PID (letters, digits, '.', '_', '-', and "
                        + "'~name' for one of a factory's configurations)");
            }
            if (!(e.getValue() instanceof Map<?, ?> settings)) {
                throw new Unusable(file + ": " + pid + " must be an object of settings, { \"key\": value }");
            }
            Map<String, Object> values = new LinkedHashMap<>();
            for (Map.Entry<?, ?> s : settings.entrySet()) {
                String key = (String) s.getKey();
                if (key.startsWith(":configurator:")) {
                    continue;
                }
                String name = key;
                String type = null;
                int colon = key.indexOf(':');
                if (colon >= 0) {
                    name = key.substring(0, colon);
                    type = key.substring(colon + 1);
                }
                if (name.isEmpty()) {
                    throw new Unusable(file + ": " + pid + " has a setting without a name");
                }
                if (values.containsKey(name)) {
                    throw new Unusable(file + ": " + pid + " gives " + name + " twice");
                }
                values.put(name, value(file, pid, name, type, s.getValue()));
            }
            pids.put(pid, values);
        }
        return new SiteFile(file, pids);
    }

    /** A value as ConfigurationAdmin stores it: String, Long, Double, Boolean, or an array of one of them. */
    private static Object value(Path file, String pid, String key, String type, Object json) throws Unusable {
        String where = file + ": " + pid + " " + key;
        if (type != null) {
            String element = type.endsWith("[]") ? type.substring(0, type.length() - 2) : type;
            if (!TYPES.contains(element)) {
                throw new Unusable(where + ": unknown type '" + type + "' (use one of " + TYPES + ", or T[])");
            }
        }
        if (json == null) {
            throw new Unusable(where + ": null is not a value; leave the key out to use the default");
        }
        if (json instanceof Map) {
            throw new Unusable(where + ": a setting cannot be an object");
        }
        if (json instanceof List<?> list) {
            if (list.isEmpty()) {
                return new String[0];
            }
            Object first = scalar(where, list.get(0));
            Object array = java.lang.reflect.Array.newInstance(first.getClass(), list.size());
            for (int i = 0; i < list.size(); i++) {
                Object v = scalar(where, list.get(i));
                if (v.getClass() != first.getClass()) {
                    throw new Unusable(where + ": an array must hold values of one kind (item " + (i + 1)
                            + " is " + kind(v) + ", the first " + kind(first) + ")");
                }
                java.lang.reflect.Array.set(array, i, v);
            }
            return array;
        }
        return scalar(where, json);
    }

    private static Object scalar(String where, Object json) throws Unusable {
        if (json instanceof BigInteger) {
            throw new Unusable(where + ": " + json + " is too large for a setting (at most " + Long.MAX_VALUE + ")");
        }
        if (json instanceof String || json instanceof Long || json instanceof Double || json instanceof Boolean) {
            return json;
        }
        throw new Unusable(where + ": " + (json == null ? "null" : kind(json)) + " is not allowed here");
    }

    private static String kind(Object v) {
        if (v instanceof String) {
            return "a string";
        }
        if (v instanceof Long) {
            return "an integer";
        }
        if (v instanceof Double) {
            return "a decimal number";
        }
        if (v instanceof Boolean) {
            return "a boolean";
        }
        return v instanceof List ? "an array" : v instanceof Map ? "an object" : "null";
    }

    /** The factory PID of {@code factoryPid~name}, or null for a plain PID. */
    static String factoryPid(String pid) {
        int tilde = pid.indexOf('~');
        return tilde < 0 ? null : pid.substring(0, tilde);
    }
}
