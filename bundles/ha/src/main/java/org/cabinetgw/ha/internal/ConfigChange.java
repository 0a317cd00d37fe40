package org.cabinetgw.ha.internal;

import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

/**
 * One configuration as the active ships it to the standby: its PID, its factory PID (or null) and its properties with
 * their types, or {@code properties == null} for a deleted configuration. The body of a {@code CONFIG} frame is this,
 * as JSON, sealed ({@link ConfigSealing}).
 *
 * <p>Each value keeps its ConfigurationAdmin type (a component reading an {@code Integer} must not get a
 * {@code Long}): {@code {"t":"Integer","v":5}}, arrays {@code "String[]"}, {@code "int[]"}, lists {@code "List<Long>"}.
 * What is read here came from the pair's link: every count and length is bounded before anything is built, and a
 * value of another type, a key that is not a property name, or a body that is not this JSON is refused with its
 * reason ({@link Refused}), never with a stack trace. Values are never put into a refusal's text: they may be
 * secrets.
 */
record ConfigChange(String pid, String factoryPid, Map<String, Object> properties) {

    static final int MAX_BODY = 1 << 20;
    static final int MAX_KEYS = 256;
    static final int MAX_STRING = 64 * 1024;
    static final int MAX_ELEMENTS = 4096;
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.:$-]{1,200}");

    boolean deleted() {
        return properties == null;
    }

    /** The PID and the property names, never a value (a value may be a secret): safe in a log line or a test report. */
    @Override
    public String toString() {
        return pid + (deleted() ? " (deleted)" : " " + new java.util.TreeSet<>(properties.keySet()));
    }

    /** A configuration change refused, and why (the reason is a counter's name); the detail names no value. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        final String reason;

        Refused(String reason, String detail) {
            super(detail);
            this.reason = reason;
        }
    }

    /** The scalar types ConfigurationAdmin stores, by the name written in a frame. */
    private enum Scalar {
        String(String.class, null), Integer(Integer.class, int.class), Long(Long.class, long.class),
        Boolean(Boolean.class, boolean.class), Double(Double.class, double.class), Float(Float.class, float.class),
        Short(Short.class, short.class), Byte(Byte.class, byte.class), Character(Character.class, char.class);

        final Class<?> boxed;
        final Class<?> primitive;

        Scalar(Class<?> boxed, Class<?> primitive) {
            this.boxed = boxed;
            this.primitive = primitive;
        }

        static Scalar of(Class<?> c) {
            for (Scalar s : values()) {
                if (s.boxed == c || s.primitive == c) {
                    return s;
                }
            }
            return null;
        }

        static Scalar named(String n) {
            for (Scalar s : values()) {
                if (s.name().equals(n)) {
                    return s;
                }
            }
            return null;
        }

        JsonPrimitive json(Object v) {
            return switch (this) {
                case String -> new JsonPrimitive((String) v);
                case Boolean -> new JsonPrimitive((Boolean) v);
                case Character -> new JsonPrimitive(java.lang.String.valueOf(v));
                default -> new JsonPrimitive((Number) v);
            };
        }

        Object value(JsonElement e, String key) throws Refused {
            if (!e.isJsonPrimitive()) {
                throw bad(key, "not a " + name());
            }
            JsonPrimitive p = e.getAsJsonPrimitive();
            try {
                return switch (this) {
                    case String -> {
                        if (!p.isString() || p.getAsString().length() > MAX_STRING) {
                            throw bad(key, "not a string of at most " + MAX_STRING + " characters");
                        }
                        yield p.getAsString();
                    }
                    case Boolean -> {
                        if (!p.isBoolean()) {
                            throw bad(key, "not a boolean");
                        }
                        yield p.getAsBoolean();
                    }
                    case Character -> {
                        if (!p.isString() || p.getAsString().length() != 1) {
                            throw bad(key, "not one character");
                        }
                        yield p.getAsString().charAt(0);
                    }
                    default -> {
                        if (!p.isNumber()) {
                            throw bad(key, "not a number");
                        }
                        java.math.BigDecimal d = p.getAsBigDecimal();
                        yield switch (this) {
                            case Integer -> d.intValueExact();
                            case Long -> d.longValueExact();
                            case Short -> d.shortValueExact();
                            case Byte -> d.byteValueExact();
                            case Double -> d.doubleValue();
                            default -> d.floatValue();
                        };
                    }
                };
            } catch (ArithmeticException | NumberFormatException ex) {
                throw bad(key, "a number that is not a whole " + name() + " in its range");
            }
        }
    }

    private static Refused bad(String key, String what) {
        return new Refused("CONFIG_BAD_VALUE", "'" + key + "': " + what);
    }

    // ------------------------------------------------------------------------------------------------ encoding

    /**
     * This configuration as a frame's body (before sealing).
     *
     * @throws Refused a property of a type ConfigurationAdmin does not store (named, without its value)
     */
    byte[] encode() throws Refused {
        JsonObject o = new JsonObject();
        o.addProperty("pid", pid);
        if (factoryPid != null) {
            o.addProperty("factoryPid", factoryPid);
        }
        if (properties != null) {
            JsonObject props = new JsonObject();
            for (Map.Entry<String, Object> e : new TreeMap<>(properties).entrySet()) {
                props.add(e.getKey(), typed(e.getKey(), e.getValue()));
            }
            o.add("properties", props);
        }
        return o.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static JsonObject typed(String key, Object v) throws Refused {
        JsonObject t = new JsonObject();
        Scalar s = v == null ? null : Scalar.of(v.getClass());
        if (s != null) {
            t.addProperty("t", s.name());
            t.add("v", s.json(v));
            return t;
        }
        if (v != null && v.getClass().isArray() && Scalar.of(v.getClass().getComponentType()) != null) {
            Class<?> c = v.getClass().getComponentType();
            Scalar e = Scalar.of(c);
            t.addProperty("t", (c.isPrimitive() ? c.getName() : e.name()) + "[]");
            JsonArray a = new JsonArray();
            for (int i = 0; i < Array.getLength(v); i++) {
                a.add(e.json(Array.get(v, i)));
            }
            t.add("v", a);
            return t;
        }
        if (v instanceof Collection<?> c && !c.isEmpty()) {
            Scalar e = Scalar.of(c.iterator().next() == null ? Void.class : c.iterator().next().getClass());
            JsonArray a = new JsonArray();
            for (Object x : c) {
                if (e == null || x == null || Scalar.of(x.getClass()) != e) {
                    throw new Refused("CONFIG_BAD_VALUE", "'" + key + "': a list of mixed or unsupported types");
                }
                a.add(e.json(x));
            }
            t.addProperty("t", "List<" + e.name() + ">");
            t.add("v", a);
            return t;
        }
        if (v instanceof Collection<?>) {
            t.addProperty("t", "List<String>");
            t.add("v", new JsonArray());
            return t;
        }
        throw new Refused("CONFIG_BAD_VALUE", "'" + key + "': a value of type "
                + (v == null ? "null" : v.getClass().getName()) + ", which ConfigurationAdmin does not store");
    }

    // ------------------------------------------------------------------------------------------------ decoding

    /** The change in a frame's body (after unsealing); refused for anything that is not exactly that. */
    static ConfigChange decode(byte[] body) throws Refused {
        if (body.length > MAX_BODY) {
            throw new Refused("CONFIG_OVERSIZED", body.length + " bytes, at most " + MAX_BODY);
        }
        JsonObject o;
        try {
            JsonElement e = JsonParser.parseString(new String(body, StandardCharsets.UTF_8));
            if (!e.isJsonObject()) {
                throw new Refused("CONFIG_UNREADABLE", "not a JSON object");
            }
            o = e.getAsJsonObject();
        } catch (RuntimeException e) { // JsonParseException, a nesting too deep for the parser, ...
            throw new Refused("CONFIG_UNREADABLE", "not JSON");
        }
        String pid = text(o, "pid");
        String factoryPid = o.has("factoryPid") ? text(o, "factoryPid") : null;
        if (!ConfigScope.wellFormed(pid) || factoryPid != null && !ConfigScope.wellFormed(factoryPid)) {
            throw new Refused("CONFIG_UNKNOWN_PID", "a PID that is not one (" + pid.length() + " characters)");
        }
        if (!o.has("properties")) {
            return new ConfigChange(pid, factoryPid, null);
        }
        if (!o.get("properties").isJsonObject()) {
            throw new Refused("CONFIG_UNREADABLE", pid + ": properties that are not an object");
        }
        JsonObject props = o.getAsJsonObject("properties");
        if (props.size() > MAX_KEYS) {
            throw new Refused("CONFIG_BAD_VALUE", pid + ": " + props.size() + " properties, at most " + MAX_KEYS);
        }
        Map<String, Object> out = new TreeMap<>();
        for (Map.Entry<String, JsonElement> e : props.entrySet()) {
            String key = e.getKey();
            if (!KEY.matcher(key).matches()) {
                throw new Refused("CONFIG_BAD_VALUE", pid + ": a property name that is not one (" + key.length()
                        + " characters)");
            }
            try {
                out.put(key, value(key, e.getValue()));
            } catch (Refused r) {
                throw new Refused(r.reason, pid + " " + r.getMessage());
            }
        }
        return new ConfigChange(pid, factoryPid, out);
    }

    private static String text(JsonObject o, String name) throws Refused {
        JsonElement e = o.get(name);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new Refused("CONFIG_UNREADABLE", "no " + name);
        }
        return e.getAsString();
    }

    private static Object value(String key, JsonElement typed) throws Refused {
        if (!typed.isJsonObject() || !typed.getAsJsonObject().has("t") || !typed.getAsJsonObject().has("v")
                || !typed.getAsJsonObject().get("t").isJsonPrimitive()) {
            throw bad(key, "not a typed value");
        }
        String t = typed.getAsJsonObject().get("t").getAsString();
        JsonElement v = typed.getAsJsonObject().get("v");
        Scalar s = Scalar.named(t);
        if (s != null) {
            return s.value(v, key);
        }
        boolean list = t.startsWith("List<") && t.endsWith(">");
        boolean array = t.endsWith("[]");
        if (!list && !array) {
            throw bad(key, "a type this node does not store");
        }
        String element = list ? t.substring(5, t.length() - 1) : t.substring(0, t.length() - 2);
        Scalar e = Scalar.named(element);
        Class<?> primitive = null;
        if (e == null && array) {
            for (Scalar x : Scalar.values()) {
                if (x.primitive != null && x.primitive.getName().equals(element)) {
                    e = x;
                    primitive = x.primitive;
                }
            }
        }
        if (e == null || !v.isJsonArray() || v.getAsJsonArray().size() > MAX_ELEMENTS) {
            throw bad(key, "a type this node does not store, or more than " + MAX_ELEMENTS + " elements");
        }
        JsonArray a = v.getAsJsonArray();
        List<Object> values = new ArrayList<>(a.size());
        for (JsonElement x : a) {
            values.add(e.value(x, key));
        }
        if (list) {
            return values;
        }
        Object out = Array.newInstance(primitive != null ? primitive : e.boxed, values.size());
        for (int i = 0; i < values.size(); i++) {
            Array.set(out, i, values.get(i));
        }
        return out;
    }
}
