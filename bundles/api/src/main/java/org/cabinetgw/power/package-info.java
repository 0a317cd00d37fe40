/**
 * The cabinet's power: {@link org.cabinetgw.power.Meter} services (one per configured Modbus meter, with its
 * last reading), the {@link org.cabinetgw.power.PowerStatus} service (which source feeds the cabinet) and the
 * events posted when that changes ({@link org.cabinetgw.power.PowerEvents}). 1.2: the status names the sources
 * coming back whose restore delay still runs ({@link org.cabinetgw.power.PowerStatus#returning()}).
 */
@Export
@Version("1.2.0")
package org.cabinetgw.power;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
