package org.cabinetgw.uplink.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.cabinetgw.ha.ActingPermit;
import org.cabinetgw.health.ConfigurationRefusal;
import org.cabinetgw.health.Health;
import org.cabinetgw.health.HealthContributor;
import org.cabinetgw.health.HealthEvents;
import org.cabinetgw.network.LinkManager;
import org.cabinetgw.network.NetworkEvents;
import org.cabinetgw.support.internal.data.GatewayData;
import org.cabinetgw.support.internal.health.HealthChange;
import org.cabinetgw.support.internal.threads.NamedThreads;
import org.cabinetgw.telemetry.Message;
import org.cabinetgw.telemetry.Priority;
import org.cabinetgw.telemetry.Uplink;
import org.cabinetgw.telemetry.UplinkRefusedException;
import org.cabinetgw.telemetry.UplinkRefusedException.Reason;
import org.cabinetgw.uplink.QueueReplicator;
import org.cabinetgw.uplink.TransportKind;
import org.cabinetgw.uplink.UplinkControl;
import org.cabinetgw.uplink.UplinkEvents;
import org.cabinetgw.uplink.UplinkSnapshot;
import org.cabinetgw.uplink.UplinkStatus;
import org.cabinetgw.uplink.internal.UplinkConfigValidator.MeteredMode;
import org.cabinetgw.uplink.internal.transport.PairFence;
import org.cabinetgw.uplink.internal.transport.Transport;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceRegistration;
import org.osgi.annotation.bundle.Capability;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Uplink service: wraps the {@link UplinkEngine} for OSGi. Transports arrive as services from this
 * bundle's MQTT and HTTP components (each with its own configuration), the metered flag from the network
 * bundle's LinkManager and its SWITCHED events (or forced by configuration), and the health of the whole
 * uplink goes to the health registry.
 */
// The services are registered by hand (service = {}) once the configuration is accepted: a refused one offers no
// Uplink and throws nothing (ConfigurationRefusal). So bnd cannot see the services: the capability says them.
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=\"org.cabinetgw.telemetry.Uplink,"
        + "org.cabinetgw.uplink.UplinkStatus,org.cabinetgw.uplink.UplinkControl\"")
@Component(name = UplinkComponent.PID, service = {}, property = {
                HealthContributor.COMPONENT + "=uplink",
                EventConstants.EVENT_TOPIC + "=" + NetworkEvents.SWITCHED })
@Designate(ocd = UplinkConfig.class)
public final class UplinkComponent implements Uplink, UplinkStatus, UplinkControl, HealthContributor, EventHandler {

    static final String PID = "org.cabinetgw.uplink";
    private static final Logger LOG = LoggerFactory.getLogger(UplinkComponent.class);
    /** The MQTT transport's PID (its component is in another package of this bundle). */
    private static final String MQTT_PID = "org.cabinetgw.uplink.mqtt";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin eventAdmin;

    private volatile LinkManager linkManager;

    // tells a start whether MQTT is configured before its component has activated (see mqttConfigured)
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ConfigurationAdmin configAdmin;
    /** How long a start waits for an MQTT configuration to appear before an HTTP-only setup begins on HTTP. */
    private static final long START_GRACE_NANOS = 2_000_000_000L;
    private final long activatedNanos = System.nanoTime();

    private final List<Transport> transports = new ArrayList<>();
    /** Moves the sessions with the link manager's default route; see LinkFollower why unbound. */
    private final LinkFollower linkFollower = new LinkFollower(this::transportsNow);
    private final UplinkEngine engine;
    private final UplinkHealthAssessment assessment;
    private final UplinkSettings settings;
    private final MeteredMode meteredMode;
    private final ScheduledExecutorService healthTimer;
    private final QueueSpace queueSpace;
    /** The services, registered once the configuration is accepted; or the refusal (config:<pid>), not both. */
    private volatile ServiceRegistration<?> registration;
    private final ServiceRegistration<HealthContributor> refusal;
    // Not UP before the first real check (a quarter second after activation): nothing has been delivered yet.
    private volatile Health health = Health.degraded("starting: not checked yet", Instant.now());

