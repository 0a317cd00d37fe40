package org.cabinetgw.power.internal.state;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.cabinetgw.handover.internal.UplinkHandover;
import org.cabinetgw.health.ConfigurationRefusal;
import org.cabinetgw.health.Health;
import org.cabinetgw.health.HealthContributor;
import org.cabinetgw.health.HealthState;
import org.cabinetgw.power.Meter;
import org.cabinetgw.power.MeterReading;
import org.cabinetgw.power.MeterRole;
import org.cabinetgw.power.PowerEvents;
import org.cabinetgw.power.PowerMonitor;
import org.cabinetgw.power.PowerState;
import org.cabinetgw.power.PowerStatus;
import org.cabinetgw.power.SourceState;
import org.cabinetgw.power.internal.Events;
import org.cabinetgw.power.internal.state.PowerStateMachine.Bridged;
import org.cabinetgw.power.internal.state.PowerStateMachine.Output;
import org.cabinetgw.power.internal.state.PowerStateMachine.SourceChanged;
import org.cabinetgw.power.internal.state.PowerStateMachine.SourceInput;
import org.cabinetgw.power.internal.state.PowerStateMachine.StateChanged;
import org.cabinetgw.power.internal.state.PowerStateMachine.Transfer;
import org.cabinetgw.power.internal.state.PowerStateMachine.UpsInput;
import org.cabinetgw.telemetry.Message;
import org.cabinetgw.telemetry.Priority;
import org.cabinetgw.telemetry.Uplink;
import org.cabinetgw.telemetry.UplinkRefusedException;
import org.osgi.annotation.bundle.Capability;
import org.cabinetgw.support.internal.settings.RenamedSettings;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cabinet's power state: every evaluation interval it takes the last reading of every {@link Meter},
 * feeds the {@link PowerStateMachine} and posts what changed. Works with no configuration (defaults).
 */
// immediate: the state must be watched (and events posted) even when nobody asks for it
// The services are registered by hand (service = {}) once the configuration is accepted: a refused one offers no
// power state and throws nothing (ConfigurationRefusal). So bnd cannot see the service: the capability says it.
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=\"org.cabinetgw.power.PowerMonitor\"")
@Component(configurationPid = PowerStateComponent.PID, service = {}, immediate = true,
        property = HealthContributor.COMPONENT + "=" + PowerStateComponent.HEALTH_NAME)
@Designate(ocd = PowerStateConfig.class)
public class PowerStateComponent implements PowerMonitor, HealthContributor {

    public static final String PID = "org.cabinetgw.power.state";
    static final String HEALTH_NAME = "power";
    private static final Logger LOG = LoggerFactory.getLogger(PowerStateComponent.class);

    private final List<Meter> meters = new CopyOnWriteArrayList<>();
    /**
     * Last readings of meters whose service went away (the Modbus or power bundle being updated, a
     * configuration changed): used until they are older than the maximum reading age, so an update
     * that re-registers a meter within that time does not flap the cabinet's state.
     */
    private final Map<String, MeterReading> departed = new java.util.concurrent.ConcurrentHashMap<>();

    @Reference
    private EventAdmin events;

    // what is published while no uplink takes it (its bundle updated, stopped, starting) waits here, in order
    private final UplinkHandover handover = new UplinkHandover("power state");

    private PowerStateMachine machine;
    private java.time.Duration readingMaxAge;
    private volatile PowerStatus status;
    private volatile Health health;
    private ScheduledExecutorService executor;
    /** The services, once the configuration is accepted; or the refusal (config:<pid>), not both. */
    private ServiceRegistration<?> registration;
    private ServiceRegistration<HealthContributor> refusal;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addMeter(Meter meter) {
        meters.add(meter);
        departed.remove(meter.name());
    }

