package org.cabinetgw.runtime;

import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.startlevel.BundleStartLevel;

/**
 * Which start level each bundle gets, so that an orderly stop stops what reports before what it reports to.
 *
 * <p>The framework stops bundles from the highest start level down (and within one level, the last installed
 * first). With every bundle on one level the order was an accident of installation: the demo's simulated
 * meters (installed by the launcher) stopped after the uplink (installed later by the deploy agent), and
 * what was published while stopping — a link failing over as things went down, events the failover
 * coordinator held — never reached the durable queue. So:
 * <ol>
 * <li>level 1: logging, so everything after it logs through logback;</li>
 * <li>level 2: the framework's services (SCR, Configuration and Event Admin, ...), libraries, and
 * {@code cabinetgw.startlevel.delivery} (the uplink, the API, the features' configuration bundles): they
 * stop last;</li>
 * <li>level 3: {@code cabinetgw.startlevel.watchers} (the failover coordinator): it turns the others' events
 * into alarms and episodes, so it stops after them and before the uplink;</li>
 * <li>level 4: every other bundle of ours ({@code org.cabinetgw.*}): the capabilities and simulators. They
 * stop first, while the coordinator and the uplink still take what they publish.</li>
 * <li>level 5: the Gogo shell alone, raised by the launcher after its banner: its prompt then comes after the
 * start-up log instead of being buried by it (and it is the first to stop).</li>
 * </ol>
 * A name ending in {@code *} matches every name that begins with what precedes it. Applied to every bundle at
 * each start (a data directory from before keeps working) and, through a synchronous listener, to each bundle
 * as it is installed (Deployment Admin installs the capabilities' packages later).
 */
final class StartLevels {

    static final int LOGGING = 1;
    static final int DELIVERY = 2;
    static final int WATCHERS = 3;
    static final int PRODUCERS = 4;
    static final int SHELL = 5;
    /** The terminal's shell, started after everything else (see {@link #SHELL}). */
    static final String SHELL_BUNDLE = "org.apache.felix.gogo.shell";

    private final List<String> first;
    private final List<String> delivery;
    private final List<String> watchers;

    StartLevels(List<String> first, List<String> delivery, List<String> watchers) {
        this.first = first;
        this.delivery = delivery;
        this.watchers = watchers;
    }

    int levelOf(String symbolicName) {
        if (symbolicName == null) {
            return DELIVERY;
        }
        if (SHELL_BUNDLE.equals(symbolicName)) {
            return SHELL;
        }
        if (matches(first, symbolicName)) {
            return LOGGING;
        }
        if (matches(delivery, symbolicName)) {
            return DELIVERY;
        }
        if (matches(watchers, symbolicName)) {
            return WATCHERS;
        }
        return symbolicName.startsWith("org.cabinetgw.") ? PRODUCERS : DELIVERY;
    }

    private static boolean matches(List<String> names, String symbolicName) {
        for (String n : names) {
            if (n.endsWith("*") ? symbolicName.startsWith(n.substring(0, n.length() - 1)) : n.equals(symbolicName)) {
                return true;
            }
        }
        return false;
    }

    /** Every installed bundle to its level now, and each one installed from now on as it is installed. */
    void apply(BundleContext system) {
        for (Bundle b : system.getBundles()) {
            place(b);
        }
        system.addBundleListener((SynchronousBundleListener) event -> {
            if (event.getType() == BundleEvent.INSTALLED || event.getType() == BundleEvent.UPDATED) {
                place(event.getBundle());
            }
        });
    }

    private void place(Bundle b) {
        if (b.getBundleId() == 0) {
            return; // the framework itself
        }
        BundleStartLevel level = b.adapt(BundleStartLevel.class);
        int wanted = levelOf(b.getSymbolicName());
        if (level != null && level.getStartLevel() != wanted) {
            level.setStartLevel(wanted);
        }
    }
}
