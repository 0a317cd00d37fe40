package org.cabinetgw.failover.internal;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.cabinetgw.failover.CabinetState;
import org.cabinetgw.failover.CabinetStatus;
import org.cabinetgw.failover.Episode;
import org.cabinetgw.failover.FailoverEvents;
import org.cabinetgw.handover.internal.UplinkHandover;
import org.cabinetgw.health.Health;
import org.cabinetgw.health.HealthEvents;
import org.cabinetgw.support.internal.health.HealthChange;
import org.cabinetgw.telemetry.Message;
import org.cabinetgw.telemetry.Priority;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says what the coordinator found, to whoever listens: Event Admin events (topics and keys of
 * {@link FailoverEvents}) and, when there is an uplink, telemetry and alarms. Never throws.
 */
final class Announcer {

    private static final Logger LOG = LoggerFactory.getLogger(Announcer.class);

    private final EventAdmin events;
    private final UplinkHandover uplink;
    private final String source;
    private final String telemetryTopic;
    private final String alarmTopic;

    Announcer(EventAdmin events, UplinkHandover uplink, String source, String telemetryTopic, String alarmTopic) {
        this.events = events;
        this.uplink = uplink;
        this.source = source;
        this.telemetryTopic = telemetryTopic;
        this.alarmTopic = alarmTopic;
    }

    void post(String topic, Map<String, Object> props) {
        try {
            events.postEvent(new Event(topic, props));
        } catch (RuntimeException e) {
            LOG.debug("Event {} not posted: {}", topic, e.toString());
        }
    }

    /** CABINET_CHANGED, on every change; what goes to the cloud, and when, is {@link StatePublication}'s call. */
    void cabinetChanged(CabinetStatus previous, CabinetStatus next) {
        Map<String, Object> p = new HashMap<>();
        p.put(FailoverEvents.STATE, next.state().name());
        p.put(FailoverEvents.PREVIOUS_STATE, previous.state().name());
        p.put(FailoverEvents.SUMMARY, next.summary());
        p.put(FailoverEvents.SINCE, next.since().toEpochMilli());
        next.lostByDimension().forEach((d, l) -> p.put(FailoverEvents.LOST_PREFIX + d.name(), l.toArray(new String[0])));
        post(FailoverEvents.CABINET_CHANGED, p);
        if (next.state() != previous.state()) {
            LOG.info("Cabinet {}{}", next.state(), next.summary().isEmpty() ? "" : ": " + next.summary());
        }
    }

    /** The cabinet state as a message through the uplink: an ALARM when CRITICAL, an EVENT otherwise. */
    void publishState(CabinetStatus next) {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("state", next.state().name());
        metrics.put("summary", next.summary());
        metrics.put("findings", next.findings().size());
        next.lostByDimension().forEach((d, l) -> metrics.put("lost." + d.name(), String.join("; ", l)));
        // ts is when this message was made: two messages about one state (a summary that changed) used to share
        // the state's start as ts; that start is kept as a metric
        metrics.put("since", next.since().toString());
        uplink.publish(new Message(Message.newId(), source, telemetryTopic,
                next.state() == CabinetState.CRITICAL ? Priority.ALARM : Priority.EVENT, Instant.now(), metrics, ""));
    }

    /** HealthEvents.CHANGED for the coordinator's own health component. */
    void healthChanged(String component, Health old, Health now) {
        post(HealthEvents.CHANGED, HealthChange.eventProperties(component, old, now));
    }

    /** EPISODE_STARTED or EPISODE_ENDED, and the episode to the cloud: an alarm when a real fault starts. */
    void episode(String topic, Episode e) {
        Map<String, Object> p = new HashMap<>();
        p.put(FailoverEvents.EPISODE, e.id());
        p.put(FailoverEvents.DIMENSION, e.dimension().name());
        p.put(FailoverEvents.WHAT, e.what());
        p.put(FailoverEvents.FIRST_SEEN, e.firstSeen().toEpochMilli());
        if (e.declared() != null) {
            p.put(FailoverEvents.DECLARED, e.declared().toEpochMilli());
        }
        if (e.restored() != null) {
            p.put(FailoverEvents.RESTORED, e.restored().toEpochMilli());
            p.put(FailoverEvents.OUTCOME, e.outcome());
            e.outage().ifPresent(d -> p.put(FailoverEvents.OUTAGE_MILLIS, d.toMillis()));
        }
        post(topic, p);
        boolean drill = e.what().endsWith("(drill)") || e.id().startsWith("drill:");
        boolean started = topic.equals(FailoverEvents.EPISODE_STARTED);
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("episode", e.id());
        metrics.put("dimension", e.dimension().name());
        metrics.put("what", e.what());
        metrics.put("outcome", e.outcome());
        e.outage().ifPresent(d -> metrics.put("outage.ms", d.toMillis()));
        // A fault starting is an alarm; its end, and anything a drill provoked, is an event worth keeping.
        uplink.publish(new Message(Message.newId(), source,
                started && !drill ? alarmTopic : telemetryTopic + "/episode",
                started && !drill ? Priority.ALARM : Priority.EVENT, Instant.now(), metrics, EpisodeJson.write(e)));
    }
}
