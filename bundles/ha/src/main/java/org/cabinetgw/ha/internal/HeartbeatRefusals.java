package org.cabinetgw.ha.internal;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.cabinetgw.ha.HaEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refused heartbeat datagrams: counted per path and in total, and told at most once a second per path (a WARN line
 * and a {@code HEARTBEAT_REFUSED} event per reason): a flood is counted, not echoed. Guarded by the engine's lock.
 */
final class HeartbeatRefusals {

    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatRefusals.class);
    private static final long EVENT_SPACING_MS = 1000;

    private final Map<Refusal, Long> total = new EnumMap<>(Refusal.class);
    private final String nodeId;
    private final EventSink events;

    HeartbeatRefusals(String nodeId, EventSink events) {
        this.nodeId = nodeId;
        this.events = events;
    }

    void refuse(PathState p, Refusal r, String source, long now) {
        p.refused++;
        total.merge(r, 1L, Long::sum);
        p.refusedSinceEvent.merge(r, 1L, Long::sum);
        p.lastRefusedSource = source == null ? "" : source;
        LOG.debug("Refused a datagram on path {} from {}: {}", p.spec.name(), source, r);
        flush(p, now);
    }

    void flush(PathState p, long now) {
        if (p.refusedSinceEvent.isEmpty() || now - p.lastRefusalEvent < EVENT_SPACING_MS) {
            return;
        }
        p.lastRefusalEvent = now;
        p.refusedSinceEvent.forEach((r, n) -> {
            LOG.warn("Refused {} datagram(s) on heartbeat path {} ({}), last from {}", n, p.spec.name(), r,
                    p.lastRefusedSource);
            Map<String, Object> props = new LinkedHashMap<>();
            props.put(HaEvents.NODE, nodeId);
            props.put(HaEvents.PATH, p.spec.name());
            props.put(HaEvents.REFUSAL, r.name());
            props.put(HaEvents.COUNT, n);
            props.put(HaEvents.SOURCE, p.lastRefusedSource);
            events.post(HaEvents.HEARTBEAT_REFUSED, props);
        });
        p.refusedSinceEvent.clear();
    }

    /** Totals by reason since start. */
    Map<String, Long> totals() {
        Map<String, Long> out = new LinkedHashMap<>();
        total.forEach((r, n) -> out.put(r.name(), n));
        return out;
    }
}
