package org.cabinetgw.power.internal.meter;

import java.time.Instant;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.cabinetgw.handover.internal.UplinkHandover;
import org.cabinetgw.health.ConfigurationRefusal;
import org.cabinetgw.health.Health;
import org.cabinetgw.health.HealthContributor;
import org.cabinetgw.health.HealthState;
import org.cabinetgw.modbus.LineStatistics;
import org.cabinetgw.modbus.ModbusException;
import org.cabinetgw.modbus.ModbusLine;
import org.cabinetgw.modbus.ModbusMaster;
import org.cabinetgw.power.Meter;
import org.cabinetgw.power.MeterReading;
import org.cabinetgw.power.MeterRole;
import org.cabinetgw.power.PowerEvents;
import org.cabinetgw.power.internal.Events;
import org.cabinetgw.power.internal.preset.SunSpecDiscovery;
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
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured meter: polls its map on its own thread, keeps the last reading, marks it stale when the
 * meter stops answering (and keeps polling), reports health and sends readings as telemetry.
 * The Modbus master is a static reference: when the Modbus bundle is updated this component is
 * deactivated (thread stopped, line closed) and activated again on the new master.
 */
// immediate: a meter polls whether or not anyone holds its service yet
// The Meter is registered by hand (service = {}) once the configuration is accepted: a refused one offers no meter
// and throws nothing (ConfigurationRefusal). So bnd cannot see the service: the capability says it.
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=\"org.cabinetgw.power.Meter\"")
@Component(configurationPid = MeterComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {},
        immediate = true)
@Designate(ocd = MeterConfig.class, factory = true)
public class MeterComponent implements Meter {

    public static final String PID = "org.cabinetgw.power.meter";
    private static final Logger LOG = LoggerFactory.getLogger(MeterComponent.class);
    /** Telemetry names of the line's counters; a map's point names must not start with {@code line.}. */
    static final String LINE_RECONNECTS = "line.reconnects";
    static final String LINE_RETRIES = "line.retries";
    static final String LINE_FAILURES = "line.failures";
    /**
     * The telemetry message's number: 1 for the first this meter sends after it (re)started, then one more each.
     * Whoever receives can tell a lost reading (a number missing) from a restart (back to 1) and check the order.
     */
    static final String TELEMETRY_SEQ = "telemetry.seq";

    @Reference
    private ModbusMaster master;

    @Reference
    private EventAdmin events;

    // what is published while no uplink takes it (its bundle updated, stopped, starting) waits here, in order
    private final UplinkHandover handover = new UplinkHandover("power meter");

    private MeterSettings settings;
    private String component;
    private ModbusLine line;
    private volatile MeterPoller poller;
    private volatile MeterReading reading;
    private volatile Health health;
    private boolean stale;
    private long polls;
    /** Telemetry messages made since activation (the poll thread's; read at deactivation after it ended). */
    private long sent;
    private final LineChurn churn = new LineChurn();
    private MeterOutage outage;
    /** When the health reason last changed within one state; a changing count must not post an event per poll. */
    private Instant reasonSince = Instant.EPOCH;
    /** When "stale" or "answers again" was last logged: a meter flapping every poll logs once a minute at most. */
    private Instant lastStaleLog = Instant.EPOCH;
    private ScheduledExecutorService executor;
    private ServiceRegistration<HealthContributor> healthRegistration;
    /** The Meter, once the configuration is accepted; or the refusal (config:<pid>), not both. */
    private ServiceRegistration<Meter> meterRegistration;
    private ServiceRegistration<HealthContributor> refusal;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setUplink(Uplink u) {
        handover.bind(u); // what was held goes out now
    }

    void unsetUplink(Uplink u) {
        handover.unbind(u);
    }

