package org.cabinetgw.failover.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.cabinetgw.failover.CabinetState;
import org.cabinetgw.failover.CabinetStatus;
import org.cabinetgw.failover.Dimension;
import org.cabinetgw.failover.DrillKind;
import org.cabinetgw.failover.DrillResult;
import org.cabinetgw.failover.Episode;
import org.cabinetgw.failover.FailoverCoordinator;
import org.cabinetgw.failover.FailoverEvents;
import org.cabinetgw.failover.Finding;
import org.cabinetgw.health.ConfigurationRefusal;
import org.cabinetgw.health.Health;
import org.cabinetgw.health.HealthContributor;
import org.cabinetgw.health.HealthEvents;
import org.cabinetgw.health.HealthState;
import org.cabinetgw.network.LinkManager;
import org.cabinetgw.network.LinkStatus;
import org.cabinetgw.network.NetworkEvents;
import org.cabinetgw.power.Meter;
import org.cabinetgw.power.MeterReading;
import org.cabinetgw.power.PowerEvents;
import org.cabinetgw.power.PowerMonitor;
import org.cabinetgw.power.PowerState;
import org.cabinetgw.power.PowerStatus;
import org.cabinetgw.storage.StorageEvents;
import org.cabinetgw.telemetry.Uplink;
import org.cabinetgw.uplink.TransportKind;
import org.cabinetgw.uplink.UplinkControl;
import org.cabinetgw.uplink.UplinkEvents;
import org.cabinetgw.uplink.UplinkSnapshot;
import org.cabinetgw.uplink.UplinkStatus;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
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
 * The failover coordinator. Every event and every change of a service it uses is handed to one thread
 * ({@code cabinetgw-failover-coordinator}), which re-assesses the cabinet, applies the rules, keeps the
 * episodes and writes the history; so the state needs no locks and the order of what happened is kept.
 * Every capability is optional: a cabinet without a UPS meter, a second link or an uplink is assessed on
 * what it has.
 */
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=\"org.cabinetgw.failover.FailoverCoordinator\"")
@Component(configurationPid = Coordinator.PID,
        // it watches all the time (deadlocks, timers, scheduled drills), not only when someone asks
        immediate = true,
        // registered by hand once the configuration is accepted (a refused one throws nothing: ConfigurationRefusal)
        service = {},
        property = {
                HealthContributor.COMPONENT + "=" + Coordinator.HEALTH_NAME,
                EventConstants.EVENT_TOPIC + "=" + HealthEvents.CHANGED,
                EventConstants.EVENT_TOPIC + "=" + PowerEvents.TOPIC_PREFIX + "*",
                EventConstants.EVENT_TOPIC + "=" + NetworkEvents.TOPIC_PREFIX + "*",
                EventConstants.EVENT_TOPIC + "=" + UplinkEvents.TOPIC_PREFIX + "*",
                EventConstants.EVENT_TOPIC + "=" + StorageEvents.TOPIC_PREFIX + "*" })
@Designate(ocd = CoordinatorConfig.class)
public class Coordinator implements FailoverCoordinator, EventHandler, HealthContributor {

    static final String PID = "org.cabinetgw.failover.coordinator";
    static final String HEALTH_NAME = "failover.cabinet";
    /** Framework property naming the gateway's data directory. */
    static final String DATA_DIR = "cabinetgw.data.dir";
    private static final Logger LOG = LoggerFactory.getLogger(Coordinator.class);

    private record Contributor(String name, HealthContributor service, Bundle bundle) {
    }

    private final Clock clock = Clock.systemUTC();
    private final Map<Long, Contributor> contributors = new ConcurrentHashMap<>();
    private final Map<Long, Meter> upsMeters = new ConcurrentHashMap<>();
    private final Map<Long, RuleComponent> rules = new ConcurrentHashMap<>();

