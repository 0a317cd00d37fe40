package org.cabinetgw.ha.internal;

import org.cabinetgw.ha.HaStatus;
import org.cabinetgw.ha.PathStatus;
import org.cabinetgw.ha.SwitchoverResult;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/** The pair's status and a switchover's answer as JSON, for GET /ha and POST /ha/switchover. */
final class HaJson {

    private HaJson() {
    }

    static JsonObject status(HaStatus s) {
        JsonObject o = new JsonObject();
        o.addProperty("node", s.nodeId());
        o.addProperty("pair", s.pairId());
        o.addProperty("role", s.role().name());
        o.addProperty("acts", s.role().acts());
        o.addProperty("since", s.sinceMillis());
        o.addProperty("reason", s.reason());
        o.addProperty("epoch", s.epoch());
        JsonObject peer = new JsonObject();
        peer.addProperty("id", s.peerId());
        peer.addProperty("role", s.peerRole() == null ? null : s.peerRole().name());
        peer.addProperty("alive", s.peerAlive());
        o.add("peer", peer);
        JsonArray paths = new JsonArray();
        for (PathStatus p : s.paths()) {
            JsonObject j = new JsonObject();
            j.addProperty("name", p.name());
            j.addProperty("local", p.local());
            j.addProperty("peer", p.peer());
            j.addProperty("up", p.up());
            j.addProperty("since", p.sinceMillis());
            j.addProperty("lastHeard", p.lastHeardMillis());
            j.addProperty("accepted", p.accepted());
            j.addProperty("refused", p.refused());
            j.addProperty("reason", p.reason());
            paths.add(j);
        }
        o.add("paths", paths);
        o.addProperty("witness", s.witness());
        o.addProperty("replication", s.replication().name());
        JsonObject refused = new JsonObject();
        s.refused().forEach(refused::addProperty);
        o.add("refused", refused);
        return o;
    }

    static JsonObject switchover(SwitchoverResult r) {
        JsonObject o = new JsonObject();
        o.addProperty("accepted", r.accepted());
        o.addProperty("detail", r.detail());
        return o;
    }
}
