package org.cabinetgw.health;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The aggregated health of the cabinet: the worst state of any component, and each component's own.
 *
 * @param overall    the worst of all components; UP when there are none
 * @param components every component's health by name, in name order
 */
public record CabinetHealth(Health overall, Map<String, Health> components) {

    public CabinetHealth {
        components = Collections.unmodifiableMap(new TreeMap<>(components));
    }
}
