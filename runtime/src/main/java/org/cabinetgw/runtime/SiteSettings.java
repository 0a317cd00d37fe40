package org.cabinetgw.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;

import org.osgi.framework.AllServiceListener;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceReference;

/**
 * Applies the site file to ConfigurationAdmin at every start, by these rules (README, "Configuration rules"):
 * <ol>
 * <li>every setting the file names is set to the file's value, whatever was stored (the web console's edit
 * of a setting the file names lasts until the next start);</li>
 * <li>settings the file does not name are left as they are (the feature's default, or a web console edit);</li>
 * <li>a setting the file named at the last start and names no more goes back to its feature's default (the
 * value in the feature's configuration, else the component's own default); a PID the file created and no
 * longer names, with nothing left in it and no feature default, is deleted;</li>
 * <li>a start without {@code --config} changes nothing.</li>
 * </ol>
 * What the file set is remembered in {@code <data>/etc/site-applied.properties} (rule 3 needs it).
 *
 * <p>The launcher has no ConfigurationAdmin API on its class path (it is a bundle's), so the calls go through
 * reflection on the interface as that bundle exports it. The file is applied the moment ConfigurationAdmin
 * registers, before the bundles after it start (so no component runs a moment with the old value), and once
 * more when the framework has started, after the OSGi Configurator has applied the features' defaults: the
 * Configurator leaves a configuration alone once something else changed it, and the second pass only writes
 * what differs.
 *
 * <p>The problems {@link SiteCheck} found go to the configuration {@code org.cabinetgw.core.site}, from which
 * the core bundle makes /health entries.
 */
final class SiteSettings {

    static final String CM = "org.osgi.service.cm.ConfigurationAdmin";
    static final String PROBLEMS_PID = "org.cabinetgw.core.site";

    private final SiteFile site;
    private final FeatureCatalog catalog;
    private final List<SiteCheck.Problem> problems;
    private final Path record;

    SiteSettings(SiteFile site, FeatureCatalog catalog, List<SiteCheck.Problem> problems, Path record) {
        this.site = site;
        this.catalog = catalog;
        this.problems = problems;
        this.record = record;
    }

