package org.cabinetgw.sim.broker.internal;

import java.io.IOException;
import java.time.Instant;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import org.cabinetgw.health.ConfigurationRefusal;
import org.cabinetgw.health.Health;
import org.cabinetgw.health.HealthContributor;
import org.cabinetgw.health.HealthEvents;
import org.cabinetgw.health.HealthState;
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
 * The demo's stand-in cloud: an embedded Moquette broker. Starts only when its configuration exists
 * (the demo feature supplies one), so a production gateway never opens this port. A configuration
 * change re-creates the component: the old broker is stopped in {@link #deactivate()} before the new one
 * binds, so the same port can be reused. Immediate: a delayed component would start and stop the broker
 * with every user of its health service.
 */
// No DS service: its health entry is registered by hand once the configuration is accepted, so a refused one
// shows only as config:<pid> (ConfigurationRefusal), as in every bundle.
@Component(configurationPid = BrokerComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true,
        service = {})
@Designate(ocd = BrokerConfig.class)
public class BrokerComponent implements HealthContributor {

    public static final String PID = "org.cabinetgw.sim.broker";
    static final String HEALTH_NAME = "sim.broker";
    private static final Logger LOG = LoggerFactory.getLogger(BrokerComponent.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin events;

    private final Server server = new Server();
    private volatile Health health = Health.down("not started", Instant.now());
    private ArrivalLog arrivals;
    private volatile int port;

    /** Its health entry sim.broker while the configuration is accepted; else the refusal config:<pid>. */
    private ServiceRegistration<HealthContributor> registration;
    private ServiceRegistration<HealthContributor> refusal;

    @Activate
    void activate(BrokerConfig given, BundleContext context, Map<String, Object> properties) {
        // the names of the last release are read for one more, with a WARN (CHANGES.md, rule 5)
        BrokerConfig config = RenamedSettings.of(PID, BrokerComponent.class)
                .config(BrokerConfig.class, given, properties, LOG::warn);
        BrokerSettings settings;
        try {
            settings = BrokerSettings.of(config);
        } catch (IllegalArgumentException e) {
            // reported as every bundle reports a refused setting; thrown, SCR would print a stack trace
            LOG.debug("Demo broker: configuration refused", e);
            refusal = ConfigurationRefusal.report(context, properties.get("service.pid"), "the demo broker is not started", e);
            return;
        }
        Dictionary<String, Object> entry = new Hashtable<>();
        entry.put(HealthContributor.COMPONENT, HEALTH_NAME);
        registration = context.registerService(HealthContributor.class, this, entry);
        start(settings);
    }

    /** Listens; a port that cannot be bound leaves the entry DOWN naming it (no stack trace, nothing thrown). */
    private void start(BrokerSettings settings) {
        arrivals = new ArrivalLog(settings.logArrivals());
        try {
            port = ListenPort.resolve(settings.host(), settings.port());
            server.startServer(new MemoryConfig(settings.withPort(port).moquetteProperties()), List.of(arrivals));
        } catch (IOException | RuntimeException e) {
            // Moquette may have started some of its threads before the bind failed: stop them here,
            // because a component whose activate throws is never deactivated.
            stopQuietly();
            String reason = "cannot listen on " + settings.host() + ":" + settings.port() + ": " + e.getMessage();
            report(Health.down(reason, Instant.now()));
            LOG.warn("Demo MQTT broker {}", reason);
            LOG.debug("Demo MQTT broker: the failure", e);
            return;
        }
        LOG.info("Demo MQTT broker (Moquette {}) listening on {}:{}", Server.MOQUETTE_VERSION, settings.host(), port);
        report(new Health(HealthState.UP, "listening on " + settings.host() + ":" + port, Instant.now()));
    }

    @Deactivate
    void deactivate() {
        refusal = ConfigurationRefusal.withdraw(refusal);
        registration = ConfigurationRefusal.withdraw(registration);
        if (arrivals == null) {
            return; // refused: nothing was started
        }
        stopQuietly();
        LOG.info("Demo MQTT broker stopped after {} messages", arrivals == null ? 0 : arrivals.received());
        report(Health.down("stopped", Instant.now()));
    }

    @Override
    public Health health() {
        return health;
    }

    /** The port the broker listens on (the real one when configured with 0). */
    int port() {
        return port;
    }

    private void stopQuietly() {
        try {
            server.stopServer();
        } catch (RuntimeException e) {
            // stopServer on a half-started server may trip over parts never created; nothing more to close
            LOG.debug("Demo broker: stopping a half-started server: {}", e.toString());
        }
    }

    private void report(Health next) {
        Health previous = health;
        health = next;
        EventAdmin ea = events;
        if (ea != null && (previous.state() != next.state() || !previous.reason().equals(next.reason()))) {
            ea.postEvent(new Event(HealthEvents.CHANGED, Map.of(
                    HealthEvents.COMPONENT, HEALTH_NAME,
                    HealthEvents.STATE, next.state().name(),
                    HealthEvents.PREVIOUS_STATE, previous.state().name(),
                    HealthEvents.REASON, next.reason(),
                    HealthEvents.SINCE, next.since().toEpochMilli())));
        }
    }
}
