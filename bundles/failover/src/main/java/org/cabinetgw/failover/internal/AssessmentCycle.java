package org.cabinetgw.failover.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.cabinetgw.failover.CabinetState;
import org.cabinetgw.failover.CabinetStatus;
import org.cabinetgw.failover.Dimension;
import org.cabinetgw.failover.DrillKind;
import org.cabinetgw.failover.Finding;
import org.cabinetgw.health.Health;
import org.cabinetgw.health.HealthState;
import org.cabinetgw.power.PowerState;
import org.cabinetgw.power.PowerStatus;
import org.cabinetgw.uplink.TransportKind;
import org.cabinetgw.uplink.UplinkSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One assessment of the cabinet: reads every capability, computes the cabinet state, announces a change (and
 * the coordinator's own health), keeps the episodes in step and applies the rules. Holds the cabinet state and
 * the drill in progress. {@link #assess()} runs on the coordinator thread only; the state is read from any.
 */
final class AssessmentCycle {

    private static final Logger LOG = LoggerFactory.getLogger(AssessmentCycle.class);

    private final Capabilities services;
    /** The pair's takeover episodes (set once at activation; null in tests without a pair). */
    private volatile PairEpisodes pairEpisodes;
    private final StorageView storage;
    private final EpisodeTracker episodes;
    private final RuleEngine engine;
    private final RuleEngine.Actuator actuator;
    private final ActionJournal journal;
    private final Announcer announcer;
    private final CabinetAssessment assessment;
    private final Clock clock;
    /** True when any power meter service is registered (whatever its role). */
    private final BooleanSupplier anyMeter;
    private final String healthName;
    private final StatePublication publication = new StatePublication();
    // Until then rules do not act and state changes stay off the uplink (see startup.settle.seconds).
    private final Instant settledAt;

    private volatile CabinetStatus status;
    // the power source the last assessment saw: a change of it is never wording only
    private volatile PowerState powerSource;
    private volatile Health health;
    private volatile DrillKind drilling;
    private volatile String abortReason;
    private volatile List<String> deadlocked = List.of();

    AssessmentCycle(Capabilities services, StorageView storage, EpisodeTracker episodes, RuleEngine engine,
            RuleEngine.Actuator actuator, ActionJournal journal, Announcer announcer, CabinetAssessment assessment,
            Clock clock, BooleanSupplier anyMeter, String healthName, Instant settledAt) {
        this.services = services;
        this.storage = storage;
        this.episodes = episodes;
        this.engine = engine;
        this.actuator = actuator;
        this.journal = journal;
        this.announcer = announcer;
        this.assessment = assessment;
        this.clock = clock;
        this.anyMeter = anyMeter;
        this.healthName = healthName;
        this.settledAt = settledAt;
        Instant now = clock.instant();
        this.status = new CabinetStatus(CabinetState.NORMAL, now, List.of());
        this.health = Health.up(now);
    }

    CabinetStatus status() {
        return status;
    }

    /** The coordinator's own health: the cabinet state as UP, DEGRADED or DOWN. */
    Health health() {
        return health;
    }

    /** The drill in progress, or null. */
    DrillKind drilling() {
        return drilling;
    }

    /** A drill begins (the assessment names its fault as a drill) or ends (null); a new drill has no abort reason. */
    void drilling(DrillKind kind) {
        abortReason = null;
        drilling = kind;
    }

    /** Non-null when the real situation degraded outside the drilled dimension: the drill must stop. */
    String abortReason() {
        return abortReason;
    }

    /** The threads the deadlock watch found deadlocked, an input of the next assessment. */
    void deadlocked(List<String> threads) {
        deadlocked = List.copyOf(threads);
    }

    List<String> deadlocked() {
        return deadlocked;
    }

    /** The dimension a drill provokes faults in, or null. */
    Dimension drilledDimension() {
        DrillKind d = drilling;
        return d == null ? null : d == DrillKind.LINK ? Dimension.NETWORK : Dimension.UPLINK;
    }

    /**
     * The startup settle time is over: the state as it is now goes out once, and the rules see it (a condition that
     * was there from the start acts now; one that was only a start-up transient never did).
     */
    void settled() {
        LOG.info("Failover coordinator settled after start: cabinet {}; rules act from now on", status.state());
        CabinetStatus now = status;
        if (publication.due(now, powerSource, clock.instant())) {
            announcer.publishState(now);
        }
        assess();
    }

    void pairEpisodes(PairEpisodes p) {
        pairEpisodes = p;
    }

    PairEpisodes pairEpisodes() {
        return pairEpisodes;
    }

    /** Reads everything, computes the cabinet state, announces a change, applies the rules. */
    void assess() {
        Instant now = clock.instant();
        boolean settling = now.isBefore(settledAt);
        Map<String, Health> components = services.components(now, healthName);
        PowerStatus power = services.power();
        if (power != null && power.state() == PowerState.UNKNOWN && !anyMeter.getAsBoolean()) {
            // No meter at all: the site does not monitor power, which is not a lost redundancy.
            power = null;
        }
        var links = services.links();
        String active = services.activeLink();
        UplinkSnapshot snapshot = services.uplinkSnapshot();
        DrillKind drill = drilling;
        org.cabinetgw.ha.HaStatus pairStatus = services.pairStatus();
        PairEpisodes pair = pairEpisodes;
        if (pair != null) {
            pair.reconcile(pairStatus, now);
        }
        AssessmentInput in = new AssessmentInput(components, power, services.upsRuntime(), links, active, snapshot,
                storage.snapshot(), deadlocked, drill, HardwareAssessment.findings(pairStatus),
                HardwareAssessment.uplinkHeld(pairStatus));
        List<Finding> findings = assessment.findings(in);
        String problem = journal.historyProblem();
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
            journal.store(episodes.mainsLost(power, now));
        }
        if (!episodes.openEpisodes().isEmpty()) {
            journal.store(episodes.reconcile(power == null ? null : power.state(), active,
                    snapshot == null ? null : snapshot.activeTransport(), components, now));
        }
        if (settling) {
            return;
        }
        Map<Dimension, String> openEpisodes = new EnumMap<>(Dimension.class);
        episodes.openEpisodes().forEach(e -> openEpisodes.put(e.dimension(), e.id()));
        RuleEngine.Situation situation = new RuleEngine.Situation(power == null ? null : power.state(),
                MainsLoss.reason(power), snapshot != null && snapshot.activeTransport() != TransportKind.MQTT,
                storage.snapshot().anyArrayDegraded(), next.state(), components, drilledDimension(), openEpisodes);
        journal.record(engine.evaluate(situation, now, actuator));
    }

    /** Why a drill must stop: a finding the drill did not provoke, or any critical one; null when none. */
    static String outsideDrill(List<Finding> findings, DrillKind drill) {
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

    /**
     * The health entry is set before the cabinet's change is announced, so whoever acts on the event reads a health
     * that agrees with it (a CI run read DEGRADED right after the NORMAL event: the entry was set after posting it).
     */
    private void announce(CabinetStatus previous, CabinetStatus next) {
        HealthState hs = switch (next.state()) {
            case NORMAL -> HealthState.UP;
            case DEGRADED -> HealthState.DEGRADED;
            case CRITICAL -> HealthState.DOWN;
        };
        Health old = health;
        Health h = old.next(hs, next.summary(), next.since());
        health = h;
        announcer.cabinetChanged(previous, next);
        if (h != old) {
            announcer.healthChanged(healthName, old, h);
        }
    }
}
