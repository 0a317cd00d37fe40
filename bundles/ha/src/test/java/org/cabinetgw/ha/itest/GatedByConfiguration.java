package org.cabinetgw.ha.itest;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.propertytypes.SatisfyingConditionTarget;

/**
 * How an existing component joins the pair without a new release: a DS 1.5 component whose satisfying condition
 * is the framework's {@code true} by default (it runs as always, also without the ha bundle), and whose
 * configuration sets {@code osgi.ds.satisfying.condition.target} to {@code (osgi.condition.id=cabinetgw.active)}.
 */
@Component(service = GatedByConfiguration.class, configurationPid = GatedByConfiguration.PID)
@SatisfyingConditionTarget("(osgi.condition.id=true)")
public class GatedByConfiguration {

    static final String PID = "org.cabinetgw.ha.itest.gated";
}
