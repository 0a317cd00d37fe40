package org.cabinetgw.support.internal.settings;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A configuration value as the type of the setting that reads it, as Declarative Services coerces component
 * property types: a scalar from a number, a boolean or its text; an array from an array, a collection or one
 * scalar; a scalar from the first item of a list. Unlike DS a value that is not of the type is refused with a
 * sentence naming the setting (DS would read a default), since a renamed setting is read here on purpose.
 */
final class Coercion {

    private Coercion() {
    }

    static Object to(Class<?> type, Object value, String setting) {
        if (type.isArray()) {
            List<Object> items = items(value);
            Object out = Array.newInstance(type.getComponentType(), items.size());
            for (int i = 0; i < items.size(); i++) {
                Array.set(out, i, scalar(type.getComponentType(), items.get(i), setting));
            }
            return out;
        }
        List<Object> items = items(value);
        if (items.isEmpty()) {
            throw new IllegalArgumentException(setting + " is empty; it needs one value");
        }
        return scalar(type, items.get(0), setting);
    }

    private static List<Object> items(Object value) {
        List<Object> items = new ArrayList<>();
        if (value == null) {
            return items;
        }
        if (value.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(value); i++) {
                items.add(Array.get(value, i));
            }
        } else if (value instanceof Collection<?> c) {
            items.addAll(c);
        } else {
            items.add(value);
        }
        return items;
    }

    private static Object scalar(Class<?> type, Object v, String setting) {
        if (v == null) {
            throw new IllegalArgumentException(setting + " has no value");
        }
        String text = String.valueOf(v).trim();
        try {
            if (type == String.class) {
                return String.valueOf(v);
            }
            if (type == int.class || type == Integer.class) {
                return v instanceof Number n ? Math.toIntExact(whole(n, setting)) : Integer.parseInt(text);
            }
            if (type == long.class || type == Long.class) {
                return v instanceof Number n ? whole(n, setting) : Long.parseLong(text);
            }
            if (type == short.class || type == Short.class) {
                return v instanceof Number n ? (short) Math.toIntExact(whole(n, setting)) : Short.parseShort(text);
            }
            if (type == byte.class || type == Byte.class) {
                return v instanceof Number n ? (byte) Math.toIntExact(whole(n, setting)) : Byte.parseByte(text);
            }
            if (type == double.class || type == Double.class) {
                return v instanceof Number n ? n.doubleValue() : Double.parseDouble(text);
            }
            if (type == float.class || type == Float.class) {
                return v instanceof Number n ? n.floatValue() : Float.parseFloat(text);
            }
            if (type == boolean.class || type == Boolean.class) {
                if (v instanceof Boolean b) {
                    return b;
                }
                if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
                    return Boolean.parseBoolean(text);
                }
                throw new IllegalArgumentException(setting + " = " + v + " is not true or false");
            }
            if (type == char.class || type == Character.class) {
                if (text.length() == 1) {
                    return text.charAt(0);
                }
                throw new IllegalArgumentException(setting + " = " + v + " is not one character");
            }
            if (type.isEnum()) {
                for (Object constant : type.getEnumConstants()) {
                    if (((Enum<?>) constant).name().equals(text)) {
                        return constant;
                    }
                }
                throw new IllegalArgumentException(setting + " = " + v + " is not one of "
                        + java.util.Arrays.toString(type.getEnumConstants()));
            }
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(setting + " = " + v + " is not a " + (type == double.class
                    || type == float.class || type == Double.class || type == Float.class ? "number" : "whole number"
                    + " in the setting's range"));
        }
        throw new IllegalArgumentException(setting + " has a type this gateway does not read: " + type.getName());
    }

    private static long whole(Number n, String setting) {
        if (n instanceof Double || n instanceof Float) {
            double d = n.doubleValue();
            if (d != Math.rint(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException(setting + " = " + n + " is not a whole number");
            }
            if (d > Long.MAX_VALUE || d < Long.MIN_VALUE) {
                throw new ArithmeticException();
            }
            return (long) d;
        }
        return n.longValue();
    }
}
