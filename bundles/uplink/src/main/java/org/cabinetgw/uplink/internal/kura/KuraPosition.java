package org.cabinetgw.uplink.internal.kura;

/**
 * Where the device is, as a KuraPayload carries it (field {@code position}). Latitude and longitude are required
 * by the schema; the rest may be null (not sent).
 */
public record KuraPosition(double latitude, double longitude, Double altitude, Double precision, Double heading,
        Double speed, Long timestamp, Integer satellites, Integer status) {

    /** Only the two required values. */
    public static KuraPosition of(double latitude, double longitude) {
        return new KuraPosition(latitude, longitude, null, null, null, null, null, null, null);
    }
}
