package org.cabinetgw.uplink.internal.kura;

/**
 * The value types of a KuraPayload metric, with the numbers they have on the wire (the {@code type} field of a
 * metric) and the field number that carries a value of that type. The numbering is Kura's and Kapua's: a cloud
 * decodes a metric by these numbers, so they never change.
 */
public enum KuraMetricType {
    DOUBLE(0, 3), FLOAT(1, 4), INT64(2, 5), INT32(3, 6), BOOL(4, 7), STRING(5, 8), BYTES(6, 9);

    private final int wire;
    private final int valueField;

    KuraMetricType(int wire, int valueField) {
        this.wire = wire;
        this.valueField = valueField;
    }

    /** The enum number in the metric's {@code type} field. */
    public int wire() {
        return wire;
    }

    /** The field number of the value of this type (3..9). */
    public int valueField() {
        return valueField;
    }

    /** The type of a wire number, or null for a number Kura does not define. */
    public static KuraMetricType ofWire(int wire) {
        for (KuraMetricType t : values()) {
            if (t.wire == wire) {
                return t;
            }
        }
        return null;
    }

    /** The type of a field number 3..9, or null. */
    static KuraMetricType ofValueField(int field) {
        for (KuraMetricType t : values()) {
            if (t.valueField == field) {
                return t;
            }
        }
        return null;
    }

    /**
     * The type a Java value is sent as: Double DOUBLE, Float FLOAT, Long INT64, Integer (and Short, Byte) INT32,
     * Boolean BOOL, String STRING, byte[] BYTES; null for anything else (a caller refuses it).
     */
    public static KuraMetricType of(Object value) {
        if (value instanceof Double) {
            return DOUBLE;
        } else if (value instanceof Float) {
            return FLOAT;
        } else if (value instanceof Long) {
            return INT64;
        } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return INT32;
        } else if (value instanceof Boolean) {
            return BOOL;
        } else if (value instanceof String) {
            return STRING;
        } else if (value instanceof byte[]) {
            return BYTES;
        }
        return null;
    }
}
