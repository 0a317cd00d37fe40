package org.cabinetgw.storage.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.cabinetgw.health.Health;
import org.cabinetgw.storage.ArraySnapshot;
import org.cabinetgw.storage.ArrayStatus;

/**
 * The RAID monitor's {@link ArrayStatus} service: every array of the last read, kept for readers (the dashboard's
 * arrays table). Registered from the monitor's activate method, withdrawn in its deactivate; reading it never runs a
 * command or blocks.
 */
final class ArrayStatusService extends StatusServiceRegistration<ArrayStatus> implements ArrayStatus {

    private volatile List<ArraySnapshot> arrays = List.of();

    @Override
    public List<ArraySnapshot> arrays() {
        return arrays;
    }

    ArrayStatusService() {
        super(ArrayStatus.class);
    }

    @Override
    Map<String, Object> serviceProperties() {
        return Map.of();
    }

    /**
     * After a read of mdstat: every array with a health entry, in the order they were first seen.
     *
     * @param health   each array's health entry, by name (every array seen since the monitor started)
     * @param assessed the arrays this read understood
     */
    void read(Map<String, Health> health, List<ArrayAssessment> assessed, Instant checked) {
        Map<String, ArrayAssessment> now = new HashMap<>();
        assessed.forEach(a -> now.put(a.array().name(), a));
        Map<String, ArraySnapshot> before = new HashMap<>();
        arrays.forEach(s -> before.put(s.name(), s));
        List<ArraySnapshot> out = new ArrayList<>();
        health.forEach((name, h) -> {
            ArrayAssessment a = now.get(name);
            out.add(a != null ? ArraySnapshots.of(a, h, checked)
                    : ArraySnapshots.unassessed(name, before.get(name), h, checked));
        });
        arrays = List.copyOf(out);
    }
}