    @Activate
    void activate(MeterConfig config, BundleContext context, Map<String, Object> properties) {
        try {
            // the names of the last release are read for one more, with a WARN (CHANGES.md, rule 5)
            settings = MeterSettings.from(RenamedSettings.of(PID, MeterComponent.class)
                    .config(MeterConfig.class, config, properties, LOG::warn));
        } catch (IllegalArgumentException e) {
            LOG.debug("Power meter configuration {} refused", properties.get("service.pid"), e);
            Events.configurationRefused(events, "power.meter." + config.meter_name(),
                    String.valueOf(properties.get("service.pid")), e.getMessage());
            refusal = ConfigurationRefusal.report(context, properties.get("service.pid"),
                    "power meter " + config.meter_name() + " is not polled", e);
            return;
        }
        component = "power.meter." + settings.name();
        Instant now = Instant.now();
        reading = new MeterReading(settings.name(), settings.role(), now, Map.of(), true, "not polled yet");
        health = Health.degraded("waiting for the first reading", now);
        poller = settings.map() == null ? null : new MeterPoller(settings.map(), settings.unitId());
        outage = new MeterOutage(settings.pollInterval().toMillis(), settings.endpoint().timeout().toMillis(),
                settings.endpoint().retries(), System.nanoTime());
        line = master.open(settings.endpoint());
        churn.record(System.currentTimeMillis(), line.statistics().reconnects(), line.statistics().retries());
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(HealthContributor.COMPONENT, component);
        healthRegistration = context.registerService(HealthContributor.class, () -> health, props);
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cabinetgw-power-meter-" + settings.name());
            t.setDaemon(true);
            return t;
        });
        executor.scheduleAtFixedRate(this::pollSafely, 0, settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("Power meter {} ({}) polls {} unit {} every {} ms with {}", settings.name(), settings.role(),
                settings.endpoint().describe(), settings.unitId(), settings.pollInterval().toMillis(),
                settings.map() == null ? "SunSpec discovery" : settings.map().name());
        Dictionary<String, Object> meterProps = ConfigurationRefusal.serviceProperties(properties);
        meterProps.put(Meter.NAME, settings.name());
        meterProps.put(Meter.ROLE, settings.role().name());
        meterRegistration = context.registerService(Meter.class, this, meterProps);
    }

    @Deactivate
    void deactivate() {
        refusal = ConfigurationRefusal.withdraw(refusal);
        meterRegistration = ConfigurationRefusal.withdraw(meterRegistration);
        if (executor != null) {
            executor.shutdownNow();
        }
        if (line != null) {
            line.close(); // unblocks a poll waiting for an answer
        }
        try {
            if (executor != null && !executor.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("Power meter {}: poll thread did not stop within 5 s", settings.name());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (healthRegistration != null) {
            try {
                healthRegistration.unregister();
            } catch (IllegalStateException e) {
                // already gone with the bundle
            }
        }
        handover.close(); // after the last publish: what is still held is counted lost
        if (settings != null && settings.telemetryEvery() > 0) {
            // the last number sent: a receiver tells a reading lost at a stop from the last one made
            LOG.info("Power meter {} stopped after {} telemetry message(s) ({} {})", settings.name(), sent,
                    TELEMETRY_SEQ, sent);
        }
    }

    @Override
    public String name() {
        return settings.name();
    }

    @Override
    public MeterRole role() {
        return settings.role();
    }

    @Override
    public MeterReading lastReading() {
        return reading;
    }

    private void pollSafely() {
        try {
            poll();
        } catch (RuntimeException e) {
            // a bug must not kill the schedule: the next poll runs anyway
            LOG.error("Power meter {}: unexpected error while polling", settings.name(), e);
            markStale("internal error: " + e);
        }
    }

    private void poll() {
        Instant now = Instant.now();
        try {
            MeterPoller p = poller;
            if (p == null) {
                SunSpecDiscovery.Found found = SunSpecDiscovery.discover(line, settings.unitId());
                p = new MeterPoller(found.map(), settings.unitId());
                poller = p;
                LOG.info("Power meter {}: SunSpec model {} at {} (marker at {})", settings.name(), found.modelId(),
                        found.modelAddress(), found.base());
            }
            MeterPoller.Values values = p.poll(line);
            reading = new MeterReading(settings.name(), settings.role(), now, values.numbers(), false, "", values.exact());
            outage.answered(System.nanoTime());
            LineStatistics statistics = countChurn(now);
            if (stale) {
                stale = false;
                logStaleChange(now, false, "");
                Events.post(events, PowerEvents.METER_STALE, PowerEvents.METER, settings.name(), PowerEvents.ROLE,
                        settings.role().name(), PowerEvents.STALE, false, PowerEvents.REASON, "answers again",
                        PowerEvents.TIMESTAMP, now.toEpochMilli());
            }
            if (churn.churning()) {
                setHealth(HealthState.DEGRADED, churnReason(), now);
            } else {
                setHealth(HealthState.UP, "", now);
            }
            sendTelemetry(values.exact(), statistics, now);
        } catch (ModbusException e) {
            countChurn(now);
            markStale(e.getMessage());
        } catch (IllegalStateException e) {
            markStale(e.getMessage()); // SunSpec discovery found no meter model
        }
    }

    private LineStatistics countChurn(Instant now) {
        LineStatistics statistics = line.statistics();
        churn.record(now.toEpochMilli(), statistics.reconnects(), statistics.retries());
        return statistics;
    }

    /** The first change to stale and back is logged; further ones within a minute only at DEBUG (the line sums them up). */
    private void logStaleChange(Instant now, boolean nowStale, String why) {
        boolean quiet = now.isBefore(lastStaleLog.plusSeconds(60));
        String text = nowStale ? "Power meter " + settings.name() + " readings are stale: " + why
                : "Power meter " + settings.name() + " answers again";
        if (quiet) {
            LOG.debug(text);
        } else if (nowStale) {
            LOG.warn(text);
        } else {
            LOG.info(text);
            lastStaleLog = now; // the pair is told; changes in the next minute are not
        }
    }

    private void markStale(String why) {
        Instant now = Instant.now();
        MeterReading last = reading;
        reading = new MeterReading(settings.name(), settings.role(), last.timestamp(), last.values(), true, why,
                last.exact());
        if (!stale) {
            stale = true;
            logStaleChange(now, true, why);
            Events.post(events, PowerEvents.METER_STALE, PowerEvents.METER, settings.name(), PowerEvents.ROLE,
                    settings.role().name(), PowerEvents.STALE, true, PowerEvents.REASON, why, PowerEvents.TIMESTAMP,
                    now.toEpochMilli());
        }
        if (outage.down(System.nanoTime())) {
            // nothing answered for the bound: an outage, whatever the line did before (never hidden as "unsteady")
            setHealth(HealthState.DOWN, "meter " + settings.name() + " has answered nothing for " + outage.downAfterSeconds()
                    + " s or more: " + why + (churn.churning() ? "; the line is also unsteady" : ""), now);
            return;
        }
        // a line that keeps dropping fails some polls and answers others: one steady sentence for both
        setHealth(HealthState.DEGRADED, churn.churning() ? churnReason()
                : "meter " + settings.name() + " is not answering: " + why, now);
    }

    private String churnReason() {
        return "meter " + settings.name() + ": the connection to " + settings.endpoint().describe() + " is unsteady, "
                + churn.describe() + " (DEGRADED above " + LineChurn.DEGRADED_ABOVE + ")";
    }

    /**
     * A new state or a new kind of reason is reported at once; a reason whose counts alone changed (they grow every
     * poll of an unsteady line) at most once a minute, keeping the state's {@code since}.
     */
    private void setHealth(HealthState state, String reason, Instant now) {
        Health previous = health;
        if (previous.state() == state && previous.reason().equals(reason)) {
            return;
        }
        Health next;
        if (previous.state() == state) {
            boolean countsOnly = previous.reason().replaceAll("\\d+", "#").equals(reason.replaceAll("\\d+", "#"));
            if (countsOnly && now.isBefore(reasonSince.plusSeconds(60))) {
                return;
            }
            next = new Health(state, reason, previous.since());
        } else {
            next = new Health(state, reason, now);
        }
        reasonSince = now;
        health = next;
        Events.healthChanged(events, component, previous, next);
    }

    /**
     * Sends the exact values (integers as integers, booleans as booleans, floats as their shortest decimal) and
     * the line's counters since it was opened: {@code line.reconnects}, {@code line.retries}, {@code line.failures};
     * and the message's number, {@code telemetry.seq}.
     */
    private void sendTelemetry(Map<String, Object> exact, LineStatistics statistics, Instant now) {
        if (settings.telemetryEvery() == 0 || polls++ % settings.telemetryEvery() != 0) {
            return;
        }
        Map<String, Object> metrics = new LinkedHashMap<>(exact);
        metrics.put(LINE_RECONNECTS, statistics.reconnects());
        metrics.put(LINE_RETRIES, statistics.retries());
        metrics.put(LINE_FAILURES, statistics.failures());
        metrics.put(TELEMETRY_SEQ, ++sent);
        // held while no uplink takes it; a refusal for good is logged by the hand-over
        handover.publish(new Message(Message.newId(), component, "power/" + settings.name(), Priority.TELEMETRY, now,
                metrics, ""));
    }
}