    @Reference
    private EventAdmin eventAdmin;
    private volatile PowerMonitor powerMonitor;
    private volatile LinkManager linkManager;
    private volatile UplinkStatus uplinkStatus;
    private volatile UplinkControl uplinkControl;
    private volatile Uplink uplink;
    // alarms, state and episodes for the cloud, held while no uplink takes them (its bundle being replaced)
    private final UplinkHandover handover = new UplinkHandover(() -> uplink);

    // Owned by the coordinator thread.
    private final StorageView storage = new StorageView();
    private final EpisodeTracker episodes = new EpisodeTracker();
    private final RuleEngine engine = new RuleEngine();
    private final DeadlockWatch deadlockWatch = new DeadlockWatch();
    private List<String> deadlocked = List.of();
    private CabinetAssessment assessment;
    private RuleEngine.Actuator actuator;

    private final Object lifecycle = new Object();
    private ScheduledExecutorService executor;
    private DrillSchedule drillSchedule;
    private CoordinatorSettings settings;
    private HistoryStore history;
    private DrillRunner drills;
    private Announcer announcer;
    private BundleContext context;

    private volatile CabinetStatus status;
    private final StatePublication publication = new StatePublication();
    // the power source the last assessment saw: a change of it is never wording only
    private volatile PowerState powerSource;
    private volatile Health health;
    private volatile DrillKind drilling;
    private volatile String abortReason;
    private volatile String historyProblem;
    // Until then rules do not act and state changes stay off the uplink (see startup.settle.seconds).
    private volatile Instant settledAt = Instant.MIN;
    /** The services, once the configuration is accepted; or the refusal (config:<pid>), not both. */
    private ServiceRegistration<?> registration;
    private ServiceRegistration<HealthContributor> refusal;

