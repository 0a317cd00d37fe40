package org.cabinetgw.runtime;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.SynchronousBundleListener;

/**
 * Where the time goes at start: with {@code -Dcabinetgw.start.timeline=true} the launcher prints one line per
 * step, stamped in milliseconds since the JVM started (what a user waits for, class loading of the launcher
 * included): the launcher's own steps, each bundle started (and how long its start took: activator, and the
 * wait of {@link ConfigurationFirst}), each service of ours registered (Declarative Services registers a
 * component's service when it is satisfied; the health contributors' registrations show when each capability
 * is there), each start level reached. Off by default: a start prints its banner only. {@code StartupBenchmark}
 * turns it on for one extra run and prints the slowest steps.
 */
final class StartTimeline implements SynchronousBundleListener, ServiceListener, FrameworkListener {

    static final String PROPERTY = "cabinetgw.start.timeline";
    /** The prefix of every line, so a reader (the benchmark) can pick them out of the console. */
    static final String PREFIX = "cabinetgw: start +";

    private static volatile StartTimeline active;

    private final long jvmStartMillis = ManagementFactory.getRuntimeMXBean().getStartTime();
    private final PrintStream out;
    private final Map<Long, Long> startingAt = new ConcurrentHashMap<>();

    private StartTimeline(PrintStream out) {
        this.out = out;
    }

    /** True when the timeline was asked for ({@value #PROPERTY}). */
    static boolean wanted() {
        return Boolean.getBoolean(PROPERTY);
    }

    /** A launcher step (printed only when the timeline is on). */
    static void step(String what) {
        StartTimeline t = active;
        if (t == null && wanted()) {
            t = active = new StartTimeline(System.out);
        }
        if (t != null) {
            t.line(what);
        }
    }

    /** Call after framework init: follows bundles, our services and start levels from then on. */
    static void follow(BundleContext system) {
        if (!wanted()) {
            return;
        }
        StartTimeline t = active != null ? active : (active = new StartTimeline(System.out));
        system.addBundleListener(t);
        system.addFrameworkListener(t);
        try {
            system.addServiceListener(t, "(objectClass=org.cabinetgw.*)");
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e); // a constant filter
        }
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        Bundle b = event.getBundle();
        switch (event.getType()) {
            case BundleEvent.STARTING -> startingAt.put(b.getBundleId(), System.nanoTime());
            case BundleEvent.STARTED -> {
                Long from = startingAt.remove(b.getBundleId());
                line("bundle " + b.getSymbolicName() + " started"
                        + (from == null ? "" : " (" + (System.nanoTime() - from) / 1_000_000 + " ms)"));
            }
            case BundleEvent.INSTALLED -> line("bundle " + b.getSymbolicName() + " installed");
            default -> {
                // the others say nothing about the time to start
            }
        }
    }

    @Override
    public void serviceChanged(ServiceEvent event) {
        if (event.getType() == ServiceEvent.REGISTERED) {
            Object names = event.getServiceReference().getProperty(Constants.OBJECTCLASS);
            Object component = event.getServiceReference().getProperty("component.name");
            line("service " + String.join(",", (String[]) names)
                    + (component == null ? "" : " of " + component) + " registered");
        }
    }

    @Override
    public void frameworkEvent(FrameworkEvent event) {
        if (event.getType() == FrameworkEvent.STARTLEVEL_CHANGED) {
            line("start level reached");
        } else if (event.getType() == FrameworkEvent.STARTED) {
            line("framework started");
        }
    }

    private void line(String what) {
        long since = System.currentTimeMillis() - jvmStartMillis;
        out.println(PREFIX + since + " ms " + what + " [" + Thread.currentThread().getName() + "]");
    }
}
