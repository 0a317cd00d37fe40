package org.cabinetgw.dashboard.internal;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * What a section says about its capability: {@code ok} when its api service is there; {@code restarting}
 * when the bundle that provides it is installed but not active (being updated, starting, stopping or
 * stopped); {@code not configured} when it is active but offers no service (its component waits for a
 * configuration, e.g. no links configured); {@code not installed} when no such bundle is.
 */
final class Availability {

    static final String OK = "ok";
    static final String RESTARTING = "restarting";
    static final String NOT_CONFIGURED = "not configured";
    static final String NOT_INSTALLED = "not installed";

    private Availability() {
    }

    static String of(BundleContext context, String symbolicName, boolean serviceThere) {
        if (serviceThere) {
            return OK;
        }
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName()) && b.getState() != Bundle.UNINSTALLED) {
                return b.getState() == Bundle.ACTIVE ? NOT_CONFIGURED : RESTARTING;
            }
        }
        return NOT_INSTALLED;
    }
}
