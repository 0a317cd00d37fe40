package org.cabinetgw.core.internal;

import org.cabinetgw.health.CabinetHealth;
import org.cabinetgw.health.Health;

import com.google.gson.JsonObject;

/** The JSON document served at /health. */
final class HealthJson {

    private HealthJson() {
    }

    static String write(CabinetHealth health) {
        JsonObject root = entry(health.overall());
        JsonObject components = new JsonObject();
        health.components().forEach((name, h) -> components.add(name, entry(h)));
        root.add("components", components);
        return root.toString();
    }

    private static JsonObject entry(Health h) {
        JsonObject o = new JsonObject();
        o.addProperty("status", h.state().name());
        o.addProperty("reason", h.reason());
        o.addProperty("since", h.since().toString());
        return o;
    }
}
