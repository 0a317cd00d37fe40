/**
 * Telemetry: the {@link org.cabinetgw.telemetry.Message} every producer hands to the
 * {@link org.cabinetgw.telemetry.Uplink}, which stores it durably and forwards it to the cloud.
 * Producers never talk to a transport.
 */
@Export
@Version("1.0.0")
package org.cabinetgw.telemetry;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
