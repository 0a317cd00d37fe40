package org.cabinetgw.failover.internal;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.cabinetgw.failover.Episode;
import org.cabinetgw.failover.FailoverEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the coordinator did and saw, written down: each rule action as an event and as a line of the episode it
 * belongs to, each changed episode into the history, its start and end announced. A history that cannot be
 * written is kept as a problem the assessment reports. Runs on the coordinator thread only.
 */
final class ActionJournal {

    private static final Logger LOG = LoggerFactory.getLogger(ActionJournal.class);

    private final EpisodeTracker episodes;
    private final HistoryStore history;
    private final Announcer announcer;
    private volatile String historyProblem;

    /** @param historyProblem why the history is not written from the start (it could not be opened), or null */
    ActionJournal(EpisodeTracker episodes, HistoryStore history, Announcer announcer, String historyProblem) {
        this.episodes = episodes;
        this.history = history;
        this.announcer = announcer;
        this.historyProblem = historyProblem;
    }

    /** Why the history is not being written, or null while it is. */
    String historyProblem() {
        return historyProblem;
    }

    /** Records what the rules did: events, and actions in the episodes they belong to. */
    void record(List<RuleEngine.Taken> taken) {
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
            announcer.post(t.action().equals("ESCALATE") ? FailoverEvents.ESCALATED : FailoverEvents.ACTION, p);
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

    /** The line an action adds to its episode. */
    static String describe(RuleEngine.Taken t) {
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

    /** Writes the changed episodes into the history and announces those that started or ended. */
    void store(List<EpisodeTracker.Change> changes) {
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
}
