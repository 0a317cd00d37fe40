package org.cabinetgw.ha.itest;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.propertytypes.SatisfyingConditionTarget;

/**
 * What the uplink's transports (and every component that acts for the cabinet) will look like: a component that
 * runs only while the condition {@code cabinetgw.active} is registered.
 */
@Component(service = ActsOnlyWhenActive.class)
@SatisfyingConditionTarget("(osgi.condition.id=cabinetgw.active)")
public class ActsOnlyWhenActive {
}
