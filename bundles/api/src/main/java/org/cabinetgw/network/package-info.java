/**
 * Network: the gateway's uplinks (wired, cellular, Wi-Fi), their health, and the link manager that keeps
 * the best healthy one as the default route.
 *
 * <p>Each link is probed all the time through its own interface; the {@link org.cabinetgw.network.LinkManager}
 * names the active link and whether it is metered, and lets the failover coordinator force a link down for
 * a drill. State changes and route switches are posted as events ({@link org.cabinetgw.network.NetworkEvents}).
 * Each cellular link's modem says what it is ({@link org.cabinetgw.network.CellularModem}, 1.1).
 */
@Export
@Version("1.1.0")
package org.cabinetgw.network;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
