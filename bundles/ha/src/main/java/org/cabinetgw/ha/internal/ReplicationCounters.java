package org.cabinetgw.ha.internal;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Refused replication frames and connections by reason, reported in the status as {@code replication.<reason>}. */
final class ReplicationCounters {

    private final Map<String, AtomicLong> refused = new ConcurrentHashMap<>();

    void count(String reason) {
        refused.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
    }

    long refused(String reason) {
        AtomicLong n = refused.get(reason);
        return n == null ? 0 : n.get();
    }

    Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        refused.forEach((k, v) -> out.put("replication." + k, v.get()));
        return out;
    }
}
