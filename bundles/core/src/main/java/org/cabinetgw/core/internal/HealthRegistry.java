package org.cabinetgw.core.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.cabinetgw.health.CabinetHealth;
import org.cabinetgw.health.ConfigurationRefusal;
import org.cabinetgw.health.Health;
import org.cabinetgw.health.HealthContributor;
import org.cabinetgw.health.HealthEvents;
import org.cabinetgw.health.HealthService;
import org.cabinetgw.health.HealthState;
import org.cabinetgw.support.internal.threads.NamedThreads;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tracks every {@link HealthContributor} (whiteboard) and aggregates them into one cabinet health.
 * A contributor's {@link HealthEvents#CHANGED} event triggers an immediate re-read; a periodic
 * re-check is only the safety net for a lost event.
 */
@Component(
        configurationPid = HealthRegistry.PID,
        service = { HealthService.class, EventHandler.class },
        property = EventConstants.EVENT_TOPIC + "=" + HealthEvents.CHANGED)
@Designate(ocd = HealthRegistryConfig.class)
public class HealthRegistry implements HealthService, EventHandler {

    static final String PID = "org.cabinetgw.core.health";
    private static final Logger LOG = LoggerFactory.getLogger(HealthRegistry.class);

    private final Map<Long, Contributor> contributors = new ConcurrentHashMap<>();
    private final Clock clock = Clock.systemUTC();
    @Reference
    private EventAdmin eventAdmin;
    private final ScheduledExecutorService recheck = NamedThreads.singleScheduler("cabinetgw-core-health-recheck");

    private ScheduledFuture<?> recheckTask;
    private volatile CabinetHealth current;
    private volatile boolean active;

    private record Contributor(String name, HealthContributor service) {
    }

    private BundleContext context;
    private ServiceRegistration<HealthContributor> refusal;
    /** The re-check interval in use: a refused value keeps the last good one (the default at the first start). */
    private int recheckSeconds = 10;

    @Activate
    void activate(HealthRegistryConfig config, BundleContext context) {
        this.context = context;
        active = true;
        schedule(config);
        refresh();
    }

    @Modified
    void modified(HealthRegistryConfig config) {
        schedule(config);
    }

    @Deactivate
    synchronized void deactivate() {
        active = false;
        recheck.shutdownNow();
        refusal = ConfigurationRefusal.withdraw(refusal);
    }

    /**
     * The registry is what reports a refused configuration, its own included, so it never stops for one: a refused
     * {@code recheck.seconds} keeps the interval in use (the default at the first start) and is reported as
     * {@code config:<pid>} like any other.
     */
    private synchronized void schedule(HealthRegistryConfig config) {
        refusal = ConfigurationRefusal.withdraw(refusal);
        try {
            recheckSeconds = Validation.range(PID, "recheck.seconds", config.recheck_seconds(),
                    HealthRegistryConfig.RECHECK_SECONDS_MIN, HealthRegistryConfig.RECHECK_SECONDS_MAX);
        } catch (IllegalArgumentException e) {
            refusal = ConfigurationRefusal.report(context, PID,
                    "the health registry keeps re-reading every " + recheckSeconds + " s", e);
        }
        int seconds = recheckSeconds;
        if (recheckTask != null) {
            recheckTask.cancel(false);
        }
        recheckTask = recheck.scheduleWithFixedDelay(this::refresh, seconds, seconds, TimeUnit.SECONDS);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addContributor(HealthContributor service, Map<String, Object> props) {
        contributors.put(serviceId(props), new Contributor(componentName(props), service));
        refresh();
    }

    void updatedContributor(HealthContributor service, Map<String, Object> props) {
        addContributor(service, props);
    }

    void removeContributor(HealthContributor service, Map<String, Object> props) {
        contributors.remove(serviceId(props));
        refresh();
    }

    @Override
    public void handleEvent(Event event) {
        refresh();
    }

    @Override
    public CabinetHealth current() {
        CabinetHealth c = current;
        return c != null ? c : Aggregation.aggregate(Map.of(), null, clock.instant());
    }

    /** Re-reads every contributor and posts an event when the cabinet's state or reason changed. */
    private synchronized void refresh() {
        Instant now = clock.instant();
        Map<String, Health> healths = new HashMap<>();
        for (Contributor c : contributors.values()) {
            healths.merge(c.name(), read(c, now), Aggregation::combine);
        }
        CabinetHealth previous = current;
        CabinetHealth next = Aggregation.aggregate(healths, previous, now);
        current = next;
        if (active && (previous == null || !previous.overall().equals(next.overall()))) {
            publish(previous, next);
        }
    }

    private static Health read(Contributor c, Instant now) {
        try {
            Health h = c.service().health();
            return h != null ? h : Health.down("reported no health", now);
        } catch (RuntimeException e) {
            // A contributor that throws is broken; say so instead of hiding the component.
            return Health.down("health check failed: " + e, now);
        }
    }

    private void publish(CabinetHealth previous, CabinetHealth next) {
        Health h = next.overall();
        Map<String, Object> props = new HashMap<>();
        props.put(HealthEvents.STATE, h.state().name());
        props.put(HealthEvents.REASON, h.reason());
        props.put(HealthEvents.SINCE, h.since().toEpochMilli());
        if (previous != null) {
            props.put(HealthEvents.PREVIOUS_STATE, previous.overall().state().name());
        }
        // The log gets a line when a state changes, the overall one or a component's; a change of wording only
        // (an error's text) is DEBUG: a reason that churns must not fill the log of a gateway left alone for years.
        if (previous == null || !states(previous).equals(states(next))) {
            LOG.info("Cabinet health {}{}", h.state(), h.reason().isEmpty() ? "" : ": " + h.reason());
        } else {
            LOG.debug("Cabinet health {}{}", h.state(), h.reason().isEmpty() ? "" : ": " + h.reason());
        }
        eventAdmin.postEvent(new Event(HealthEvents.CABINET_CHANGED, props));
    }

    private static Map<String, HealthState> states(CabinetHealth h) {
        Map<String, HealthState> out = new HashMap<>();
        out.put("", h.overall().state());
        h.components().forEach((name, health) -> out.put(name, health.state()));
        return out;
    }

    private static long serviceId(Map<String, Object> props) {
        return (Long) props.get(Constants.SERVICE_ID);
    }

    private static String componentName(Map<String, Object> props) {
        Object name = props.get(HealthContributor.COMPONENT);
        if (name instanceof String s && !s.isBlank()) {
            return s;
        }
        Object pid = props.get(Constants.SERVICE_PID);
        return pid != null ? String.valueOf(pid) : "service." + props.get(Constants.SERVICE_ID);
    }
}
