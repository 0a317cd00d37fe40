package org.cabinetgw.failover;

import java.util.Objects;

/**
 * One piece of lost redundancy.
 *
 * @param dimension where it was lost
 * @param severity  {@link CabinetState#DEGRADED} or {@link CabinetState#CRITICAL}
 * @param phrase    what is lost, in words an integrator reads on a dashboard, e.g.
 *                  {@code single link (cellular, metered)} or {@code on UPS battery, 4 min left}
 */
public record Finding(Dimension dimension, CabinetState severity, String phrase) {

    public Finding {
        Objects.requireNonNull(dimension, "dimension");
        Objects.requireNonNull(severity, "severity");
        if (severity == CabinetState.NORMAL) {
            throw new IllegalArgumentException("a finding is DEGRADED or CRITICAL, never NORMAL");
        }
        Objects.requireNonNull(phrase, "phrase");
    }
}
