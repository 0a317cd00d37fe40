package org.cabinetgw.conf.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.cabinetgw.conf.internal.ConfigurableComponents.Configurable;
import org.cabinetgw.deploy.CommandResponder;
import org.cabinetgw.support.internal.metatype.MetatypeCheck;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.metatype.AttributeDefinition;

/**
 * A change of one or more configurations, all or nothing: every PID and every value is checked first (the PID is
 * configurable and not protected, each property is one of its Metatype's attributes with Kura's name for its type,
 * each value passes the Metatype's own check, the same the configuration check and the web console apply), and only
 * when all pass is anything written. A write that fails half-way (ConfigurationAdmin's store) puts back what was
 * already written.
 *
 * <p>The given properties replace those values; every other stored property is kept (a setting the cloud does not
 * show, an old name still read). A secret sent back as {@link ConfigurableComponents#SECRET_PLACEHOLDER} is kept as
 * it is.
 */
final class ConfigurationChange {

    /** One PID's new properties, checked. */
    record Planned(Configurable component, Dictionary<String, Object> properties) {
    }

    private ConfigurationChange() {
    }

    /**
     * Checks the change; nothing is written.
     *
     * @param requested   the configurations as the request (or a snapshot) gives them
     * @param components  the configurable PIDs now
     * @param protectedPids PIDs (or factory PIDs) the cloud may not change
     * @throws ConfRequestException 404 for a PID nothing describes, 400 naming the PID and the key for the rest
     */
    static List<Planned> plan(List<EsfConfiguration> requested, Map<String, Configurable> components,
            Set<String> protectedPids) throws ConfRequestException {
        List<Planned> out = new ArrayList<>();
        for (EsfConfiguration r : requested) {
            Configurable c = components.get(r.pid());
            if (c == null) {
                throw new ConfRequestException(CommandResponder.NOT_FOUND, r.pid()
                        + ": no such configurable component (no Metatype describes this PID); nothing was changed");
            }
            if (protectedPids.contains(c.pid()) || c.factoryPid() != null && protectedPids.contains(c.factoryPid())) {
                throw bad(r.pid() + ": this configuration is protected from remote changes (protected.pids of "
                        + ConfCloudService.PID + "); nothing was changed");
            }
            out.add(new Planned(c, merged(c, r)));
        }
        return out;
    }

    private static Dictionary<String, Object> merged(Configurable c, EsfConfiguration r) throws ConfRequestException {
        Dictionary<String, Object> texts = new Hashtable<>();
        Dictionary<String, Object> typed = new Hashtable<>();
        for (EsfProperty p : r.properties().values()) {
            AttributeDefinition ad = c.attribute(p.name());
            String where = r.pid() + ": " + p.name();
            if (ad == null) {
                throw bad(where + " is not a setting of this component; nothing was changed");
            }
            String expected = KuraTypes.name(ad.getType());
            if (!expected.equalsIgnoreCase(p.type())) {
                throw bad(where + " is of type " + expected + ", not " + p.type() + "; nothing was changed");
            }
            boolean array = ad.getCardinality() != 0;
            if (p.array() != array) {
                throw bad(where + (array ? " takes a list of values (array=\"true\")" : " takes one value (array=\"false\")")
                        + "; nothing was changed");
            }
            int most = Math.abs(ad.getCardinality());
            if (array && most != Integer.MAX_VALUE && p.values().size() > most) {
                throw bad(where + " takes at most " + most + " values, " + p.values().size() + " given; nothing was changed");
            }
            if (ConfigurableComponents.isSecret(ad) && !p.values().isEmpty()
                    && p.values().stream().allMatch(ConfigurableComponents.SECRET_PLACEHOLDER::equals)) {
                continue; // what the gateway sent in its place: the secret stays as it is
            }
            texts.put(p.name(), array ? p.values().toArray(new String[0]) : p.values().get(0));
            try {
                typed.put(p.name(), KuraTypes.value(ad.getType(), array, p.values()));
            } catch (IllegalArgumentException e) {
                // said by the Metatype check below in its own words when it knows the type; else here
                typed.put(p.name(), e);
            }
        }
        Optional<MetatypeCheck.Problem> problem = MetatypeCheck.firstProblem(c.ocd(), texts);
        if (problem.isPresent()) {
            throw bad(r.pid() + ": " + problem.get().sentence() + "; nothing was changed");
        }
        Dictionary<String, Object> out = copy(c.stored());
        for (Enumeration<String> keys = typed.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            Object value = typed.get(key);
            if (value instanceof IllegalArgumentException e) {
                throw bad(r.pid() + ": " + key + ": " + e.getMessage() + "; nothing was changed");
            }
            out.put(key, value);
        }
        return out;
    }

    /**
     * Writes the planned configurations; when one write fails, the ones written before it are put back (a
     * configuration that did not exist is deleted again) and the failure is a 500 naming the PID.
     */
    static void apply(List<Planned> plan, ConfigurationAdmin configurationAdmin) throws ConfRequestException {
        List<Configuration> written = new ArrayList<>();
        List<Dictionary<String, Object>> before = new ArrayList<>();
        for (Planned p : plan) {
            try {
                Configuration c = p.component().configuration() != null ? p.component().configuration()
                        : configurationAdmin.getConfiguration(p.component().pid(), "?");
                Dictionary<String, Object> old = c.getProperties();
                // a PID whose values are the same is not touched: its component is not re-activated (a rollback
                // names every configured PID, the uplink's among them, whose session would otherwise restart)
                if (c.updateIfDifferent(p.properties())) {
                    written.add(c);
                    before.add(old == null ? null : copy(old));
                }
            } catch (IOException | RuntimeException e) {
                String undone = undo(written, before);
                throw new ConfRequestException(CommandResponder.ERROR, p.component().pid()
                        + ": ConfigurationAdmin could not store the configuration (" + e.getMessage() + "); " + undone);
            }
        }
    }

    private static String undo(List<Configuration> written, List<Dictionary<String, Object>> before) {
        List<String> failed = new ArrayList<>();
        for (int i = written.size() - 1; i >= 0; i--) {
            Configuration c = written.get(i);
            try {
                if (before.get(i) == null) {
                    c.delete();
                } else {
                    c.update(before.get(i));
                }
            } catch (IOException | RuntimeException e) {
                failed.add(c.getPid());
            }
        }
        if (failed.isEmpty()) {
            return written.isEmpty() ? "nothing was changed" : "the configurations changed before it were put back";
        }
        return "could not put back " + String.join(", ", failed) + ": check them";
    }

    private static ConfRequestException bad(String message) {
        return new ConfRequestException(CommandResponder.BAD_REQUEST, message);
    }

    private static Dictionary<String, Object> copy(Dictionary<String, Object> d) {
        Dictionary<String, Object> out = new Hashtable<>();
        for (Enumeration<String> keys = d.keys(); keys.hasMoreElements();) {
            String k = keys.nextElement();
            out.put(k, d.get(k));
        }
        return out;
    }
}
