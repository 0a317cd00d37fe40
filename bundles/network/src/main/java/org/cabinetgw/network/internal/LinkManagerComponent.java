package org.cabinetgw.network.internal;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.cabinetgw.handover.internal.UplinkHandover;
import org.cabinetgw.health.ConfigurationRefusal;
import org.cabinetgw.health.Health;
import org.cabinetgw.health.HealthContributor;
import org.cabinetgw.network.LinkManager;
import org.cabinetgw.network.LinkStatus;
import org.cabinetgw.network.NetworkEvents;
import org.cabinetgw.telemetry.Message;
import org.cabinetgw.telemetry.Priority;
import org.cabinetgw.telemetry.Uplink;
import org.cabinetgw.telemetry.UplinkRefusedException;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.Bundle;
import org.cabinetgw.support.internal.settings.RenamedSettings;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The link manager service: takes every configured link, keeps the best usable one as the default route
 * (through the configured backend), posts events, reports health as {@code network.manager}, and sends each
 * switch as telemetry when an uplink is there.
 */
// Configuration required: the manager changes the system's routing, so it starts only once the integrator
// (or the feature's default configuration) has said so and chosen the backend.
// The services are registered by hand (service = {}) once the configuration is accepted: a refused one offers no
// link manager and throws nothing (ConfigurationRefusal). So bnd cannot see the service: the capability says it.
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=\"org.cabinetgw.network.LinkManager\"")
@Component(configurationPid = LinkManagerComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true,
        service = {}, property = HealthContributor.COMPONENT + "=" + LinkManagerEngine.MANAGER_COMPONENT)
@Designate(ocd = ManagerConfig.class)
public class LinkManagerComponent implements LinkManager, HealthContributor {

