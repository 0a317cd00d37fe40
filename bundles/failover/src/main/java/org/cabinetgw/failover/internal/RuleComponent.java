package org.cabinetgw.failover.internal;

import java.util.Dictionary;
import java.util.Map;

import org.cabinetgw.health.ConfigurationRefusal;
import org.cabinetgw.health.HealthContributor;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured rule (a factory configuration each). It only carries its checked settings: the coordinator
 * tracks every rule service and applies them, so adding, changing or deleting a rule takes effect at once.
 * The service is registered by hand (service = {}) while the configuration is accepted: a refused one is no rule
 * (the coordinator drops it) and its entry {@code config:<pid>} says which setting; nothing is thrown.
 */
@Component(configurationPid = RuleComponent.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {})
@Designate(ocd = RuleConfig.class, factory = true)
public class RuleComponent {

    static final String FACTORY_PID = "org.cabinetgw.failover.rule";
    private static final Logger LOG = LoggerFactory.getLogger(RuleComponent.class);

    private volatile RuleSettings settings;
    private BundleContext context;
    private ServiceRegistration<RuleComponent> registration;
    private ServiceRegistration<HealthContributor> refusal;

    @Activate
    void activate(BundleContext context, RuleConfig config, Map<String, Object> properties) {
        this.context = context;
        modified(config, properties);
    }

    /**
     * A change keeps this instance (so the coordinator keeps the rule's state, e.g. which bundles it stopped);
     * the coordinator sees the new service properties and reads the settings again. A refused change
     * withdraws the rule until a good one comes.
     */
    @Modified
    synchronized void modified(RuleConfig config, Map<String, Object> properties) {
        refusal = ConfigurationRefusal.withdraw(refusal);
        try {
            settings = RuleSettings.from(config);
        } catch (IllegalArgumentException e) {
            LOG.debug("Failover rule {} refused", properties.get("service.pid"), e);
            settings = null;
            registration = ConfigurationRefusal.withdraw(registration);
            refusal = ConfigurationRefusal.report(context, properties.get("service.pid"),
                    "failover rule " + config.name() + " does not act", e);
            return;
        }
        LOG.info("Failover rule {}: on {} do {}", settings.name(), settings.condition(), settings.actions());
        Dictionary<String, Object> props = ConfigurationRefusal.serviceProperties(properties);
        if (registration == null) {
            registration = context.registerService(RuleComponent.class, this, props);
        } else {
            registration.setProperties(props); // the coordinator's updated: it reads the settings again
        }
    }

    @Deactivate
    synchronized void deactivate() {
        refusal = ConfigurationRefusal.withdraw(refusal);
        registration = ConfigurationRefusal.withdraw(registration);
    }

    RuleSettings settings() {
        return settings;
    }
}
