/**
 * The gateway's shared HTTP contracts. A servlet that changes something (runs a drill, moves a simulator)
 * selects the {@link org.cabinetgw.http.AdminContext} so the same administrator credentials as the web
 * console protect it, wherever the HTTP port is reachable from; {@link org.cabinetgw.http.AdminLogin} is that
 * administrator's login check.
 */
@Export
@Version("1.1.0")
package org.cabinetgw.http;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
