package org.cabinetgw.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.SynchronousBundleListener;

/**
 * A bundle with components starts only once the configuration its feature brings for them is in
 * ConfigurationAdmin, so each component activates once, with its configured values.
 *
 * <p>Why: the OSGi Configurator applies a feature's configuration ({@code OSGI-INF/configurator/*.json}) on its
 * own thread, some time after the feature bundle started; Declarative Services activates a component the moment
 * its bundle is active. At a first start the uplink, the dashboard and ha's servlet were therefore activated with
 * their annotation defaults and, a moment later, deactivated and activated again with the feature's values (SCR's
 * own log: two "Set implementation object" per component; {@code ActivationCountIT}). Start levels alone cannot
 * order this: the wait is for another bundle's thread, and the seed packages are installed by Deployment Admin
 * while the framework is already at its last level (their bundles start in the package's order, which put the
 * dashboard before its feature).
 *
 * <p>How: a synchronous listener holds each bundle with a {@code Service-Component} header in STARTING (before
 * SCR looks at it) until every configuration that an installed feature bundle declares for one of that bundle's
 * PIDs exists; a feature bundle that declares them and is not active yet is started first (so the Configurator
 * sees it). Only feature bundles installed or updated by this process are waited for: at a restart, or for a
 * configuration an integrator has since deleted, nothing waits. The wait is bounded ({@link #BOUND_MILLIS}); past
 * it the bundle starts anyway (its components then activate twice, as before) and a line says so. The
 * Configurator stays the owner of the features' configurations (updates and removals of a feature package work as
 * before); this only decides when a bundle may start.
 */
final class ConfigurationFirst implements SynchronousBundleListener {

    static final long BOUND_MILLIS = 5_000;
    private static final long POLL_MILLIS = 5;
    private static final String CONFIGURATOR_DIR = "OSGI-INF/configurator";

    private final BundleContext system;
    /** Feature bundles installed or updated while this process runs, and the configurations each declares. */
    private final Map<Long, Set<String>> freshFeatures = new ConcurrentHashMap<>();

    private ConfigurationFirst(BundleContext system) {
        this.system = system;
    }

    /** Call after framework init, before any bundle is installed or started. */
    static void install(BundleContext system) {
        system.addBundleListener(new ConfigurationFirst(system));
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        Bundle b = event.getBundle();
        switch (event.getType()) {
            case BundleEvent.INSTALLED, BundleEvent.UPDATED -> {
                Set<String> pids = declaredConfigurations(b);
                if (!pids.isEmpty()) {
                    freshFeatures.put(b.getBundleId(), pids);
                }
            }
            case BundleEvent.UNINSTALLED -> freshFeatures.remove(b.getBundleId());
            case BundleEvent.STARTING -> {
                if (b.getHeaders("").get("Service-Component") != null && !freshFeatures.isEmpty()) {
                    awaitConfigurationOf(b);
                }
            }
            default -> {
                // nothing to do
            }
        }
    }

