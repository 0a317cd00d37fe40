package org.cabinetgw.ha.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.cabinetgw.ha.HaEvents;

/**
 * The engine's events as Event Admin properties: each names this node, then the key/value pairs given in order. Kept
 * apart from {@link PairEngine} so the role logic reads as rules, not as map building.
 */
final class EngineEvents {

    private final String nodeId;
    private final EventSink sink;

    EngineEvents(String nodeId, EventSink sink) {
        this.nodeId = nodeId;
        this.sink = sink;
    }

    void post(String topic, Object... kv) {
        sink.post(topic, props(kv));
    }

    void post(String topic, Map<String, Object> properties) {
        sink.post(topic, properties);
    }

    Map<String, Object> props(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(HaEvents.NODE, nodeId);
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** A takeover with its timings: when the peer was last heard, declared dead, and the witness confirmed (wall). */
    void takeover(long epoch, String cause, String why, PeerView peer, long now, long confirmedWall) {
        Map<String, Object> p = props(HaEvents.EPOCH, epoch, HaEvents.CAUSE, cause, HaEvents.REASON, why);
        if (peer.lastHeard >= 0) {
            p.put(HaEvents.PEER, peer.id);
            p.put(HaEvents.LAST_HEARD, peer.lastHeardWall);
            p.put(HaEvents.DETECTION_MILLIS, now - peer.lastHeard);
        }
        if (peer.declaredDeadAt >= 0) {
            p.put(HaEvents.DECLARED_DEAD, peer.declaredDeadWall);
        }
        p.put(HaEvents.CONFIRMED, confirmedWall);
        sink.post(HaEvents.TAKEOVER, p);
    }
}
