package org.cabinetgw.uplink.internal.kura;

import java.util.Map;

import com.google.gson.JsonPrimitive;

/**
 * The names and types Kura's cloud applications give the metrics of their replies and notifications, where a
 * handler's JSON cannot say them: a JSON number does not say INT32 or INT64, and our deploy agent names an error's
 * text {@code dp.download.error} where Kura says {@code dp.download.error.message}. Everything not listed keeps
 * its name, a whole number is INT64 and a fraction DOUBLE. The handlers stay free of the wire format: they answer
 * JSON, with Kura's names for what Kura names (bundles/deploy README).
 */
final class KuraCommandMetrics {

    /** Kura sends these as INT32 (Java int); the rest of the whole numbers are INT64. */
    private static final java.util.Set<String> INT32 = java.util.Set.of(KuraCommandWire.RESPONSE_CODE,
            "dp.download.progress", "dp.download.size", "dp.download.index", "dp.install.progress", "dp.uninstall.progress",
            "dp.download.block.size", "dp.download.notify.block.size", "dp.download.timeout");

    /** Our names to Kura's. */
    private static final Map<String, String> NAMES = Map.of("dp.download.error", "dp.download.error.message",
            "dp.install.error", "dp.install.error.message", "dp.uninstall.error", "dp.uninstall.error.message");

    private KuraCommandMetrics() {
    }

    static String name(String ours) {
        return NAMES.getOrDefault(ours, ours);
    }

    /** A JSON scalar as the Java value that gives it Kura's type. */
    static Object typed(String name, JsonPrimitive p) {
        if (p.isBoolean()) {
            return p.getAsBoolean();
        }
        if (p.isString()) {
            return p.getAsString();
        }
        Object v = KuraTelemetry.typed(p);
        if (v instanceof Long l && INT32.contains(name) && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
            return (int) (long) l;
        }
        return v;
    }
}
