package org.cabinetgw.conf.internal;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.osgi.service.metatype.AttributeDefinition;

/**
 * Kura's type names in configuration XML ({@code String}, {@code Long}, {@code Integer}, {@code Short},
 * {@code Char}, {@code Byte}, {@code Double}, {@code Float}, {@code Boolean}, {@code Password}) and the Metatype's
 * types they stand for; text to the Java value ConfigurationAdmin stores, and back.
 */
final class KuraTypes {

    private KuraTypes() {
    }

    /** Kura's name for a Metatype type; {@code String} for the types Kura has no name for (BigInteger...). */
    static String name(int metatypeType) {
        return switch (metatypeType) {
            case AttributeDefinition.LONG -> "Long";
            case AttributeDefinition.INTEGER -> "Integer";
            case AttributeDefinition.SHORT -> "Short";
            case AttributeDefinition.CHARACTER -> "Char";
            case AttributeDefinition.BYTE -> "Byte";
            case AttributeDefinition.DOUBLE -> "Double";
            case AttributeDefinition.FLOAT -> "Float";
            case AttributeDefinition.BOOLEAN -> "Boolean";
            case AttributeDefinition.PASSWORD -> "Password";
            default -> "String";
        };
    }

    /** Kura's name for the type of a stored value (an attribute without Metatype, or an array's element). */
    static String nameOf(Object value) {
        Object single = value != null && value.getClass().isArray() && Array.getLength(value) > 0 ? Array.get(value, 0)
                : value instanceof Collection<?> c && !c.isEmpty() ? c.iterator().next() : value;
        if (single instanceof Long) {
            return "Long";
        } else if (single instanceof Integer) {
            return "Integer";
        } else if (single instanceof Short) {
            return "Short";
        } else if (single instanceof Character) {
            return "Char";
        } else if (single instanceof Byte) {
            return "Byte";
        } else if (single instanceof Double) {
            return "Double";
        } else if (single instanceof Float) {
            return "Float";
        } else if (single instanceof Boolean) {
            return "Boolean";
        }
        return "String";
    }

    /** A stored value as text, one element each for an array or a collection. */
    static List<String> texts(Object value) {
        List<String> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        if (value.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(value); i++) {
                out.add(String.valueOf(Array.get(value, i)));
            }
        } else if (value instanceof Collection<?> c) {
            c.forEach(v -> out.add(String.valueOf(v)));
        } else {
            out.add(String.valueOf(value));
        }
        return out;
    }

    /**
     * The value ConfigurationAdmin stores for {@code texts} of the Metatype type (a Password is a String): a
     * scalar, or an array of the type's wrapper class when {@code array}.
     *
     * @throws IllegalArgumentException naming the text when it is not of the type (the Metatype check runs first
     *                                  and says it in its own words; this is the last guard)
     */
    static Object value(int metatypeType, boolean array, List<String> texts) {
        if (!array) {
            if (texts.size() != 1) {
                throw new IllegalArgumentException("one value expected, " + texts.size() + " given");
            }
            return single(metatypeType, texts.get(0));
        }
        Class<?> element = elementClass(metatypeType);
        Object out = Array.newInstance(element, texts.size());
        for (int i = 0; i < texts.size(); i++) {
            Array.set(out, i, single(metatypeType, texts.get(i)));
        }
        return out;
    }

    private static Class<?> elementClass(int type) {
        return switch (type) {
            case AttributeDefinition.LONG -> Long.class;
            case AttributeDefinition.INTEGER -> Integer.class;
            case AttributeDefinition.SHORT -> Short.class;
            case AttributeDefinition.CHARACTER -> Character.class;
            case AttributeDefinition.BYTE -> Byte.class;
            case AttributeDefinition.DOUBLE -> Double.class;
            case AttributeDefinition.FLOAT -> Float.class;
            case AttributeDefinition.BOOLEAN -> Boolean.class;
            default -> String.class;
        };
    }

    private static Object single(int type, String text) {
        String t = text.strip();
        try {
            return switch (type) {
                case AttributeDefinition.LONG -> Long.valueOf(t);
                case AttributeDefinition.INTEGER -> Integer.valueOf(t);
                case AttributeDefinition.SHORT -> Short.valueOf(t);
                case AttributeDefinition.BYTE -> Byte.valueOf(t);
                case AttributeDefinition.DOUBLE -> Double.valueOf(t);
                case AttributeDefinition.FLOAT -> Float.valueOf(t);
                case AttributeDefinition.CHARACTER -> character(text);
                case AttributeDefinition.BOOLEAN -> bool(t);
                default -> text; // String, Password: as given, spaces included
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a " + name(type));
        }
    }

    private static Character character(String text) {
        if (text.length() != 1) {
            throw new IllegalArgumentException("'" + text + "' is not one character");
        }
        return text.charAt(0);
    }

    private static Boolean bool(String t) {
        if (t.equalsIgnoreCase("true") || t.equalsIgnoreCase("false")) {
            return Boolean.valueOf(t);
        }
        throw new IllegalArgumentException("'" + t + "' is not true or false");
    }
}
