package org.cabinetgw.modbus.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.propertytypes.SatisfyingConditionTarget;

/**
 * Present while this node may write to Modbus devices (coils and holding registers: relays, set points, load
 * shedding). On a gateway pair only the ACTIVE node may act on the cabinet's devices; the standby keeps reading
 * (monitoring runs on both). On both nodes configure
 * {@code "osgi.ds.satisfying.condition.target": "(osgi.condition.id=cabinetgw.active)"} under the PID {@value #PID}
 * — the pattern of the uplink's transports (Declarative Services 1.5 satisfying conditions, bundles/ha). By default
 * the target is the framework's {@code true} condition: a gateway without a pair writes as always.
 */
@Component(service = ModbusWritePermit.class, configurationPid = ModbusWritePermit.PID)
@SatisfyingConditionTarget("(osgi.condition.id=true)")
public class ModbusWritePermit {

    static final String PID = "org.cabinetgw.modbus.writes";
}
