package org.cabinetgw.core.internal;

import java.time.Instant;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;
import java.util.Optional;

import org.cabinetgw.health.Health;
import org.cabinetgw.health.HealthContributor;
import org.cabinetgw.health.HealthEvents;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
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

    private BundleContext context;
    private final Map<String, ServiceRegistration<HealthContributor>> refusals = new HashMap<>();

    @Activate
    void activate(BundleContext context) throws Exception {
        this.context = context;
        Configuration[] all = configurationAdmin.listConfigurations(null);
        if (all != null) {
            for (Configuration c : all) {
                check(c.getPid());
            }
        }
    }

    @Deactivate
    synchronized void deactivate() {
        refusals.values().forEach(ServiceRegistration::unregister);
        refusals.clear();
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
        String reason = "configuration refused: " + problem.sentence();
        LOG.warn("Configuration {} refused: {}", pid, problem.sentence());
        Health down = Health.down(reason, Instant.now());
        ServiceRegistration<HealthContributor> old = refusals.remove(pid);
        if (old != null) {
            old.unregister();
        }
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(HealthContributor.COMPONENT, "config:" + pid);
        refusals.put(pid, context.registerService(HealthContributor.class, () -> down, props));

        Map<String, Object> eventProps = new HashMap<>();
        eventProps.put(HealthEvents.PID, pid);
        eventProps.put(HealthEvents.ATTRIBUTE, problem.attribute());
        eventProps.put(HealthEvents.REASON, problem.sentence());
        eventAdmin.postEvent(new Event(HealthEvents.CONFIGURATION_REFUSED, eventProps));
    }

    private synchronized void accept(String pid) {
        ServiceRegistration<HealthContributor> old = refusals.remove(pid);
        if (old != null) {
            LOG.info("Configuration {} accepted again", pid);
            old.unregister();
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
