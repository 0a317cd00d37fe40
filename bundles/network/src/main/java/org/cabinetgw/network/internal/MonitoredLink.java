package org.cabinetgw.network.internal;

/** Internal service: a configured link's monitor, registered by {@link LinkComponent} for the link manager. */
interface MonitoredLink {

    LinkMonitor monitor();
}