    static final String PID = "org.cabinetgw.network.manager";
    private static final Logger LOG = LoggerFactory.getLogger(LinkManagerComponent.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin eventAdmin;

    // what is published while no uplink takes it (its bundle updated, stopped, starting) waits here, in order
    private final UplinkHandover handover = new UplinkHandover("network link manager");

    /** Links bound before activation (DS binds dynamic references first) wait here. */
    private final Map<MonitoredLink, LinkMonitor> pending = new HashMap<>();
    private LinkManagerEngine engine;
    /** The services, once the configuration is accepted; or the refusal (config:<pid>), not both. */
    private ServiceRegistration<?> registration;
    private ServiceRegistration<HealthContributor> refusal;

    /** The bundle, to tell an orderly stop (links leave because the bundle stops) from a link's removal. */
    private volatile Bundle bundle;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setUplink(Uplink u) {
        handover.bind(u); // what was held goes out now
    }

    void unsetUplink(Uplink u) {
        handover.unbind(u);
    }

    @Activate
    void activate(BundleContext context, ManagerConfig given, Map<String, Object> properties) {
        // the names of the last release are read for one more, with a WARN (CHANGES.md, rule 5)
        ManagerConfig config = RenamedSettings.of(PID, LinkManagerComponent.class)
                .config(ManagerConfig.class, given, properties, LOG::warn);
        bundle = context.getBundle();
        RoutingBackend backend;
        long hold;
        try {
            backend = backend(config);
            hold = Check.range("failback.hold.seconds", config.failback_hold_seconds(),
                    ManagerConfig.FAILBACK_HOLD_SECONDS_MIN, ManagerConfig.FAILBACK_HOLD_SECONDS_MAX) * 1000L;
        } catch (IllegalArgumentException e) {
            LOG.debug("Link manager: configuration refused", e);
            refusal = ConfigurationRefusal.report(context, PID,
                    "the link manager is not started (the routes stay as they are)", e);
            return;
        }
        LinkManagerEngine e = new LinkManagerEngine(backend, hold, this::post, System::currentTimeMillis);
        synchronized (this) {
            engine = e;
            pending.values().forEach(e::addLink);
            pending.clear();
        }
        LOG.info("Link manager started with the {} backend, fail-back hold {} s", backend.name(),
                config.failback_hold_seconds());
        registration = context.registerService(new String[] {LinkManager.class.getName(),
            HealthContributor.class.getName()}, this, ConfigurationRefusal.serviceProperties(properties));
    }

    static RoutingBackend backend(ManagerConfig config) {
        String name = config.backend() == null ? "" : config.backend().trim();
        switch (name) {
            case "simulated":
                return new SimulatedBackend();
            case "iproute2":
                String ip = config.ip_command() == null ? "" : config.ip_command().trim();
                if (ip.isEmpty() || !ip.matches("[A-Za-z0-9._/+-]+") || ip.startsWith("-")) {
                    throw new IllegalArgumentException("ip.command = '" + config.ip_command()
                            + "' is not a command name or path");
                }
                int timeout = Check.range("command.timeout.millis", config.command_timeout_millis(),
                        ManagerConfig.COMMAND_TIMEOUT_MILLIS_MIN, ManagerConfig.COMMAND_TIMEOUT_MILLIS_MAX);
                List<String> prefix = config.command_prefix() == null ? List.of()
                        : Arrays.stream(config.command_prefix()).filter(s -> s != null && !s.isBlank())
                                .flatMap(s -> Arrays.stream(s.trim().split("\\s+"))).toList();
                return new Iproute2Backend(new CommandRunner(prefix, timeout), ip);
            default:
                throw new IllegalArgumentException("backend = '" + config.backend()
                        + "' is not supported; allowed iproute2, simulated");
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    synchronized void addLink(MonitoredLink link) {
        if (engine == null) {
            pending.put(link, link.monitor());
        } else {
            engine.addLink(link.monitor());
        }
    }

    synchronized void removeLink(MonitoredLink link) {
        LinkMonitor m = pending.remove(link);
        if (m == null && engine != null) {
            Bundle b = bundle;
            if (b != null && b.getState() == Bundle.STOPPING) {
                // the bundle (or the framework) is stopping and its links go first: not an outage
                engine.stop();
            }
            engine.removeLink(link.monitor());
        }
    }

    private void post(String topic, Map<String, Object> properties) {
        EventAdmin ea = eventAdmin;
        if (ea != null) {
            ea.postEvent(new Event(topic, properties));
        }
        if (topic.equals(NetworkEvents.SWITCHED) || topic.equals(NetworkEvents.ALL_DOWN)) {
            publish(topic, properties);
        }
    }

    /** A switch is worth telling the cloud: it is sent as an EVENT, delivered once the new link carries it. */
    private void publish(String topic, Map<String, Object> properties) {
        Map<String, Object> metrics = new LinkedHashMap<>();
        properties.forEach((k, v) -> {
            if (v instanceof Number || v instanceof Boolean || v instanceof String) {
                metrics.put(k, v);
            }
        });
        String sub = topic.substring(NetworkEvents.TOPIC_PREFIX.length()).toLowerCase(java.util.Locale.ROOT);
        Priority priority = topic.equals(NetworkEvents.ALL_DOWN) ? Priority.ALARM : Priority.EVENT;
        // held while no uplink takes it (a switch during an uplink update is not lost); a refusal is logged there
        handover.publish(Message.of("network.manager", "network/" + sub, priority, metrics));
    }

    private synchronized LinkManagerEngine engine() {
        if (engine == null) {
            throw new IllegalStateException("the link manager is not active");
        }
        return engine;
    }

    @Override
    public Optional<LinkStatus> activeLink() {
        return engine().activeLink();
    }

    @Override
    public boolean isActiveLinkMetered() {
        return engine().isActiveLinkMetered();
    }

    @Override
    public List<LinkStatus> links() {
        return engine().links();
    }

    @Override
    public void forceDown(String link, String reason) {
        LOG.info("Link {} forced down: {}", link, reason);
        engine().forceDown(link, reason);
    }

    @Override
    public void release(String link) {
        LOG.info("Link {} released", link);
        engine().release(link);
    }

    @Override
    public Health health() {
        return engine().managerHealth();
    }

    @Deactivate
    void deactivate() {
        refusal = ConfigurationRefusal.withdraw(refusal);
        registration = ConfigurationRefusal.withdraw(registration);
        LinkManagerEngine e;
        synchronized (this) {
            e = engine;
            engine = null;
        }
        if (e != null) {
            e.close();
        }
        handover.close(); // after the last publish: what is still held is counted lost
    }
}