    @Activate
    public UplinkComponent(UplinkConfig config, BundleContext context, Map<String, Object> properties)
            throws IOException {
        UplinkSettings accepted;
        MeteredMode metered;
        try {
            accepted = UplinkConfigValidator.validate(config, defaultDirectory(context));
            metered = UplinkConfigValidator.meteredMode(config);
        } catch (IllegalArgumentException e) {
            LOG.debug("Uplink: configuration refused", e);
            this.refusal = ConfigurationRefusal.report(context, PID,
                    "the uplink is not started: nothing is queued or sent until it is corrected", e);
            this.settings = null;
            this.meteredMode = null;
            this.engine = null;
            this.assessment = null;
            this.healthTimer = null;
            this.queueSpace = null;
            return;
        }
        this.refusal = null;
        this.settings = accepted;
        this.meteredMode = metered;
        this.engine = new UplinkEngine(settings, new EngineEventPoster(this::post, this::updateHealthSoon));
        engine.fence(fence);
        this.queueSpace = new QueueSpace(settings.directory(), settings.segmentBytes(), System::nanoTime);
        this.assessment = new UplinkHealthAssessment(engine, settings, this::carrier, queueSpace::shortage);
        applyMetered();
        engine.setPrimaryExpected(this::mqttConfigured);
        synchronized (transports) {
            transports.forEach(engine::addTransport);
        }
        this.healthTimer = NamedThreads.singleScheduler("cabinetgw-uplink-health");
        // Four times a second: the health follows a connection within a quarter second (a gateway is UP that much
        // sooner after a start); the check only reads counters.
        healthTimer.scheduleWithFixedDelay(this::updateHealth, 250, 250, TimeUnit.MILLISECONDS);
        LOG.info("Uplink active: queue in {}, failover after {} s, failback after {} s, metered mode {}, aggregates {}",
                settings.directory(), settings.failoverMillis() / 1000, settings.holdMillis() / 1000, meteredMode,
                settings.aggregateMillis() == 0 ? "off" : "every " + settings.aggregateMillis() / 1000 + " s while metered");
    }

    /**
     * Offers the services once SCR has injected the references (after the constructor): offered from the
     * constructor, a caller as quick as a test could restrict the uplink before Event Admin was bound, and the
     * event announcing it was never posted (a CI run). The same holds for the corruption found while opening.
     */
    @Activate
    void activate(BundleContext context, Map<String, Object> properties) {
        if (engine == null) {
            return; // refused: the refusal is offered instead
        }
        if (engine.corruptRecords() > 0) {
            post(UplinkEvents.CORRUPTION_DETECTED, Map.of(UplinkEvents.COUNT, (long) engine.corruptRecords(),
                    UplinkEvents.REASON, engine.corruptRecords() + " damaged queue records skipped while opening "
                            + settings.directory()));
        }
        registration = context.registerService(new String[] {Uplink.class.getName(), UplinkStatus.class.getName(),
            UplinkControl.class.getName(), HealthContributor.class.getName(), EventHandler.class.getName()}, this,
                ConfigurationRefusal.serviceProperties(properties));
    }

    /**
     * Where the queue lives unless data.directory says: {@code uplink} in the gateway's data directory (framework
     * property cabinetgw.data.dir), so what waits in the queue survives the uplink's package being uninstalled and
     * installed again (a bundle's data area goes with the bundle); else in the bundle's data area (GatewayData).
     */
    public static Path defaultDirectory(BundleContext context) {
        return GatewayData.folder(context, "uplink");
    }

    @Deactivate
    void deactivate() {
        ConfigurationRefusal.withdraw(refusal);
        if (engine == null) {
            return; // refused: nothing was started
        }
        ConfigurationRefusal.withdraw(registration);
        healthTimer.shutdownNow();
        engine.close();
        LOG.info("Uplink stopped; {} messages stay queued in {}", engine.queued(), settings.directory());
    }

    // ---------------------------------------------------------------- references

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addTransport(Transport transport) {
        synchronized (transports) {
            transports.add(transport);
        }
        // bind may come before the constructor finished (then the constructor adds it)
        UplinkEngine e = engineOrNull();
        if (e != null) {
            e.addTransport(transport);
        }
    }

    void removeTransport(Transport transport) {
        synchronized (transports) {
            transports.remove(transport);
        }
        UplinkEngine e = engineOrNull();
        if (e != null) {
            e.removeTransport(transport);
        }
    }

    // the standby of a gateway pair keeps a replica of the queue (bundles/ha); at most one, the best ranked
    private volatile QueueReplicator replicator;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setReplicator(QueueReplicator r) {
        replicator = r;
        engine.replicateTo(r);
    }

    void unsetReplicator(QueueReplicator r) {
        if (replicator == r) {
            replicator = null;
            engine.replicateTo(null);
        }
    }

    // the pair's fence in the data path (bundles/ha): registered only while a pair is configured
    private final PairFence fence = new PairFence();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setActingPermit(ActingPermit p) {
        fence.bind(p);
    }

