package org.cabinetgw.uplink.internal.transport;

import java.util.function.BooleanSupplier;

import org.cabinetgw.ha.ActingPermit;

/**
 * The pair's acting permit as the uplink's components hold it (bundles/ha registers it while a pair is configured):
 * a sender asks {@link #getAsBoolean} before each connection and send. No permit bound (no pair) = yes, as always.
 */
public final class PairFence implements BooleanSupplier {

    private volatile ActingPermit permit;

    /** From the component's bind method (optional, dynamic, greedy). */
    public void bind(ActingPermit p) {
        permit = p;
    }

    /** From the component's unbind method: only the permit bound goes. */
    public void unbind(ActingPermit p) {
        if (permit == p) {
            permit = null;
        }
    }

    @Override
    public boolean getAsBoolean() {
        ActingPermit p = permit;
        return p == null || p.granted();
    }
}
