package org.cabinetgw.core.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.cabinetgw.health.Health;
import org.cabinetgw.health.HealthContributor;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;

/**
 * The mistakes the launcher found in the site file ({@code --config}: a PID no feature has, a misspelt key, a
 * value out of range), one /health entry {@code site:<pid>} per PID, DEGRADED: the gateway runs, but not as the
 * file meant. The launcher writes them to the configuration {@code org.cabinetgw.core.site} ({@code file},
 * {@code problems}: "pid key: sentence") at every start; none, no entry. The configuration is optional (no
 * site file, or Kura, which has no launcher to write it: no entry), so the component needs no description in
 * Kura's UI, which only shows what an integrator sets.
 */
@Component(configurationPid = SiteFileProblems.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = {})
public class SiteFileProblems {

    static final String PID = "org.cabinetgw.core.site";

    private final List<ServiceRegistration<HealthContributor>> entries = new ArrayList<>();
    private BundleContext context;

    @Activate
    void activate(BundleContext context, Map<String, Object> properties) {
        this.context = context;
        modified(properties);
    }

    @Modified
    synchronized void modified(Map<String, Object> properties) {
        clear();
        String file = String.valueOf(properties.getOrDefault("file", "the site file"));
        for (Map.Entry<String, List<String>> e : byPid(properties.get("problems")).entrySet()) {
            Health h = Health.degraded(file + ": " + String.join("; ", e.getValue()), Instant.now());
            Dictionary<String, Object> props = new Hashtable<>();
            props.put(HealthContributor.COMPONENT, "site:" + e.getKey());
            entries.add(context.registerService(HealthContributor.class, () -> h, props));
        }
    }

    @Deactivate
    synchronized void clear() {
        entries.forEach(ServiceRegistration::unregister);
        entries.clear();
    }

    /** "pid key: sentence" lines grouped by PID, the PID left out of each sentence. */
    static Map<String, List<String>> byPid(Object problems) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        List<String> lines = new ArrayList<>();
        if (problems instanceof String[] array) {
            lines.addAll(List.of(array));
        } else if (problems instanceof String single) {
            lines.add(single);
        } else if (problems instanceof java.util.Collection<?> c) {
            c.forEach(o -> lines.add(String.valueOf(o)));
        }
        for (String line : lines) {
            int space = line.indexOf(' ');
            int colon = line.indexOf(':');
            int end = space < 0 ? colon : colon < 0 ? space : Math.min(space, colon);
            String pid = end <= 0 ? "file" : line.substring(0, end);
            String rest = end <= 0 ? line : line.substring(end).replaceFirst("^:?\\s*", "");
            out.computeIfAbsent(pid, p -> new ArrayList<>()).add(rest);
        }
        return out;
    }
}
