package org.cabinetgw.failover.internal;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.cabinetgw.failover.CabinetStatus;
import org.cabinetgw.failover.DrillKind;
import org.cabinetgw.failover.DrillResult;
import org.cabinetgw.failover.Episode;
import org.cabinetgw.failover.FailoverCoordinator;
import org.cabinetgw.failover.FailoverEvents;
import org.cabinetgw.ha.HaEvents;
import org.cabinetgw.ha.HaPair;
import org.cabinetgw.handover.internal.UplinkHandover;
import org.cabinetgw.health.ConfigurationRefusal;
import org.cabinetgw.health.Health;
import org.cabinetgw.health.HealthContributor;
import org.cabinetgw.health.HealthEvents;
import org.cabinetgw.network.LinkManager;
import org.cabinetgw.network.NetworkEvents;
import org.cabinetgw.power.Meter;
import org.cabinetgw.power.PowerEvents;
import org.cabinetgw.power.PowerMonitor;
import org.cabinetgw.storage.StorageEvents;
import org.cabinetgw.telemetry.Uplink;
import org.cabinetgw.uplink.UplinkControl;
import org.cabinetgw.uplink.UplinkEvents;
import org.cabinetgw.uplink.UplinkStatus;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
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
                EventConstants.EVENT_TOPIC + "=" + StorageEvents.TOPIC_PREFIX + "*",
                EventConstants.EVENT_TOPIC + "=" + HaEvents.TOPIC_PREFIX + "*" })
@Designate(ocd = CoordinatorConfig.class)
public class Coordinator implements FailoverCoordinator, EventHandler, HealthContributor {

    static final String PID = "org.cabinetgw.failover.coordinator";
    static final String HEALTH_NAME = "failover.cabinet";
    private static final Logger LOG = LoggerFactory.getLogger(Coordinator.class);

    private final Clock clock = Clock.systemUTC();
    private final Map<Long, RuleComponent> rules = new ConcurrentHashMap<>();

    @Reference
    private EventAdmin eventAdmin;
    // the optional services, bound and unbound by the methods below
    private final Capabilities services = new Capabilities();
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile DrillPermit drillPermit; // absent on the standby of a pair: no drills there
    // alarms, state and episodes for the cloud, held while no uplink takes them (its bundle being replaced)
    private final UplinkHandover handover = new UplinkHandover("failover coordinator", services::uplink);

    // Owned by the coordinator thread.
    private final StorageView storage = new StorageView();
    private final EpisodeTracker episodes = new EpisodeTracker();
    private final RuleEngine engine = new RuleEngine();
    private final DeadlockWatch deadlockWatch = new DeadlockWatch();
    private RuleEngine.Actuator actuator;
    private ActionJournal journal;
    private AssessmentCycle cycle;
    private EventIntake intake;

