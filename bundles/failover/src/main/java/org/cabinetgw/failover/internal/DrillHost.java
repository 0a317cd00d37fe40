package org.cabinetgw.failover.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.cabinetgw.failover.CabinetStatus;
import org.cabinetgw.failover.DrillKind;
import org.cabinetgw.failover.DrillResult;
import org.cabinetgw.failover.Episode;
import org.cabinetgw.failover.FailoverEvents;
import org.cabinetgw.network.LinkManager;
import org.cabinetgw.uplink.UplinkControl;
import org.cabinetgw.uplink.UplinkStatus;

/**
 * What a drill needs from the coordinator: the services it forces faults through, the cabinet state it must
 * start from and watch, and where its start and its result are announced and recorded.
 */
final class DrillHost implements DrillRunner.Host {

    private final Capabilities services;
    private final AssessmentCycle cycle;
    private final Announcer announcer;
    private final ActionJournal journal;
    private final RuleEngine.Actuator actuator;
    /** Runs a task on the coordinator thread. */
    private final Consumer<Runnable> onCoordinatorThread;

    DrillHost(Capabilities services, AssessmentCycle cycle, Announcer announcer, ActionJournal journal,
            RuleEngine.Actuator actuator, Consumer<Runnable> onCoordinatorThread) {
        this.services = services;
        this.cycle = cycle;
        this.announcer = announcer;
        this.journal = journal;
        this.actuator = actuator;
        this.onCoordinatorThread = onCoordinatorThread;
    }

    @Override
    public CabinetStatus status() {
        return cycle.status();
    }

    @Override
    public LinkManager linkManager() {
        return services.linkManager();
    }

    @Override
    public UplinkControl uplinkControl() {
        return services.uplinkControl();
    }

    @Override
    public UplinkStatus uplinkStatus() {
        return services.uplinkStatus();
    }

    @Override
    public void drilling(DrillKind kind) {
        cycle.drilling(kind);
        if (kind != null) {
            Map<String, Object> p = new HashMap<>();
            p.put(FailoverEvents.DRILL, kind.name());
            announcer.post(FailoverEvents.DRILL_STARTED, p);
        }
        onCoordinatorThread.accept(cycle::assess);
    }

    @Override
    public String abortReason() {
        return cycle.abortReason();
    }

    @Override
    public void finished(DrillResult r, Episode e) {
        Map<String, Object> p = new HashMap<>();
        p.put(FailoverEvents.DRILL, r.kind().name());
        p.put(FailoverEvents.OUTCOME, r.outcome().name());
        p.put(FailoverEvents.REASON, r.detail());
        p.put(FailoverEvents.FAILOVER_MILLIS, r.failoverMillis());
        p.put(FailoverEvents.FAILBACK_MILLIS, r.failbackMillis());
        announcer.post(FailoverEvents.DRILL_FINISHED, p);
        if (e != null) {
            onCoordinatorThread.accept(() -> journal.store(List.of(new EpisodeTracker.Change(e, false, true))));
        }
        if (r.outcome() == DrillResult.Outcome.FAILED || r.outcome() == DrillResult.Outcome.ABORTED) {
            actuator.alarm("drill", "failover drill " + r.kind() + " " + r.outcome() + ": " + r.detail());
        }
    }
}