    private void awaitConfigurationOf(Bundle b) {
        Set<String> componentPids = componentPids(b);
        Set<String> wanted = new LinkedHashSet<>();
        for (Map.Entry<Long, Set<String>> feature : freshFeatures.entrySet()) {
            List<String> mine = feature.getValue().stream().filter(p -> belongsTo(p, componentPids)).toList();
            if (mine.isEmpty()) {
                continue;
            }
            wanted.addAll(mine);
            Bundle featureBundle = system.getBundle(feature.getKey());
            if (featureBundle != null && featureBundle != b && featureBundle.getState() != Bundle.ACTIVE
                    && featureBundle.getState() != Bundle.STARTING) {
                try {
                    featureBundle.start(); // the Configurator reads only started feature bundles
                } catch (BundleException | IllegalStateException e) {
                    System.err.println("cabinetgw: feature " + featureBundle.getSymbolicName()
                            + " could not be started before " + b.getSymbolicName() + ": " + e.getMessage());
                }
            }
        }
        if (wanted.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(BOUND_MILLIS);
        Set<String> missing = missing(wanted);
        while (!missing.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            missing = missing(wanted);
        }
        if (!missing.isEmpty()) {
            System.err.println("cabinetgw: " + b.getSymbolicName() + " started before its feature's configuration "
                    + missing + " was applied (waited " + BOUND_MILLIS + " ms): its components may activate twice");
        } else {
            wanted.forEach(pid -> freshFeatures.values().forEach(s -> s.remove(pid))); // applied: never waited for again
            freshFeatures.values().removeIf(Set::isEmpty);
        }
    }

    /** A feature's PID (or {@code factory~name}) is one a component uses, as its PID or its factory PID. */
    static boolean belongsTo(String featurePid, Set<String> componentPids) {
        int tilde = featurePid.indexOf('~');
        return componentPids.contains(tilde < 0 ? featurePid : featurePid.substring(0, tilde));
    }

    /** Those of {@code pids} ConfigurationAdmin does not hold yet (all of them while it is not there). */
    private Set<String> missing(Set<String> pids) {
        ServiceReference<?> ref = system.getServiceReference(SiteSettings.CM);
        Object service = ref == null ? null : system.getService(ref);
        if (service == null) {
            return pids;
        }
        try {
            SiteSettings.ConfigAdmin cm = new SiteSettings.ConfigAdmin(service, ref.getBundle().loadClass(SiteSettings.CM),
                    ref.getBundle().loadClass("org.osgi.service.cm.Configuration"));
            Set<String> out = new LinkedHashSet<>();
            for (String pid : pids) {
                if (cm.properties(pid) == null) {
                    out.add(pid);
                }
            }
            return out;
        } catch (Exception e) {
            return Set.of(); // cannot tell: do not hold the start on it
        } finally {
            system.ungetService(ref);
        }
    }

    /** The configurations a feature bundle brings for the Configurator: the top-level keys of its JSON files. */
    private static Set<String> declaredConfigurations(Bundle b) {
        Set<String> pids = ConcurrentHashMap.newKeySet(); // emptied from the threads that start bundles
        // getEntryPaths, not findEntries: it does not resolve the bundle (this runs inside its installation)
        Enumeration<String> paths = b.getEntryPaths(CONFIGURATOR_DIR + "/");
        for (String path : paths == null ? Collections.<String>emptyList() : Collections.list(paths)) {
            URL file = path.endsWith(".json") ? b.getEntry(path) : null;
            if (file == null) {
                continue;
            }
            try {
                if (Json.parse(read(file)) instanceof Map<?, ?> top) {
                    top.keySet().stream().map(String::valueOf).filter(k -> !k.startsWith(":configurator:"))
                            .forEach(pids::add);
                }
            } catch (IOException | Json.SyntaxError e) {
                // the Configurator will say what is wrong with it; nothing to wait for here
            }
        }
        return pids;
    }

    /** The PIDs the bundle's components take their configuration from (Declarative Services' descriptors). */
    static Set<String> componentPids(Bundle b) {
        Set<String> pids = new LinkedHashSet<>();
        for (URL descriptor : descriptors(b)) {
            try {
                pids.addAll(ComponentDescriptors.configurationPids(read(descriptor)));
            } catch (IOException e) {
                // SCR will report an unreadable descriptor
            } catch (ComponentDescriptors.Unreadable e) {
                System.err.println("cabinetgw: " + b.getSymbolicName() + " " + descriptor.getPath()
                        + ": component descriptor not read (" + e.getMessage()
                        + "); its configurations are not waited for");
            }
        }
        return pids;
    }

    private static List<URL> descriptors(Bundle b) {
        List<URL> out = new ArrayList<>();
        String header = b.getHeaders("").get("Service-Component");
        for (String entry : header.split(",")) {
            String path = entry.trim();
            int slash = path.lastIndexOf('/');
            String dir = slash < 0 ? "/" : path.substring(0, slash);
            String pattern = path.substring(slash + 1);
            Enumeration<URL> found = b.findEntries(dir, pattern, false);
            if (found != null) {
                out.addAll(Collections.list(found));
            }
        }
        return out;
    }

    private static String read(URL url) throws IOException {
        try (InputStream in = url.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
