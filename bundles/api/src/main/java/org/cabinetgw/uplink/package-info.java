/**
 * The uplink's own contracts beside {@link org.cabinetgw.telemetry.Uplink}: its status (active transport,
 * queue depth, counters), the control a failover drill uses to take a transport out of service, and the
 * Event Admin topics it posts.
 */
@Export
@Version("1.5.0")
package org.cabinetgw.uplink;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