    private final Object lifecycle = new Object();
    /** The thread that owns the state above (see CoordinatorThread). */
    private final CoordinatorThread thread = new CoordinatorThread("cabinetgw-failover-coordinator");
    private DrillSchedule drillSchedule;
    private CoordinatorSettings settings;
    private HistoryStore history;
    private DrillRunner drills;
    private Announcer announcer;
    private BundleContext context;

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
        // in memory when the data filesystem is read-only or full: the cabinet state then says so
        HistoryOpening opened = HistoryOpening.open(context, s.historyMaxEpisodes());
        HistoryStore h = opened.store();
        String historyProblem = opened.problem();
        int corrupt = opened.corrupt();
        synchronized (lifecycle) {
            this.context = context;
            this.settings = s;
            this.history = h;
            this.actuator = new BundleActuator(context, handover, services::uplinkControl, services::bundleOf,
                    s.alarmTopic());
            this.announcer = new Announcer(eventAdmin, handover, HEALTH_NAME, s.telemetryTopic(), s.alarmTopic());
            this.journal = new ActionJournal(episodes, h, announcer, historyProblem);
            this.cycle = new AssessmentCycle(services, storage, episodes, engine, actuator, journal, announcer,
                    new CabinetAssessment(s.upsCritical().toSeconds()), clock, this::anyMeter, HEALTH_NAME,
                    now.plus(s.startupSettle()));
            this.intake = new EventIntake(services, storage, episodes, engine, actuator, journal, announcer, cycle);
            this.drills = new DrillRunner(new DrillHost(services, cycle, announcer, journal, actuator, this::submit),
                    clock, s.targets());
            this.drills.refuseWhen(() -> drillPermit == null ? DrillPermit.NOT_ACTING : null);
            ActionJournal j = journal;
            Announcer a = announcer;
            cycle.pairEpisodes(new PairEpisodes(episodes, services::pairStatus, services::uplinkSnapshot,
                    PairEpisodes.on(thread::executor), j::store, a::post, clock::instant,
                    s.pairSilenceEpisode()));
            thread.start(); // last: a task submitted from now on finds everything above in place
        }
        int damaged = corrupt;
        submit(() -> {
            episodes.resume(history.newest(s.historyMaxEpisodes()));
            rules.forEach((id, r) -> putRule(id, r));
            if (damaged > 0) {
                LOG.warn("Failover history {}: {} damaged line(s) skipped", opened.file(), damaged);
                post(FailoverEvents.HISTORY_CORRUPT, Map.of(FailoverEvents.COUNT, (long) damaged, FailoverEvents.REASON,
                        damaged + " damaged line(s) skipped in the failover history; a copy was kept beside it"));
            }
            cycle.assess();
        });
        // Once a second: a component DOWN under a COMPONENT_DOWN rule is waited for to the second; everything
        // else is re-read every recheck interval only (events bring changes at once).
        long recheckTicks = s.recheck().toSeconds();
        int[] ticks = { 0 };
        thread.scheduleWithFixedDelay(() -> {
            handover.flush(); // the same uplink taking messages again after refusing them as UNAVAILABLE
            if (++ticks[0] >= recheckTicks || engine.waitingOnTime()) {
                ticks[0] = 0;
                cycle.assess();
            }
        }, 1, 1, TimeUnit.SECONDS);
        if (!s.deadlockCheck().isZero()) {
            thread.scheduleWithFixedDelay(this::checkDeadlocks, 0, s.deadlockCheck().toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        if (!s.startupSettle().isZero()) {
            thread.schedule(cycle::settled, s.startupSettle().toMillis(), TimeUnit.MILLISECONDS);
        }
        DrillRunner runner = drills;
        drillSchedule = DrillSchedule.start(s.drillSchedule(), s.scheduledDrills().stream().sorted().toList(), runner::run);
        LOG.info("Failover coordinator active; history {} ({} episodes)", opened.file(), h.size());
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
        // First undo whatever a running drill forced: the services are still bound now.
        drills.close();
        if (drillSchedule != null) {
            drillSchedule.close();
        }
        thread.stop();
        // Nobody would lift a restriction we leave behind; a coordinator that comes back re-applies it.
        UplinkControl c = services.uplinkControl();
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

    // ---- services -------------------------------------------------------------------------------------------

    @Override
    public CabinetStatus status() {
        return cycle.status();
    }

    /** The pair's heartbeat gaps (not episodes) since this instance started; null before it started. */
    HeartbeatGaps heartbeatGaps() {
        AssessmentCycle c = cycle;
        PairEpisodes p = c == null ? null : c.pairEpisodes();
        return p == null ? null : p.gaps();
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
        return cycle.health();
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
        submit(() -> intake.onEvent(topic, props, at));
    }

    // ---- references: all optional and dynamic --------------------------------------------------------------

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setHaPair(HaPair pair) {
        services.setHaPair(pair);
        submit(this::assess);
    }

    void unsetHaPair(HaPair pair) {
        services.unsetHaPair(pair);
        submit(this::assess);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            target = "(!(" + HealthContributor.COMPONENT + "=" + HEALTH_NAME + "))")
    void addContributor(ServiceReference<HealthContributor> ref, HealthContributor service) {
        services.putContributor((Long) ref.getProperty(Constants.SERVICE_ID), Capabilities.componentName(ref), service,
                ref.getBundle());
        submit(this::assess);
    }

    void updatedContributor(ServiceReference<HealthContributor> ref, HealthContributor service) {
        addContributor(ref, service);
    }

    void removeContributor(ServiceReference<HealthContributor> ref, HealthContributor service) {
        services.removeContributor((Long) ref.getProperty(Constants.SERVICE_ID));
        submit(this::assess);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            target = "(" + Meter.ROLE + "=UPS)")
    void addMeter(ServiceReference<Meter> ref, Meter meter) {
        services.putUpsMeter((Long) ref.getProperty(Constants.SERVICE_ID), meter);
        submit(this::assess);
    }

    void removeMeter(ServiceReference<Meter> ref, Meter meter) {
        services.removeUpsMeter((Long) ref.getProperty(Constants.SERVICE_ID));
        submit(this::assess);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addRule(ServiceReference<RuleComponent> ref, RuleComponent rule) {
        long id = (Long) ref.getProperty(Constants.SERVICE_ID);
        rules.put(id, rule);
        submit(() -> {
            putRule(id, rule);
            cycle.assess();
        });
    }

    void updatedRule(ServiceReference<RuleComponent> ref, RuleComponent rule) {
        addRule(ref, rule);
    }

    void removeRule(ServiceReference<RuleComponent> ref, RuleComponent rule) {
        long id = (Long) ref.getProperty(Constants.SERVICE_ID);
        rules.remove(id);
        submit(() -> journal.record(engine.remove(id, clock.instant(), actuator)));
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setPowerMonitor(PowerMonitor s) {
        services.setPowerMonitor(s);
        submit(this::assess);
    }

    void unsetPowerMonitor(PowerMonitor s) {
        services.unsetPowerMonitor(s);
        submit(this::assess);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setLinkManager(LinkManager s) {
        services.setLinkManager(s);
        submit(this::assess);
    }

    void unsetLinkManager(LinkManager s) {
        services.unsetLinkManager(s);
        submit(this::assess);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setUplinkStatus(UplinkStatus s) {
        services.setUplinkStatus(s);
        submit(this::assess);
    }

    void unsetUplinkStatus(UplinkStatus s) {
        services.unsetUplinkStatus(s);
        submit(this::assess);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setUplinkControl(UplinkControl s) {
        services.setUplinkControl(s);
        // a restriction is not persisted by the uplink: a new (or restarted) uplink learns it from us
        submit(this::reapplyTelemetryRestriction);
    }

    private void reapplyTelemetryRestriction() {
        String why = engine.restrictionReason();
        UplinkControl c = services.uplinkControl();
        if (why != null && c != null && BundleActuator.restrict(c, why)) {
            LOG.info("Uplink control (re)bound: telemetry cut to alarms only again ({})", why);
        }
    }

    void unsetUplinkControl(UplinkControl s) {
        services.unsetUplinkControl(s);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setUplink(Uplink s) {
        services.setUplink(s);
        // what was raised while the uplink's bundle was being replaced goes out now, off SCR's thread
        thread.submit(handover::flush);
    }

    void unsetUplink(Uplink s) {
        services.unsetUplink(s);
    }

    // ---- the coordinator thread ------------------------------------------------------------------------------

    private void putRule(long id, RuleComponent rule) {
        RuleSettings s = rule.settings();
        if (s != null) {
            engine.put(id, s);
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

    private void submit(Runnable task) {
        thread.submit(task); // not active (yet, or any more): activate() reads everything anyway
    }

    /** Reads everything, computes the cabinet state, announces a change, applies the rules. */
    void assess() {
        cycle.assess();
    }

    private void checkDeadlocks() {
        List<String> now = deadlockWatch.deadlocked();
        if (now.equals(cycle.deadlocked())) {
            return;
        }
        cycle.deadlocked(now);
        if (!now.isEmpty()) {
            String reason = now.size() + " deadlocked thread(s): " + String.join(", ", now);
            LOG.error("{}", reason);
            post(FailoverEvents.DEADLOCK, Map.of(FailoverEvents.THREADS, now.toArray(new String[0]),
                    FailoverEvents.REASON, reason));
            actuator.alarm("deadlock", reason);
            journal.record(engine.occurred(RuleSettings.Condition.DEADLOCK, "threads", reason, null, clock.instant(), actuator));
        }
        cycle.assess();
    }

    private void post(String topic, Map<String, Object> props) {
        announcer.post(topic, props);
    }
}