    void removeMeter(Meter meter) {
        meters.remove(meter);
        try {
            departed.put(meter.name(), meter.lastReading());
        } catch (RuntimeException e) {
            // a meter that cannot answer any more simply leaves no reading behind
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setUplink(Uplink u) {
        handover.bind(u); // what was held goes out now
    }

    void unsetUplink(Uplink u) {
        handover.unbind(u);
    }

    @Activate
    void activate(PowerStateConfig config, BundleContext context, Map<String, Object> properties) {
        PowerStateSettings settings;
        try {
            // the names of the last release are read for one more, with a WARN (CHANGES.md, rule 5)
            settings = PowerStateSettings.from(RenamedSettings.of(PID, PowerStateComponent.class)
                    .config(PowerStateConfig.class, config, properties, LOG::warn));
        } catch (IllegalArgumentException e) {
            LOG.debug("Power state configuration refused", e);
            Events.configurationRefused(events, HEALTH_NAME, PID, e.getMessage());
            refusal = ConfigurationRefusal.report(context, PID, "the power state is not evaluated", e);
            return;
        }
        Instant now = Instant.now();
        machine = new PowerStateMachine(settings.thresholds(), now);
        readingMaxAge = settings.readingMaxAge();
        status = machine.status();
        health = Health.degraded("power state not known yet", now);
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cabinetgw-power-state");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleAtFixedRate(this::evaluateSafely, 0, settings.evaluationInterval().toMillis(),
                TimeUnit.MILLISECONDS);
        registration = context.registerService(new String[] {PowerMonitor.class.getName(),
            HealthContributor.class.getName()}, this, ConfigurationRefusal.serviceProperties(properties));
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        refusal = ConfigurationRefusal.withdraw(refusal);
        registration = ConfigurationRefusal.withdraw(registration);
        if (executor == null) {
            return; // refused: nothing was started
        }
        executor.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
        handover.close(); // after the last publish: what is still held is counted lost
    }

    @Override
    public PowerStatus status() {
        return status;
    }

    @Override
    public Health health() {
        return health;
    }

    private void evaluateSafely() {
        try {
            evaluate(Instant.now());
        } catch (RuntimeException e) {
            LOG.error("Power state evaluation failed", e);
        }
    }

    void evaluate(Instant now) {
        departed.values().removeIf(r -> !usable(r, now)); // aged out: as if the meter never was
        List<Output> outputs = machine.update(source(MeterRole.MAINS, now), source(MeterRole.GENERATOR, now), ups(now), now);
        PowerStatus next = machine.status();
        // Every evaluation: health also depends on whether any meter exists, not only on transitions.
        // Unchanged health is the same object, so this posts nothing. Health and status are both set before any
        // event goes out: whoever reacts to a change (the failover coordinator quotes this health) finds both.
        Health before = health;
        updateHealth(next, now);
        status = next;
        if (health != before) {
            Events.healthChanged(events, HEALTH_NAME, before, health);
        }
        for (Output o : outputs) {
            publish(o);
        }
    }

    /** A reading counts only when its meter says it is fresh and it is not older than the maximum age. */
    private boolean usable(MeterReading r, Instant now) {
        return !r.stale() && !r.timestamp().plus(readingMaxAge).isBefore(now);
    }

    private SourceInput source(MeterRole role, Instant now) {
        boolean metered = false;
        for (MeterReading r : readings(role)) {
            metered = true;
            OptionalDouble v = r.fresh(MeterReading.VOLTAGE);
            if (v.isPresent() && usable(r, now)) {
                return new SourceInput(true, v, r.fresh(MeterReading.FREQUENCY), r.timestamp());
            }
        }
        return new SourceInput(metered, OptionalDouble.empty(), OptionalDouble.empty(), null);
    }

    /** Last readings of the live meters of a role, then of departed ones (which age out). */
    private List<MeterReading> readings(MeterRole role) {
        List<MeterReading> out = new java.util.ArrayList<>();
        for (Meter m : meters) {
            if (m.role() == role) {
                out.add(m.lastReading());
            }
        }
        for (MeterReading r : departed.values()) {
            if (r.role() == role) {
                out.add(r);
            }
        }
        return out;
    }

    private UpsInput ups(Instant now) {
        boolean metered = false;
        for (MeterReading r : readings(MeterRole.UPS)) {
            metered = true;
            OptionalDouble onBattery = r.fresh(MeterReading.ON_BATTERY);
            if (onBattery.isPresent() && usable(r, now)) {
                return new UpsInput(true, Optional.of(onBattery.getAsDouble() != 0), r.fresh(MeterReading.BATTERY_CHARGE),
                        r.fresh(MeterReading.RUNTIME_LEFT), r.timestamp());
            }
        }
        return new UpsInput(metered, Optional.empty(), OptionalDouble.empty(), OptionalDouble.empty(), null);
    }

    private void publish(Output o) {
        if (o instanceof SourceChanged s) {
            LOG.info("Power source {}: {} -> {} ({})", s.role(), s.from(), s.to(), s.reason());
            Events.post(events, PowerEvents.SOURCE_CHANGED, PowerEvents.ROLE, s.role().name(), PowerEvents.STATE,
                    s.to().name(), PowerEvents.PREVIOUS_STATE, s.from().name(), PowerEvents.SINCE, s.since().toEpochMilli(),
                    PowerEvents.TIMESTAMP, s.at().toEpochMilli(), PowerEvents.REASON, s.reason());
            // A source out of band is what a power engineer wants to see; a meter gone silent leaves the source
            // unwatched: an alarm (a source without any meter is not watched by choice).
            boolean silenced = s.to() == SourceState.UNKNOWN && status.sources().containsKey(s.role());
            telemetry("power/source", silenced ? Priority.ALARM : Priority.EVENT, s.at(), Map.of("role", s.role().name(),
                    "state", s.to().name(), "previous", s.from().name(), "reason", s.reason()));
        } else if (o instanceof StateChanged s) {
            LOG.info("Cabinet power: {} -> {} ({})", s.from(), s.to(), s.reason());
            Events.post(events, PowerEvents.STATE_CHANGED, PowerEvents.STATE, s.to().name(), PowerEvents.PREVIOUS_STATE,
                    s.from().name(), PowerEvents.SINCE, s.at().toEpochMilli(), PowerEvents.TIMESTAMP, s.at().toEpochMilli(),
                    PowerEvents.REASON, s.reason());
            telemetry("power/state", s.to() == PowerState.BATTERY_LOW ? Priority.ALARM : Priority.EVENT, s.at(),
                    Map.of("state", s.to().name(), "previous", s.from().name(), "reason", s.reason()));
        } else if (o instanceof Transfer t) {
            LOG.info("Power transfer {} -> {} took {} ms", t.from(), t.to(), t.duration().toMillis());
            Events.post(events, PowerEvents.TRANSFER, PowerEvents.FROM, t.from().name(), PowerEvents.TO, t.to().name(),
                    PowerEvents.DURATION_MS, t.duration().toMillis(), PowerEvents.TIMESTAMP, t.at().toEpochMilli());
            telemetry("power/transfer", Priority.EVENT, t.at(),
                    Map.of("from", t.from().name(), "to", t.to().name(), "duration_ms", t.duration().toMillis()));
        } else if (o instanceof Bridged b) {
            LOG.info("UPS bridged for {} ms", b.duration().toMillis());
            Events.post(events, PowerEvents.UPS_BRIDGED, PowerEvents.DURATION_MS, b.duration().toMillis(), PowerEvents.TO,
                    b.to().name(), PowerEvents.TIMESTAMP, b.at().toEpochMilli());
            telemetry("power/ups_bridged", Priority.EVENT, b.at(),
                    Map.of("duration_ms", b.duration().toMillis(), "to", b.to().name()));
        }
    }

    private void updateHealth(PowerStatus next, Instant now) {
        PowerState s = next.state();
        if (s == PowerState.UNKNOWN && meters.isEmpty() && departed.isEmpty()) {
            // A cabinet without power meters has nothing to monitor in this dimension: that is a choice
            // of the site, not a fault, and must not hold the whole cabinet DEGRADED for ever.
            health = previousOrNow(HealthState.UP, "no power meter configured", now);
            return;
        }
        health = previousOrNow(healthState(next), healthReason(next), now);
    }

    /** UP only on mains in band: a degraded feed is a fault an engineer must see, with the value and the band. */
    private static HealthState healthState(PowerStatus next) {
        return switch (next.state()) {
            case ON_MAINS -> next.sources().get(MeterRole.MAINS) == SourceState.DEGRADED ? HealthState.DEGRADED
                    : HealthState.UP;
            case BATTERY_LOW -> HealthState.DOWN;
            default -> HealthState.DEGRADED;
        };
    }

    /** Stable between changes: the reasons are those the sources were decided with, not the latest values. */
    private String healthReason(PowerStatus next) {
        SourceState mains = next.sources().get(MeterRole.MAINS);
        SourceState gen = next.sources().get(MeterRole.GENERATOR);
        return switch (next.state()) {
            case ON_MAINS -> mains == SourceState.DEGRADED ? "on mains, degraded: " + machine.reason(MeterRole.MAINS) : "";
            case ON_GENERATOR -> "on generator: mains " + source(mains, MeterRole.MAINS)
                    + (gen == SourceState.DEGRADED ? "; generator degraded: " + machine.reason(MeterRole.GENERATOR) : "");
            case ON_UPS_BATTERY -> "on UPS battery: mains " + source(mains, MeterRole.MAINS);
            case BATTERY_LOW -> "UPS battery low: mains " + source(mains, MeterRole.MAINS);
            case UNKNOWN -> "power source not known: mains " + source(mains, MeterRole.MAINS) + ", generator "
                    + source(gen, MeterRole.GENERATOR)
                    + (machine.upsOnLineDespiteLoss() ? "; yet the UPS reports it runs on line" : "");
        };
    }

    private String source(SourceState state, MeterRole role) {
        return state == null ? "not metered" : state + " (" + machine.reason(role) + ")";
    }

    private Health previousOrNow(HealthState state, String reason, Instant now) {
        return health.next(state, reason, now);
    }

    private void telemetry(String topic, Priority priority, Instant at, Map<String, Object> metrics) {
        // held while no uplink takes it; a refusal for good is logged by the hand-over
        handover.publish(new Message(Message.newId(), "power.state", topic, priority, at, metrics, ""));
    }
}