    @Activate
    void activate(BundleContext context, CoordinatorConfig config, Map<String, Object> properties) throws IOException {
        CoordinatorSettings s;
        try {
            s = CoordinatorSettings.from(config);
        } catch (IllegalArgumentException e) {
            LOG.debug("Failover coordinator configuration refused", e);
            refusal = ConfigurationRefusal.report(context, PID, "the failover coordinator is not started", e);
            return;
        }
        Instant now = clock.instant();
        HistoryStore h = new HistoryStore(historyFile(context), s.historyMaxEpisodes());
        int corrupt;
        try {
            corrupt = h.open();
        } catch (IOException | UncheckedIOException e) {
            // A read-only or full data filesystem must not take the coordinator down with it: it is needed most
            // then. Episodes are kept in memory and the cabinet state says the history is not being written.
            LOG.error("Failover history {} cannot be opened ({}); episodes are kept in memory only", historyFile(context),
                    e.getMessage());
            historyProblem = "failover history not written (" + e.getMessage() + ")";
            h = HistoryStore.inMemory(s.historyMaxEpisodes());
            corrupt = h.open();
        }
        synchronized (lifecycle) {
            this.context = context;
            this.settings = s;
            this.history = h;
            this.assessment = new CabinetAssessment(s.upsCritical().toSeconds());
            this.actuator = new BundleActuator(context, handover, () -> uplinkControl, this::bundleOf, s.alarmTopic());
            this.announcer = new Announcer(eventAdmin, handover, HEALTH_NAME, s.telemetryTopic(), s.alarmTopic());
            this.status = new CabinetStatus(CabinetState.NORMAL, now, List.of());
            this.health = Health.up(now);
            this.drills = new DrillRunner(drillHost(), clock, s.targets());
            this.executor = Threads.singleScheduler("cabinetgw-failover-coordinator");
            this.settledAt = now.plus(s.startupSettle());
        }
        int damaged = corrupt;
        submit(() -> {
            episodes.resume(history.newest(s.historyMaxEpisodes()));
            rules.forEach((id, r) -> putRule(id, r));
            if (damaged > 0) {
                LOG.warn("Failover history {}: {} damaged line(s) skipped", historyFile(context), damaged);
                post(FailoverEvents.HISTORY_CORRUPT, Map.of(FailoverEvents.COUNT, (long) damaged, FailoverEvents.REASON,
                        damaged + " damaged line(s) skipped in the failover history; a copy was kept beside it"));
            }
            assess();
        });
        // Once a second: a component DOWN under a COMPONENT_DOWN rule is waited for to the second; everything
        // else is re-read every recheck interval only (events bring changes at once).
        long recheckTicks = s.recheck().toSeconds();
        int[] ticks = { 0 };
        executor.scheduleWithFixedDelay(guarded(() -> {
            handover.flush(); // the same uplink taking messages again after refusing them as UNAVAILABLE
            if (++ticks[0] >= recheckTicks || engine.waitingOnTime()) {
                ticks[0] = 0;
                assess();
            }
        }), 1, 1, TimeUnit.SECONDS);
        if (!s.deadlockCheck().isZero()) {
            executor.scheduleWithFixedDelay(guarded(this::checkDeadlocks), 0, s.deadlockCheck().toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        if (!s.startupSettle().isZero()) {
            executor.schedule(guarded(this::settled), s.startupSettle().toMillis(), TimeUnit.MILLISECONDS);
        }
        DrillRunner runner = drills;
        drillSchedule = DrillSchedule.start(s.drillSchedule(), s.scheduledDrills().stream().sorted().toList(), runner::run);
        LOG.info("Failover coordinator active; history {} ({} episodes)", historyFile(context), h.size());
        registration = context.registerService(new String[] {FailoverCoordinator.class.getName(),
            EventHandler.class.getName(), HealthContributor.class.getName()}, this,
                ConfigurationRefusal.serviceProperties(properties));
    }

    @Deactivate
    void deactivate() {
        refusal = ConfigurationRefusal.withdraw(refusal);
        registration = ConfigurationRefusal.withdraw(registration);
        if (settings == null) {
            return; // refused: nothing was started
        }
        ScheduledExecutorService e;
        synchronized (lifecycle) {
            e = executor;
            executor = null;
        }
        // First undo whatever a running drill forced: the services are still bound now.
        drills.close();
        if (drillSchedule != null) {
            drillSchedule.close();
        }
        if (e != null) {
            e.shutdownNow();
            try {
                e.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException x) {
                Thread.currentThread().interrupt();
            }
        }
        // Nobody would lift a restriction we leave behind; a coordinator that comes back re-applies it.
        UplinkControl c = uplinkControl;
        if (engine.telemetryRestricted() && c != null) {
            LOG.info("Failover coordinator stopping: lifting the telemetry restriction held by {}",
                    engine.restrictionReason());
            try {
                c.unrestrict();
            } catch (RuntimeException x) {
                LOG.warn("Lifting the telemetry restriction failed: {}", x.toString());
            }
        }
        try {
            history.close();
        } catch (IOException x) {
            LOG.warn("Closing the failover history: {}", x.getMessage());
        }
    }

    private static Path historyFile(BundleContext context) {
        String dir = context.getProperty(DATA_DIR);
        if (dir != null && !dir.isBlank()) {
            return Path.of(dir, "failover", "history.jsonl");
        }
        return context.getDataFile("history.jsonl").toPath();
    }

    // ---- services -------------------------------------------------------------------------------------------

    @Override
    public CabinetStatus status() {
        return status;
    }

    @Override
    public List<Episode> history(int max) {
        return max < 1 ? List.of() : history.newest(max);
    }

    @Override
    public DrillResult drill(DrillKind kind) throws InterruptedException {
        return drills.run(Objects.requireNonNull(kind, "kind"));
    }

    @Override
    public Health health() {
        return health;
    }

    @Override
    public void handleEvent(Event event) {
        Map<String, Object> props = new HashMap<>();
        for (String name : event.getPropertyNames()) {
            props.put(name, event.getProperty(name));
        }
        Instant at = clock.instant();
        String topic = event.getTopic();
        if (HealthEvents.CHANGED.equals(topic) && HEALTH_NAME.equals(props.get(HealthEvents.COMPONENT))) {
            return; // our own announcement: the cabinet state is not an input of itself
        }
        // A drill waits for exactly these; hand them over at once rather than behind the queue.
        drills.offer(topic, props, at);
        submit(() -> onEvent(topic, props, at));
    }

    // ---- references: all optional and dynamic --------------------------------------------------------------

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            target = "(!(" + HealthContributor.COMPONENT + "=" + HEALTH_NAME + "))")
    void addContributor(ServiceReference<HealthContributor> ref, HealthContributor service) {
        contributors.put((Long) ref.getProperty(Constants.SERVICE_ID), new Contributor(componentName(ref), service, ref.getBundle()));
        submit(this::assess);
    }

    void updatedContributor(ServiceReference<HealthContributor> ref, HealthContributor service) {
        addContributor(ref, service);
    }

    void removeContributor(ServiceReference<HealthContributor> ref, HealthContributor service) {
        contributors.remove((Long) ref.getProperty(Constants.SERVICE_ID));
        submit(this::assess);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            target = "(" + Meter.ROLE + "=UPS)")
    void addMeter(ServiceReference<Meter> ref, Meter meter) {
        upsMeters.put((Long) ref.getProperty(Constants.SERVICE_ID), meter);
        submit(this::assess);
    }

    void removeMeter(ServiceReference<Meter> ref, Meter meter) {
        upsMeters.remove((Long) ref.getProperty(Constants.SERVICE_ID));
        submit(this::assess);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addRule(ServiceReference<RuleComponent> ref, RuleComponent rule) {
        long id = (Long) ref.getProperty(Constants.SERVICE_ID);
        rules.put(id, rule);
        submit(() -> {
            putRule(id, rule);
            assess();
        });
    }

    void updatedRule(ServiceReference<RuleComponent> ref, RuleComponent rule) {
        addRule(ref, rule);
    }

    void removeRule(ServiceReference<RuleComponent> ref, RuleComponent rule) {
        long id = (Long) ref.getProperty(Constants.SERVICE_ID);
        rules.remove(id);
        submit(() -> record(engine.remove(id, clock.instant(), actuator)));
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setPowerMonitor(PowerMonitor s) {
        powerMonitor = s;
        submit(this::assess);
    }

    void unsetPowerMonitor(PowerMonitor s) {
        if (powerMonitor == s) {
            powerMonitor = null;
        }
        submit(this::assess);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setLinkManager(LinkManager s) {
        linkManager = s;
        submit(this::assess);
    }

    void unsetLinkManager(LinkManager s) {
        if (linkManager == s) {
            linkManager = null;
        }
        submit(this::assess);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setUplinkStatus(UplinkStatus s) {
        uplinkStatus = s;
        submit(this::assess);
    }

    void unsetUplinkStatus(UplinkStatus s) {
        if (uplinkStatus == s) {
            uplinkStatus = null;
        }
        submit(this::assess);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setUplinkControl(UplinkControl s) {
        uplinkControl = s;
        // a restriction is not persisted by the uplink: a new (or restarted) uplink learns it from us
        submit(this::reapplyTelemetryRestriction);
    }

    private void reapplyTelemetryRestriction() {
        String why = engine.restrictionReason();
        UplinkControl c = uplinkControl;
        if (why != null && c != null && BundleActuator.restrict(c, why)) {
            LOG.info("Uplink control (re)bound: telemetry cut to alarms only again ({})", why);
        }
    }

    void unsetUplinkControl(UplinkControl s) {
        if (uplinkControl == s) {
            uplinkControl = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setUplink(Uplink s) {
        uplink = s;
        // what was raised while the uplink's bundle was being replaced goes out now, off SCR's thread
        ScheduledExecutorService e;
        synchronized (lifecycle) {
            e = executor;
        }
        if (e != null && !e.isShutdown()) {
            e.execute(guarded(handover::flush));
        }
    }

    void unsetUplink(Uplink s) {
        if (uplink == s) {
            uplink = null;
        }
    }

    // ---- the coordinator thread ------------------------------------------------------------------------------

    /**
     * A task that logs what broke instead of throwing: one bad input must not stop the coordinator, and a
     * periodic task that throws would silently never run again.
     */
    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("Failover coordinator task failed", e);
            }
        };
    }

    private void submit(Runnable task) {
        synchronized (lifecycle) {
            if (executor == null) {
                return; // not active (yet, or any more): activate() reads everything anyway
            }
            try {
                executor.execute(guarded(task));
            } catch (RejectedExecutionException e) {
                // deactivating
            }
        }
    }

    private void putRule(long id, RuleComponent rule) {
        RuleSettings s = rule.settings();
        if (s != null) {
            engine.put(id, s);
        }
    }

    private void onEvent(String topic, Map<String, Object> props, Instant at) {
        List<EpisodeTracker.Change> changes = new ArrayList<>();
        String drillLabel = drilling == null ? null : "drill";
        if (topic.startsWith(StorageEvents.TOPIC_PREFIX)) {
            Object array = props.get(StorageEvents.ARRAY);
            StorageView.ArrayState before = array == null ? null : storage.snapshot().arrays().get(array);
            if (storage.accept(topic, props) && array != null) {
                StorageView.ArrayState after = storage.snapshot().arrays().get(array);
                if (after != null) {
                    changes.addAll(episodes.raid(before, after, at));
                }
            }
        } else {
            if (topic.startsWith(PowerEvents.TOPIC_PREFIX)) {
                PowerMonitor pm = powerMonitor;
                episodes.judgeMainsBy(pm == null ? null : read(pm::status, "power monitor"));
            }
            changes.addAll(episodes.accept(topic, props, at, drillLabel));
        }
        if (NetworkEvents.SWITCHED.equals(topic)
                && NetworkEvents.SwitchCause.FAILOVER.name().equals(props.get(NetworkEvents.CAUSE))) {
            linkFailover(props, at);
        }
        store(changes);
        assess();
    }

    private void linkFailover(Map<String, Object> p, Instant at) {
        Map<String, Object> e = new HashMap<>();
        copy(p, NetworkEvents.PREVIOUS_LINK, e, FailoverEvents.LINK);
        copy(p, NetworkEvents.LINK, e, FailoverEvents.TO_LINK);
        copy(p, NetworkEvents.FAULT_FIRST_SEEN, e, FailoverEvents.FIRST_SEEN);
        copy(p, NetworkEvents.DECLARED_DOWN, e, FailoverEvents.DECLARED);
        copy(p, NetworkEvents.ROUTE_SWITCHED, e, FailoverEvents.SWITCHED);
        copy(p, NetworkEvents.FAULT_TO_SWITCH_MILLIS, e, FailoverEvents.FAULT_TO_SWITCH_MILLIS);
        post(FailoverEvents.LINK_FAILOVER, e);
        String reason = "link " + p.get(NetworkEvents.PREVIOUS_LINK) + " failed over to " + p.get(NetworkEvents.LINK)
                + (p.get(NetworkEvents.FAULT_TO_SWITCH_MILLIS) instanceof Number n ? " in " + n.longValue() + " ms" : "");
        LOG.info("{}", reason);
        record(engine.occurred(RuleSettings.Condition.LINK_FAILOVER, String.valueOf(p.get(NetworkEvents.PREVIOUS_LINK)),
                reason, drilledDimension(), at, actuator));
    }

    private static void copy(Map<String, Object> from, String key, Map<String, Object> to, String as) {
        Object v = from.get(key);
        if (v != null) {
            to.put(as, v);
        }
    }

    /** True when any power meter service is registered (whatever its role). */
    private boolean anyMeter() {
        try {
            BundleContext c = context;
            return c != null && c.getServiceReferences(Meter.class, null).size() > 0;
        } catch (org.osgi.framework.InvalidSyntaxException | IllegalStateException e) {
            return true; // cannot tell: keep reporting what the power monitor says
        }
    }

    /**
     * The startup settle time is over: the state as it is now goes out once, and the rules see it (a condition that
     * was there from the start acts now; one that was only a start-up transient never did).
     */
    private void settled() {
        LOG.info("Failover coordinator settled after start: cabinet {}; rules act from now on", status.state());
        CabinetStatus now = status;
        if (publication.due(now, powerSource, clock.instant())) {
            announcer.publishState(now);
        }
        assess();
    }

    /** Reads everything, computes the cabinet state, announces a change, applies the rules. */
    void assess() {
        Instant now = clock.instant();
        boolean settling = now.isBefore(settledAt);
        Map<String, Health> components = readComponents(now);
        PowerStatus power = read(() -> powerMonitor == null ? null : powerMonitor.status(), "power monitor");
        if (power != null && power.state() == PowerState.UNKNOWN && !anyMeter()) {
            // No meter at all: the site does not monitor power, which is not a lost redundancy.
            power = null;
        }
        LinkManager lm = linkManager;
        List<LinkStatus> links = lm == null ? List.of() : Objects.requireNonNullElse(read(lm::links, "link manager"), List.of());
        String active = lm == null ? null : read(() -> lm.activeLink().map(LinkStatus::name).orElse(null), "link manager");
        UplinkStatus us = uplinkStatus;
        UplinkSnapshot snapshot = us == null ? null : read(us::snapshot, "uplink status");
        DrillKind drill = drilling;
        AssessmentInput in = new AssessmentInput(components, power, upsRuntime(), links, active, snapshot,
                storage.snapshot(), deadlocked, drill);
        List<Finding> findings = assessment.findings(in);
        String problem = historyProblem;
        if (problem != null) {
            findings = new ArrayList<>(findings);
            findings.add(new Finding(Dimension.SOFTWARE, CabinetState.DEGRADED, problem));
        }
        CabinetStatus previous = status;
        CabinetStatus next = CabinetAssessment.next(previous, findings, now);
        if (drill != null) {
            abortReason = outsideDrill(findings, drill);
        }
        if (!next.state().equals(previous.state()) || !next.findings().equals(previous.findings())) {
            status = next;
            announce(previous, next);
        }
        powerSource = power == null ? null : power.state();
        // also when nothing changed now: a change of wording held back earlier goes out once its interval is over
        if (!settling && publication.due(status, powerSource, now)) {
            announcer.publishState(status);
        }
        if (power != null) {
            store(episodes.mainsLost(power, now));
        }
        if (!episodes.openEpisodes().isEmpty()) {
            store(episodes.reconcile(power == null ? null : power.state(), active,
                    snapshot == null ? null : snapshot.activeTransport(), components, now));
        }
        if (settling) {
            return;
        }
        Map<Dimension, String> openEpisodes = new java.util.EnumMap<>(Dimension.class);
        episodes.openEpisodes().forEach(e -> openEpisodes.put(e.dimension(), e.id()));
        RuleEngine.Situation situation = new RuleEngine.Situation(power == null ? null : power.state(),
                MainsLoss.reason(power), snapshot != null && snapshot.activeTransport() != TransportKind.MQTT,
                storage.snapshot().anyArrayDegraded(), next.state(), components, drilledDimension(), openEpisodes);
        record(engine.evaluate(situation, now, actuator));
    }

    private Map<String, Health> readComponents(Instant now) {
        Map<String, Health> out = new HashMap<>();
        for (Contributor c : contributors.values()) {
            if (HEALTH_NAME.equals(c.name())) {
                continue;
            }
            Health h;
            try {
                h = c.service().health();
                if (h == null) {
                    h = Health.down("reported no health", now);
                }
            } catch (RuntimeException e) {
                h = Health.down("health check failed: " + e, now);
            }
            out.merge(c.name(), h, (a, b) -> a.state().compareTo(b.state()) >= 0 ? a : b);
        }
        return out;
    }

    private Double upsRuntime() {
        Double least = null;
        for (Meter m : upsMeters.values()) {
            try {
                var v = m.lastReading().fresh(MeterReading.RUNTIME_LEFT);
                if (v.isPresent() && (least == null || v.getAsDouble() < least)) {
                    least = v.getAsDouble();
                }
            } catch (RuntimeException e) {
                LOG.debug("UPS meter reading failed: {}", e.toString());
            }
        }
        return least;
    }

    private interface Read<T> {
        T get();
    }

    /** A capability that throws (going away under us) counts as absent for this assessment. */
    private static <T> T read(Read<T> r, String what) {
        try {
            return r.get();
        } catch (RuntimeException e) {
            LOG.debug("Reading the {} failed: {}", what, e.toString());
            return null;
        }
    }

    private String outsideDrill(List<Finding> findings, DrillKind drill) {
        for (Finding f : findings) {
            boolean provoked = f.dimension() == Dimension.UPLINK
                    // moving the route may make MQTT reconnect, briefly over HTTP: part of a link drill too
                    || drill == DrillKind.LINK && f.dimension() == Dimension.NETWORK && f.severity() != CabinetState.CRITICAL;
            if (!provoked || f.severity() == CabinetState.CRITICAL) {
                return "the cabinet degraded meanwhile: " + f.phrase();
            }
        }
        return null;
    }

    private Dimension drilledDimension() {
        DrillKind d = drilling;
        return d == null ? null : d == DrillKind.LINK ? Dimension.NETWORK : Dimension.UPLINK;
    }

    private void announce(CabinetStatus previous, CabinetStatus next) {
        announcer.cabinetChanged(previous, next);
        HealthState hs = switch (next.state()) {
            case NORMAL -> HealthState.UP;
            case DEGRADED -> HealthState.DEGRADED;
            case CRITICAL -> HealthState.DOWN;
        };
        Health old = health;
        Health h = old.next(hs, next.summary(), next.since());
        if (h != old) {
            health = h;
            announcer.healthChanged(HEALTH_NAME, old, h);
        }
    }

    /** Records what the rules did: events, and actions in the episodes they belong to. */
    private void record(List<RuleEngine.Taken> taken) {
        if (taken.isEmpty()) {
            return;
        }
        List<EpisodeTracker.Change> changes = new ArrayList<>();
        for (RuleEngine.Taken t : taken) {
            Map<String, Object> p = new HashMap<>();
            p.put(FailoverEvents.RULE, t.rule());
            p.put(FailoverEvents.ACTION_KIND, t.action());
            p.put(FailoverEvents.TARGET, t.target());
            p.put(FailoverEvents.REASON, t.reason());
            post(t.action().equals("ESCALATE") ? FailoverEvents.ESCALATED : FailoverEvents.ACTION, p);
            String what = describe(t);
            if (t.component() != null) {
                String key = "component:" + t.component();
                if (t.action().equals("RECOVERED")) {
                    episodes.end(key, t.at(), "restored", changes);
                    continue;
                }
                Instant since = t.faultSince() == null ? t.at() : t.faultSince();
                episodes.start(key, t.dimension(), "component " + t.component(), since, t.at(), changes);
                episodes.addAction(key, t.at(), what, changes);
                if (t.action().equals("ESCALATE")) {
                    episodes.outcome(key, "escalated", changes);
                }
            } else if (t.dimension() != null) {
                episodes.addActionTo(t.dimension(), t.at(), what, changes);
            }
        }
        store(changes);
    }

    private static String describe(RuleEngine.Taken t) {
        return switch (t.action()) {
            case "ALARM" -> "alarm (" + t.rule() + "): " + t.reason();
            case "STOP_BUNDLES" -> "stopped " + t.target() + " (" + t.rule() + ")";
            case "START_BUNDLES" -> "started " + t.target() + " again (" + t.rule() + ")";
            case "RESTART_BUNDLE" -> "restarted the bundle of " + t.target() + " (" + t.rule() + "): " + t.reason();
            case "ESCALATE" -> "escalated (" + t.rule() + "): " + t.reason();
            case "TELEMETRY_ALARMS_ONLY" -> "telemetry cut to alarms only (" + t.rule() + ")";
            case "TELEMETRY_RESTORED" -> "all telemetry goes out again (" + t.rule() + ")";
            default -> t.action() + " " + t.target();
        };
    }

    private void store(List<EpisodeTracker.Change> changes) {
        for (EpisodeTracker.Change c : changes) {
            Episode e = c.episode();
            try {
                history.put(e);
            } catch (UncheckedIOException | IllegalStateException x) {
                LOG.error("Failover episode {} not stored: {}", e.id(), x.getMessage());
                historyProblem = "failover history not written (" + x.getMessage() + ")";
            }
            if (c.started() || c.ended()) {
                announcer.episode(c.started() ? FailoverEvents.EPISODE_STARTED : FailoverEvents.EPISODE_ENDED, e);
            }
        }
    }

    private void checkDeadlocks() {
        List<String> now = deadlockWatch.deadlocked();
        if (now.equals(deadlocked)) {
            return;
        }
        deadlocked = now;
        if (!now.isEmpty()) {
            String reason = now.size() + " deadlocked thread(s): " + String.join(", ", now);
            LOG.error("{}", reason);
            post(FailoverEvents.DEADLOCK, Map.of(FailoverEvents.THREADS, now.toArray(new String[0]),
                    FailoverEvents.REASON, reason));
            actuator.alarm("deadlock", reason);
            record(engine.occurred(RuleSettings.Condition.DEADLOCK, "threads", reason, null, clock.instant(), actuator));
        }
        assess();
    }

    private DrillRunner.Host drillHost() {
        return new DrillRunner.Host() {
            @Override
            public CabinetStatus status() {
                return status;
            }

            @Override
            public LinkManager linkManager() {
                return linkManager;
            }

            @Override
            public UplinkControl uplinkControl() {
                return uplinkControl;
            }

            @Override
            public UplinkStatus uplinkStatus() {
                return uplinkStatus;
            }

            @Override
            public void drilling(DrillKind kind) {
                abortReason = null;
                drilling = kind;
                if (kind != null) {
                    Map<String, Object> p = new HashMap<>();
                    p.put(FailoverEvents.DRILL, kind.name());
                    post(FailoverEvents.DRILL_STARTED, p);
                }
                submit(Coordinator.this::assess);
            }

            @Override
            public String abortReason() {
                return abortReason;
            }

            @Override
            public void finished(DrillResult r, Episode e) {
                Map<String, Object> p = new HashMap<>();
                p.put(FailoverEvents.DRILL, r.kind().name());
                p.put(FailoverEvents.OUTCOME, r.outcome().name());
                p.put(FailoverEvents.REASON, r.detail());
                p.put(FailoverEvents.FAILOVER_MILLIS, r.failoverMillis());
                p.put(FailoverEvents.FAILBACK_MILLIS, r.failbackMillis());
                post(FailoverEvents.DRILL_FINISHED, p);
                if (e != null) {
                    submit(() -> store(List.of(new EpisodeTracker.Change(e, false, true))));
                }
                if (r.outcome() == DrillResult.Outcome.FAILED || r.outcome() == DrillResult.Outcome.ABORTED) {
                    actuator.alarm("drill", "failover drill " + r.kind() + " " + r.outcome() + ": " + r.detail());
                }
            }
        };
    }

    private void post(String topic, Map<String, Object> props) {
        announcer.post(topic, props);
    }

    private Bundle bundleOf(String component) {
        for (Contributor c : contributors.values()) {
            if (c.name().equals(component)) {
                return c.bundle();
            }
        }
        return null;
    }

    private static String componentName(ServiceReference<?> ref) {
        Object name = ref.getProperty(HealthContributor.COMPONENT);
        if (name instanceof String s && !s.isBlank()) {
            return s;
        }
        Object pid = ref.getProperty(Constants.SERVICE_PID);
        return pid != null ? String.valueOf(pid) : "service." + ref.getProperty(Constants.SERVICE_ID);
    }
}
