package org.cabinetgw.failover.internal;

import org.cabinetgw.failover.CabinetStatus;
import org.cabinetgw.failover.DrillResult;
import org.cabinetgw.failover.Finding;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/** JSON of the cabinet status and of drill results, for the HTTP endpoint. */
final class FailoverJson {

    private FailoverJson() {
    }

    static JsonObject status(CabinetStatus s) {
        JsonObject o = new JsonObject();
        o.addProperty("state", s.state().name());
        o.addProperty("since", s.since().toString());
        o.addProperty("summary", s.summary());
        JsonArray findings = new JsonArray();
        for (Finding f : s.findings()) {
            JsonObject j = new JsonObject();
            j.addProperty("dimension", f.dimension().name());
            j.addProperty("severity", f.severity().name());
            j.addProperty("lost", f.phrase());
            findings.add(j);
        }
        o.add("findings", findings);
        return o;
    }

    static JsonObject drill(DrillResult r) {
        JsonObject o = new JsonObject();
        o.addProperty("drill", r.kind().name());
        o.addProperty("outcome", r.outcome().name());
        o.addProperty("detail", r.detail());
        o.addProperty("started", r.started().toString());
        o.addProperty("failoverMillis", r.failoverMillis());
        o.addProperty("failbackMillis", r.failbackMillis());
        o.addProperty("failoverTargetMillis", r.failoverTargetMillis());
        o.addProperty("failbackTargetMillis", r.failbackTargetMillis());
        return o;
    }
}
