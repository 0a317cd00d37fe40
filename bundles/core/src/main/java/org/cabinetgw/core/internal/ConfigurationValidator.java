package org.cabinetgw.core.internal;

import java.time.Instant;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.cabinetgw.health.ConfigurationRefusal;
import org.cabinetgw.health.Health;
import org.cabinetgw.health.HealthContributor;
import org.cabinetgw.health.HealthEvents;
import org.cabinetgw.support.internal.metatype.MetatypeCheck;
import org.cabinetgw.support.internal.text.FailureSentence;
import org.cabinetgw.support.internal.threads.NamedThreads;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks every configuration against the Metatype its bundle declares (ranges, options, types), for
 * all bundles, so that a wrong setting shows up as a clear DOWN reason in /health and in the log
 * rather than only as an activation failure deep in the log. The component refuses the value
 * itself; this makes the refusal visible in one place.
 */
@Component(service = ConfigurationListener.class)
public class ConfigurationValidator implements ConfigurationListener {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigurationValidator.class);

    @Reference
    private ConfigurationAdmin configurationAdmin;
    @Reference
    private MetaTypeService metaTypeService;
    @Reference
    private EventAdmin eventAdmin;

    @Reference
    private ServiceComponentRuntime scr;

    private BundleContext context;
    /** Per health entry ("config:<pid>"): what the Metatype check refused. */
    private final Map<String, String> metatypeRefusals = new HashMap<>();
    /** Per health entry ("config:<pid>", or "component:<name>" without a configuration): a failed activation. */
    private final Map<String, String> activationRefusals = new HashMap<>();
    private final Map<String, ServiceRegistration<HealthContributor>> entries = new HashMap<>();
    private final ScheduledExecutorService activations = NamedThreads.singleScheduler("cabinetgw-core-activation-check");
    /** Which report of a refused configuration the log says at WARN: one per version of the configuration. */
    private final RefusalLog said = new RefusalLog();
    /** The components' own refusals ({@link ConfigurationRefusal}) bound before activation, said once active. */
    private final Map<Long, Map.Entry<HealthContributor, Map<String, Object>>> componentRefusals = new HashMap<>();

    @Activate
    void activate(BundleContext context) throws Exception {
        this.context = context;
        Configuration[] all = configurationAdmin.listConfigurations(null);
        if (all != null) {
            for (Configuration c : all) {
                check(c.getPid());
            }
        }
        synchronized (this) {
            componentRefusals.values().forEach(r -> sayComponentRefusal(r.getKey(), r.getValue()));
        }
        // Declarative Services has no event for a failed activation: its record is read every two seconds.
        activations.scheduleWithFixedDelay(this::checkActivations, 1, 2, TimeUnit.SECONDS);
    }

    @Deactivate
    synchronized void deactivate() {
        activations.shutdownNow();
        entries.values().forEach(ServiceRegistration::unregister);
        entries.clear();
    }

    /**
     * A component that refused its configuration and reported it ({@link ConfigurationRefusal}: its own health
     * entry {@code config:<pid>}) instead of throwing. Its entry is its own; here it is only said in the log, at
     * WARN if it is the first word on this version of the configuration (the Metatype check may have said it).
     */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            target = "(" + ConfigurationRefusal.REFUSED_PID + "=*)")
    synchronized void addComponentRefusal(HealthContributor refusal, Map<String, Object> properties) {
        componentRefusals.put((Long) properties.get(org.osgi.framework.Constants.SERVICE_ID),
                Map.entry(refusal, properties));
        if (context != null) {
            sayComponentRefusal(refusal, properties);
        }
    }

    synchronized void removeComponentRefusal(HealthContributor refusal, Map<String, Object> properties) {
        componentRefusals.remove((Long) properties.get(org.osgi.framework.Constants.SERVICE_ID));
    }

    private void sayComponentRefusal(HealthContributor refusal, Map<String, Object> properties) {
        String pid = String.valueOf(properties.get(ConfigurationRefusal.REFUSED_PID));
        Object effect = properties.get(ConfigurationRefusal.REFUSED_EFFECT);
        String reason;
        try {
            reason = refusal.health().reason().replaceFirst("^configuration refused: ", "");
        } catch (RuntimeException e) {
            reason = "no reason given (" + e + ")";
        }
        say(pid, reason + (effect == null || String.valueOf(effect).isEmpty() ? "" : "; " + effect), null);
    }

    /** One line for a refusal: WARN the first time this version of the configuration is refused, else DEBUG. */
    private void say(String pid, String sentence, String trace) {
        if (said.first(pid, content(pid))) {
            LOG.warn("Configuration {} refused: {}", pid, sentence);
        } else {
            LOG.debug("Configuration {} refused (said already): {}", pid, sentence);
        }
        if (trace != null) {
            LOG.debug("Configuration {}: the activation failure as Declarative Services recorded it:\n{}", pid, trace);
        }
    }

    /**
     * The PID's configuration as it is now (its values, in key order), to tell one version from the next. Not the
     * change count: ConfigurationAdmin counts binding the configuration to its bundle as a change, which happens
     * between the Metatype check and the component's own refusal of the same values.
     */
    private String content(String pid) {
        try {
            Configuration[] found = configurationAdmin.listConfigurations("(service.pid=" + escape(pid) + ")");
            return found == null || found.length == 0 ? "" : RefusalLog.content(found[0].getProperties());
        } catch (Exception e) {
            return "";
        }
    }

    /**
     * A component whose activation threw (it refused its configuration in code: a rule no Metatype can say,
     * such as a URI's form) gets the entry of its configuration, DOWN, with the component's own sentence, and
     * one WARN line; the stack trace Declarative Services kept goes to DEBUG.
     */
    void checkActivations() {
        try {
            Map<String, String> failed = new HashMap<>();
            Map<String, String> traces = new HashMap<>();
            for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
                for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                    if (c.state != ComponentConfigurationDTO.FAILED_ACTIVATION) {
                        continue;
                    }
                    Object pid = c.properties == null ? null : c.properties.get(org.osgi.framework.Constants.SERVICE_PID);
                    String entry = pid instanceof String p ? "config:" + p
                            : pid instanceof String[] a && a.length > 0 ? "config:" + a[a.length - 1]
                            : "component:" + d.name;
                    failed.put(entry, FailureSentence.of(c.failure));
                    traces.put(entry, c.failure);
                }
            }
            synchronized (this) {
                for (Map.Entry<String, String> f : failed.entrySet()) {
                    String before = activationRefusals.put(f.getKey(), f.getValue());
                    if (!f.getValue().equals(before)) {
                        if (f.getKey().startsWith(ConfigurationRefusal.ENTRY_PREFIX)) {
                            say(f.getKey().substring(ConfigurationRefusal.ENTRY_PREFIX.length()), f.getValue(),
                                    traces.get(f.getKey()));
                        } else {
                            LOG.warn("Component {} did not activate: {}", f.getKey(), f.getValue());
                            LOG.debug("{}: the activation failure as Declarative Services recorded it:\n{}", f.getKey(),
                                    traces.get(f.getKey()));
                        }
                        publishEntry(f.getKey());
                    }
                }
                for (String gone : new java.util.ArrayList<>(activationRefusals.keySet())) {
                    if (!failed.containsKey(gone)) {
                        activationRefusals.remove(gone);
                        publishEntry(gone);
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not read the components' activation state: {}", e.toString());
        }
    }

    /** Registers, replaces or removes the health entry of one refused configuration from both kinds of refusal. */
    private void publishEntry(String entry) {
        java.util.List<String> reasons = new java.util.ArrayList<>();
        if (metatypeRefusals.containsKey(entry)) {
            reasons.add(metatypeRefusals.get(entry));
        }
        String activation = activationRefusals.get(entry);
        if (activation != null && !reasons.contains(activation)) {
            reasons.add(activation);
        }
        ServiceRegistration<HealthContributor> old = entries.remove(entry);
        if (old != null) {
            old.unregister();
        }
        if (reasons.isEmpty()) {
            if (old != null) {
                LOG.info("Configuration {} accepted again", entry.substring(entry.indexOf(':') + 1));
            }
            return;
        }
        Health down = Health.down("configuration refused: " + String.join("; ", reasons), Instant.now());
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(HealthContributor.COMPONENT, entry);
        entries.put(entry, context.registerService(HealthContributor.class, () -> down, props));
    }

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        if (event.getType() == ConfigurationEvent.CM_DELETED) {
            accept(event.getPid());
        } else {
            check(event.getPid());
        }
    }

    private void check(String pid) {
        try {
            Configuration[] found = configurationAdmin.listConfigurations("(service.pid=" + escape(pid) + ")");
            if (found == null || found.length == 0 || found[0].getProperties() == null) {
                accept(pid);
                return;
            }
            Configuration configuration = found[0];
            String metatypePid = configuration.getFactoryPid() != null ? configuration.getFactoryPid() : pid;
            Optional<ObjectClassDefinition> ocd = findDefinition(metatypePid);
            if (ocd.isEmpty()) {
                return; // no Metatype: nothing to check against
            }
            Optional<MetatypeCheck.Problem> problem = MetatypeCheck.firstProblem(ocd.get(), configuration.getProperties());
            if (problem.isPresent()) {
                refuse(pid, problem.get());
            } else {
                accept(pid);
            }
        } catch (Exception e) {
            LOG.warn("Could not check configuration {}: {}", pid, e.toString());
        }
    }

    private Optional<ObjectClassDefinition> findDefinition(String metatypePid) {
        for (Bundle bundle : context.getBundles()) {
            var info = metaTypeService.getMetaTypeInformation(bundle);
            if (info == null) {
                continue;
            }
            if (contains(info.getPids(), metatypePid) || contains(info.getFactoryPids(), metatypePid)) {
                return Optional.ofNullable(info.getObjectClassDefinition(metatypePid, null));
            }
        }
        return Optional.empty();
    }

    private synchronized void refuse(String pid, MetatypeCheck.Problem problem) {
        String before = metatypeRefusals.put("config:" + pid, problem.sentence());
        if (!problem.sentence().equals(before)) {
            say(pid, problem.sentence(), null);
        }
        publishEntry("config:" + pid);

        Map<String, Object> eventProps = new HashMap<>();
        eventProps.put(HealthEvents.PID, pid);
        eventProps.put(HealthEvents.ATTRIBUTE, problem.attribute());
        eventProps.put(HealthEvents.REASON, problem.sentence());
        eventAdmin.postEvent(new Event(HealthEvents.CONFIGURATION_REFUSED, eventProps));
    }

    private synchronized void accept(String pid) {
        if (metatypeRefusals.remove("config:" + pid) != null) {
            publishEntry("config:" + pid);
        }
    }

    private static boolean contains(String[] values, String wanted) {
        if (values != null) {
            for (String v : values) {
                if (v.equals(wanted)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Escapes a PID for use in an LDAP filter. */
    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").replace("*", "\\*");
    }
}