    void unsetActingPermit(ActingPermit p) {
        fence.unbind(p);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setLinkManager(LinkManager manager) {
        this.linkManager = manager;
        if (engineOrNull() != null) {
            applyMetered();
        }
    }

    void unsetLinkManager(LinkManager manager) {
        if (this.linkManager == manager) {
            this.linkManager = null;
        }
    }

    /**
     * Whether the MQTT transport has a configuration. At a start the HTTP transport's component may activate
     * first: without this, the uplink took "no MQTT" for an answer, began on the fallback and stayed there for
     * the fail-back hold although the broker was up.
     */
    private boolean mqttConfigured() {
        if (System.nanoTime() - activatedNanos < START_GRACE_NANOS) {
            // The features' configurations are applied by the Configurator as their bundles start, and a site
            // file's through ConfigurationAdmin: in the first moments the MQTT configuration may not be listed yet
            // (a clean-clone CI run saw the HTTP transport first, "no MQTT" for an answer, and a start on the
            // fallback). Nothing is lost by waiting: messages wait in the durable queue.
            return true;
        }
        ConfigurationAdmin ca = configAdmin;
        if (ca == null) {
            return false;
        }
        try {
            Configuration[] found = ca.listConfigurations("(" + Constants.SERVICE_PID + "=" + MQTT_PID + ")");
            return found != null && found.length > 0;
        } catch (IOException | InvalidSyntaxException e) {
            LOG.debug("Uplink: cannot list the configurations of {}: {}", MQTT_PID, e.toString());
            return false;
        }
    }

    private UplinkEngine engineOrNull() {
        return engine;
    }

    // ---------------------------------------------------------------- services

    @Override
    public void publish(Message message) throws UplinkRefusedException {
        if (message == null) {
            throw new UplinkRefusedException(Reason.UNAVAILABLE, "message must not be null");
        }
        engine.publish(message);
    }

    @Override
    public UplinkSnapshot snapshot() {
        return engine.snapshot();
    }

    @Override
    public void suspend(TransportKind transport, String reason) {
        engine.suspend(transport, reason);
    }

    @Override
    public void resume(TransportKind transport) {
        engine.resume(transport);
    }

    @Override
    public boolean isSuspended(TransportKind transport) {
        return engine.isSuspended(transport);
    }

    @Override
    public void restrict(Set<Priority> allowed, String reason) {
        engine.restrict(allowed, reason);
    }

    @Override
    public void unrestrict() {
        engine.unrestrict();
    }

    @Override
    public Set<Priority> restriction() {
        return engine.restriction();
    }

    @Override
    public Health health() {
        return health;
    }

    /** NetworkEvents.SWITCHED: the active link changed, and with it perhaps whether it is metered. */
    @Override
    public void handleEvent(Event event) {
        linkFollower.switched(event);
        if (meteredMode != MeteredMode.AUTO) {
            return;
        }
        Object metered = event.getProperty(NetworkEvents.METERED);
        if (metered instanceof Boolean b) {
            engine.setMetered(b);
        }
    }

    private void applyMetered() {
        switch (meteredMode) {
            case ON -> engine.setMetered(true);
            case OFF -> engine.setMetered(false);
            case AUTO -> {
                LinkManager lm = linkManager;
                engine.setMetered(lm != null && lm.isActiveLinkMetered());
            }
        }
    }

    // ---------------------------------------------------------------- health and events

    private void updateHealth() {
        try {
            Health previous = health;
            Health next = assessment.next(previous, Instant.now());
            if (next != previous) {
                health = next;
                post(HealthEvents.CHANGED, HealthChange.eventProperties("uplink", previous, next));
            }
        } catch (RuntimeException e) {
            LOG.warn("Uplink health evaluation failed: {}", e.toString());
        }
    }

    private List<Transport> transportsNow() {
        synchronized (transports) {
            return List.copyOf(transports);
        }
    }

    private String carrier() {
        Transport mqtt = transportsNow().stream().filter(t -> t.kind() == TransportKind.MQTT).findFirst().orElse(null);
        List<org.cabinetgw.network.LinkStatus> links;
        try {
            LinkManager lm = linkManager;
            links = lm == null ? List.of() : lm.links();
        } catch (IllegalStateException stopping) {
            links = List.of();
        }
        return LinkFollower.carrier(mqtt, links);
    }

    /** A switch or a storage fault is checked at once, not at the next tick. */
    private void updateHealthSoon() {
        ScheduledExecutorService timer = healthTimer;
        if (timer != null && !timer.isShutdown()) {
            timer.execute(this::updateHealth);
        }
    }

    private void post(String topic, Map<String, Object> properties) {
        EventAdmin ea = eventAdmin;
        if (ea != null) {
            ea.postEvent(new Event(topic, properties));
        }
    }
}
