package org.cabinetgw.failover.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.cabinetgw.failover.FailoverEvents;
import org.cabinetgw.network.NetworkEvents;
import org.cabinetgw.power.PowerEvents;
import org.cabinetgw.storage.StorageEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an event of another bundle (power, network, uplink, storage) changes: the storage view, the episodes, a
 * link failover's own event and rule; then the cabinet is assessed again. Runs on the coordinator thread only.
 */
final class EventIntake {

    private static final Logger LOG = LoggerFactory.getLogger(EventIntake.class);

    private final Capabilities services;
    private final StorageView storage;
    private final EpisodeTracker episodes;
    private final RuleEngine engine;
    private final RuleEngine.Actuator actuator;
    private final ActionJournal journal;
    private final Announcer announcer;
    private final AssessmentCycle cycle;

    EventIntake(Capabilities services, StorageView storage, EpisodeTracker episodes, RuleEngine engine,
            RuleEngine.Actuator actuator, ActionJournal journal, Announcer announcer, AssessmentCycle cycle) {
        this.services = services;
        this.storage = storage;
        this.episodes = episodes;
        this.engine = engine;
        this.actuator = actuator;
        this.journal = journal;
        this.announcer = announcer;
        this.cycle = cycle;
    }

    void onEvent(String topic, Map<String, Object> props, Instant at) {
        List<EpisodeTracker.Change> changes = new ArrayList<>();
        String drillLabel = cycle.drilling() == null ? null : "drill";
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
                episodes.judgeMainsBy(services.power());
            }
            changes.addAll(episodes.accept(topic, props, at, drillLabel));
            PairEpisodes pair = cycle.pairEpisodes();
            if (pair != null) {
                pair.accept(topic, props, at);
            }
        }
        if (NetworkEvents.SWITCHED.equals(topic)
                && NetworkEvents.SwitchCause.FAILOVER.name().equals(props.get(NetworkEvents.CAUSE))) {
            linkFailover(props, at);
        }
        journal.store(changes);
        cycle.assess();
    }

    private void linkFailover(Map<String, Object> p, Instant at) {
        Map<String, Object> e = new HashMap<>();
        copy(p, NetworkEvents.PREVIOUS_LINK, e, FailoverEvents.LINK);
        copy(p, NetworkEvents.LINK, e, FailoverEvents.TO_LINK);
        copy(p, NetworkEvents.FAULT_FIRST_SEEN, e, FailoverEvents.FIRST_SEEN);
        copy(p, NetworkEvents.DECLARED_DOWN, e, FailoverEvents.DECLARED);
        copy(p, NetworkEvents.ROUTE_SWITCHED, e, FailoverEvents.SWITCHED);
        copy(p, NetworkEvents.FAULT_TO_SWITCH_MILLIS, e, FailoverEvents.FAULT_TO_SWITCH_MILLIS);
        announcer.post(FailoverEvents.LINK_FAILOVER, e);
        String reason = "link " + p.get(NetworkEvents.PREVIOUS_LINK) + " failed over to " + p.get(NetworkEvents.LINK)
                + (p.get(NetworkEvents.FAULT_TO_SWITCH_MILLIS) instanceof Number n ? " in " + n.longValue() + " ms" : "");
        LOG.info("{}", reason);
        journal.record(engine.occurred(RuleSettings.Condition.LINK_FAILOVER, String.valueOf(p.get(NetworkEvents.PREVIOUS_LINK)),
                reason, cycle.drilledDimension(), at, actuator));
    }

    private static void copy(Map<String, Object> from, String key, Map<String, Object> to, String as) {
        Object v = from.get(key);
        if (v != null) {
            to.put(as, v);
        }
    }
}
