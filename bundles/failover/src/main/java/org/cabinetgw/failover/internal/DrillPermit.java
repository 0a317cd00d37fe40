package org.cabinetgw.failover.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.propertytypes.SatisfyingConditionTarget;

/**
 * Present while this node may run failover drills. Drills provoke faults on shared things (the cabinet's links, the
 * pair's cloud connection), so on a gateway pair only the ACTIVE node may run them: on both nodes configure
 * {@code "osgi.ds.satisfying.condition.target": "(osgi.condition.id=cabinetgw.active)"} under the PID
 * {@value #PID} — the pattern of the uplink's transports (Declarative Services 1.5 satisfying conditions, bundles/ha).
 * By default the target is the framework's {@code true} condition: a gateway without a pair drills as always.
 */
@Component(service = DrillPermit.class, configurationPid = DrillPermit.PID)
@SatisfyingConditionTarget("(osgi.condition.id=true)")
public class DrillPermit {

    static final String PID = "org.cabinetgw.failover.drills";

    /** Why a drill is refused while the permit is absent. */
    static final String NOT_ACTING = "this gateway does not act for the cabinet (the standby of a pair): drills run on"
            + " the active node";
}
