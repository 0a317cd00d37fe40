package org.cabinetgw.deploy.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.propertytypes.SatisfyingConditionTarget;

/**
 * Present while this node carries out remote deployment commands (download, install, uninstall). On a gateway pair
 * only the ACTIVE node acts on them: on both nodes configure
 * {@code "osgi.ds.satisfying.condition.target": "(osgi.condition.id=cabinetgw.active)"} under the PID {@value #PID}
 * — the pattern of the uplink's transports (Declarative Services 1.5 satisfying conditions, bundles/ha). By default
 * the target is the framework's {@code true} condition: a gateway without a pair deploys as always. The queries
 * (GET/packages, GET/bundles) and the seed packages of the gateway's own jar are not gated: both nodes run the same
 * jar and install its seeds.
 */
@Component(service = DeployPermit.class, configurationPid = DeployPermit.PID)
@SatisfyingConditionTarget("(osgi.condition.id=true)")
public class DeployPermit {

    static final String PID = "org.cabinetgw.deploy.commands";

    /** Why an EXEC request is refused while the permit is absent. */
    static final String NOT_ACTING = "this gateway does not act for the cabinet (the standby of a pair): deployment"
            + " commands are carried out by the active node";
}
