package org.cabinetgw.storage.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The alarms raised and cleared between two polls. Pure.
 *
 * @param raised  alarms on now and not before, with their reading
 * @param cleared alarms on before and not now, with the reading that was last seen
 */
public record AlarmChanges<A extends Enum<A>>(List<Map.Entry<A, AlarmReading>> raised,
        List<Map.Entry<A, AlarmReading>> cleared) {

    public static <A extends Enum<A>> AlarmChanges<A> between(Map<A, AlarmReading> before, Map<A, AlarmReading> now) {
        List<Map.Entry<A, AlarmReading>> raised = new ArrayList<>();
        List<Map.Entry<A, AlarmReading>> cleared = new ArrayList<>();
        now.entrySet().stream().filter(e -> !before.containsKey(e.getKey()))
                .sorted(Map.Entry.comparingByKey()).forEach(raised::add);
        before.entrySet().stream().filter(e -> !now.containsKey(e.getKey()))
                .sorted(Map.Entry.comparingByKey()).forEach(cleared::add);
        return new AlarmChanges<>(raised, cleared);
    }
}
