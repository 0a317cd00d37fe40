package org.cabinetgw.failover.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured rule (a factory configuration each). It only carries its checked settings: the coordinator
 * tracks every rule service and applies them, so adding, changing or deleting a rule takes effect at once.
 */
@Component(configurationPid = RuleComponent.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = RuleComponent.class)
@Designate(ocd = RuleConfig.class, factory = true)
public class RuleComponent {

    static final String FACTORY_PID = "org.cabinetgw.failover.rule";
    private static final Logger LOG = LoggerFactory.getLogger(RuleComponent.class);

    private volatile RuleSettings settings;

    /**
     * A change keeps this instance (so the coordinator keeps the rule's state, e.g. which bundles it stopped);
     * the coordinator sees the new service properties and reads the settings again. A refused change
     * deactivates the rule.
     */
    @Activate
    @Modified
    void activate(RuleConfig config) {
        try {
            settings = RuleSettings.from(config);
        } catch (IllegalArgumentException e) {
            LOG.error("Failover rule refused: {}", e.getMessage());
            throw e;
        }
        LOG.info("Failover rule {}: on {} do {}", settings.name(), settings.condition(), settings.actions());
    }

    RuleSettings settings() {
        return settings;
    }
}