    /** Applies the file when ConfigurationAdmin registers (call after framework init, before start). */
    void applyWhenConfigurationAdminArrives(BundleContext system) {
        try {
            system.addServiceListener((AllServiceListener) event -> {
                if (event.getType() == ServiceEvent.REGISTERED) {
                    applyReporting(system, event.getServiceReference());
                }
            }, "(objectClass=" + CM + ")");
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The second pass, once the framework has started. */
    void applyAgain(BundleContext system) {
        try {
            ServiceReference<?>[] refs = system.getAllServiceReferences(CM, null);
            if (refs != null && refs.length > 0) {
                applyReporting(system, refs[0]);
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private synchronized void applyReporting(BundleContext system, ServiceReference<?> ref) {
        Object service = system.getService(ref);
        if (service == null) {
            return;
        }
        try {
            ConfigAdmin cm = new ConfigAdmin(service, ref.getBundle().loadClass(CM),
                    ref.getBundle().loadClass("org.osgi.service.cm.Configuration"));
            apply(cm);
        } catch (Exception e) {
            Throwable cause = e instanceof InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : e;
            System.err.println("cabinetgw: the site file " + site.file() + " could not be applied: " + cause);
        } finally {
            system.ungetService(ref);
        }
    }

    /** The rules above, against a ConfigurationAdmin. */
    void apply(Store cm) throws Exception {
        Map<String, Set<String>> before = readRecord();
        Set<String> pids = new LinkedHashSet<>(before.keySet());
        pids.addAll(site.pids().keySet());
        for (String pid : pids) {
            Map<String, Object> wanted = site.pids().getOrDefault(pid, Map.of());
            Set<String> dropped = new LinkedHashSet<>(before.getOrDefault(pid, Set.of()));
            dropped.removeAll(wanted.keySet());
            Map<String, Object> stored = cm.properties(pid);
            Map<String, Object> defaults = catalog.defaults(pid);
            if (stored == null && wanted.isEmpty()) {
                continue; // gone already
            }
            Map<String, Object> next = new LinkedHashMap<>(stored != null ? stored : defaults);
            FeatureCatalog.Definition d = catalog.definition(pid);
            wanted.forEach((key, value) -> next.put(key,
                    SiteCheck.toStored(d == null ? null : d.settings().get(key), value)));
            for (String key : dropped) {
                if (defaults.containsKey(key)) {
                    next.put(key, defaults.get(key));
                } else {
                    next.remove(key);
                }
            }
            if (stored != null && next.isEmpty() && defaults.isEmpty()) {
                cm.delete(pid);
            } else if (stored == null || !same(stored, next)) {
                cm.update(pid, next);
            }
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("file", site.file().toString());
        // the names no feature has; a bad value is reported by its own component's refusal (config:<pid>)
        report.put("problems", problems.stream().filter(SiteCheck.Problem::unknown).map(SiteCheck.Problem::toString)
                .toArray(String[]::new));
        Map<String, Object> storedReport = cm.properties(PROBLEMS_PID);
        if (storedReport == null || !same(storedReport, report)) {
            cm.update(PROBLEMS_PID, report);
        }
        writeRecord();
    }

    private static boolean same(Map<String, Object> a, Map<String, Object> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        for (Map.Entry<String, Object> e : a.entrySet()) {
            if (!Objects.deepEquals(e.getValue(), b.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private Map<String, Set<String>> readRecord() throws IOException {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        if (!Files.exists(record)) {
            return out;
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(record)) {
            p.load(in);
        }
        for (String pid : p.stringPropertyNames()) {
            Set<String> keys = new LinkedHashSet<>();
            for (String k : p.getProperty(pid).split("\\s+")) {
                if (!k.isEmpty()) {
                    keys.add(k);
                }
            }
            out.put(pid, keys);
        }
        return out;
    }

    private void writeRecord() throws IOException {
        Properties p = new Properties();
        site.pids().forEach((pid, values) -> p.setProperty(pid, String.join(" ", values.keySet())));
        Path tmp = record.resolveSibling(record.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            p.store(out, "what the site file (--config) set at the last start; see README, Configuration rules");
        }
        Files.move(tmp, record, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * The few ConfigurationAdmin calls the rules need. An interface so the rules are unit tested against a map;
     * {@link ConfigAdmin} is the real one.
     */
    interface Store {
        /** The stored properties without the service.* ones, or null when there is no such configuration. */
        Map<String, Object> properties(String pid) throws Exception;

        void update(String pid, Map<String, Object> properties) throws Exception;

        void delete(String pid) throws Exception;
    }

    /** ConfigurationAdmin through reflection (its API is a bundle's, not on the launcher's class path). */
    static final class ConfigAdmin implements Store {
        private static final Set<String> OWN = Set.of("service.pid", "service.factoryPid", "service.bundleLocation");
        private final Object service;
        private final Method list;
        private final Method get;
        private final Method getFactory;
        private final Method getProperties;
        private final Method update;
        private final Method delete;

        ConfigAdmin(Object service, Class<?> cm, Class<?> configuration) throws NoSuchMethodException {
            this.service = service;
            this.list = cm.getMethod("listConfigurations", String.class);
            this.get = cm.getMethod("getConfiguration", String.class, String.class);
            this.getFactory = cm.getMethod("getFactoryConfiguration", String.class, String.class, String.class);
            this.getProperties = configuration.getMethod("getProperties");
            this.update = configuration.getMethod("update", Dictionary.class);
            this.delete = configuration.getMethod("delete");
        }

        @Override
        public Map<String, Object> properties(String pid) throws Exception {
            Object[] found = (Object[]) list.invoke(service, "(service.pid=" + pid + ")");
            if (found == null || found.length == 0) {
                return null;
            }
            Dictionary<?, ?> d = (Dictionary<?, ?>) getProperties.invoke(found[0]);
            if (d == null) {
                return null;
            }
            Map<String, Object> out = new HashMap<>();
            for (Object key : Collections.list(d.keys())) {
                if (!OWN.contains(key)) {
                    out.put((String) key, d.get(key));
                }
            }
            return out;
        }

        @Override
        public void update(String pid, Map<String, Object> properties) throws Exception {
            Dictionary<String, Object> d = new Hashtable<>(properties);
            update.invoke(configuration(pid), d);
        }

        @Override
        public void delete(String pid) throws Exception {
            delete.invoke(configuration(pid));
        }

        /** "?": any bundle may receive it (the Configurator does the same), as the feature's bundle may change. */
        private Object configuration(String pid) throws Exception {
            String factory = SiteFile.factoryPid(pid);
            return factory == null ? get.invoke(service, pid, "?")
                    : getFactory.invoke(service, factory, pid.substring(factory.length() + 1), "?");
        }
    }
}
