package org.cabinetgw.network.internal;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;

import org.cabinetgw.health.ConfigurationRefusal;
import org.cabinetgw.health.Health;
import org.cabinetgw.health.HealthContributor;
import org.cabinetgw.health.HealthState;
import org.cabinetgw.network.LinkStatus;
import org.cabinetgw.support.internal.settings.RenamedSettings;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured link: validates its configuration, probes it on its own threads, and offers it to the link
 * manager. Its health is registered as {@code link.<name>}.
 */
// MonitoredLink is registered by hand once the configuration is accepted: a refused one is no link and throws nothing.
@Component(configurationPid = LinkComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {})
@Designate(ocd = LinkConfig.class, factory = true)
public class LinkComponent implements MonitoredLink {

    static final String PID = "org.cabinetgw.network.link";
    private static final Logger LOG = LoggerFactory.getLogger(LinkComponent.class);
    private static final RenamedSettings RENAMED = RenamedSettings.of(PID, LinkComponent.class);

    private final LinkMonitor monitor;
    private final ServiceRegistration<HealthContributor> health;
    /** The link for the manager, once the configuration is accepted; or the refusal (config:<pid>), not both. */
    private final ServiceRegistration<MonitoredLink> link;
    private final ServiceRegistration<HealthContributor> refusal;

    @Activate
    public LinkComponent(LinkConfig given, BundleContext context, Map<String, Object> properties) {
        // the names of the last release are read for one more, with a WARN (CHANGES.md, rule 5)
        LinkConfig config = RENAMED.config(LinkConfig.class, given, properties, LOG::warn);
        LinkSettings settings;
        try {
            settings = settings(config);
        } catch (IllegalArgumentException e) {
            LOG.debug("Link configuration {} refused", properties.get("service.pid"), e);
            refusal = ConfigurationRefusal.report(context, properties.get("service.pid"),
                    "link " + config.name() + " is not probed and not used", e);
            monitor = null;
            health = null;
            link = null;
            return;
        }
        refusal = null;
        monitor = new LinkMonitor(settings, System::currentTimeMillis, new InterfaceInspector());
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(HealthContributor.COMPONENT, "link." + settings.name());
        health = context.registerService(HealthContributor.class, this::health, props);
        monitor.start();
        link = context.registerService(MonitoredLink.class, this, null);
        LOG.info("Link {} on {} ({}, priority {}{}) probing {} every {} ms", settings.name(), settings.interfaceName(),
                settings.type(), settings.priority(), settings.metered() ? ", metered" : "", settings.targets(),
                settings.intervalMillis());
    }

    static LinkSettings settings(LinkConfig c) {
        HealthPolicy policy = new HealthPolicy(c.probe_window_rounds(), c.down_after_rounds(), c.up_after_rounds(),
                c.degraded_loss_percent(), c.degraded_latency_millis(),
                Check.range("flap.window.seconds", c.flap_window_seconds(),
                        LinkConfig.FLAP_WINDOW_SECONDS_MIN, LinkConfig.FLAP_WINDOW_SECONDS_MAX) * 1000L,
                Check.range("flap.hold.initial.seconds", c.flap_hold_initial_seconds(),
                        LinkConfig.FLAP_HOLD_INITIAL_SECONDS_MIN, LinkConfig.FLAP_HOLD_INITIAL_SECONDS_MAX) * 1000L,
                Check.range("flap.hold.max.seconds", c.flap_hold_max_seconds(),
                        LinkConfig.FLAP_HOLD_MAX_SECONDS_MIN, LinkConfig.FLAP_HOLD_MAX_SECONDS_MAX) * 1000L);
        return LinkSettings.of(c.name(), c.interface_name(), c.type(), c.priority(), c.metered(), c.gateway(),
                c.source_address(), c.routing_table(), c.probe_targets(), c.probe_interval_millis(),
                c.probe_metered_interval_millis(), c.probe_timeout_millis(), c.probe_http_status(), policy);
    }

    private Health health() {
        Health managed = monitor.managedHealth();
        if (managed != null) {
            return managed; // the manager's entry, with "covered by" the active link (core README: the health rule)
        }
        LinkStatus s = monitor.snapshot().status();
        HealthState state = switch (s.state()) {
            case UP -> HealthState.UP;
            case DEGRADED -> HealthState.DEGRADED;
            case HELD_DOWN, DOWN -> HealthState.DOWN;
        };
        return new Health(state, s.reason(), s.since());
    }

    @Override
    public LinkMonitor monitor() {
        return monitor;
    }

    @Deactivate
    void deactivate() {
        ConfigurationRefusal.withdraw(refusal);
        if (monitor == null) {
            return; // refused: nothing was started
        }
        ConfigurationRefusal.withdraw(link);
        try {
            health.unregister();
        } catch (IllegalStateException e) {
            // already gone with the bundle
        }
        monitor.close();
    }
}
