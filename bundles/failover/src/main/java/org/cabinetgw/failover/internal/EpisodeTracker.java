package org.cabinetgw.failover.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.cabinetgw.failover.Dimension;
import org.cabinetgw.failover.Episode;
import org.cabinetgw.failover.EpisodeAction;
import org.cabinetgw.network.NetworkEvents;
import org.cabinetgw.power.PowerEvents;
import org.cabinetgw.power.MeterRole;
import org.cabinetgw.power.PowerState;
import org.cabinetgw.power.PowerStatus;
import org.cabinetgw.power.SourceState;
import org.cabinetgw.uplink.TransportKind;
import org.cabinetgw.uplink.UplinkEvents;

/**
 * Opens, extends and closes failover episodes from the capabilities' events: mains lost (by the mains meter when
 * there is one) until back on mains,
 * a link failover until traffic is back on that link, MQTT lost until MQTT delivers again, an array degraded
 * until it is whole. Pure apart from the ids it makes; the caller stores and announces the changes.
 * Not thread-safe: used on the coordinator's thread only.
 */
final class EpisodeTracker {

    /** What happened to an episode. */
    record Change(Episode episode, boolean started, boolean ended) {
    }

    private final Map<String, Episode> open = new LinkedHashMap<>();
    private PowerStatus power; // as the coordinator read it last; null: judge mains by the cabinet's state alone

    /** Episodes left open by the previous instance (read from the history) continue where they were. */
    void resume(List<Episode> fromHistory) {
        for (Episode e : fromHistory) {
            if (e.open() && keyOf(e) != null) {
                open.putIfAbsent(keyOf(e), e);
            }
        }
    }

    List<Episode> openEpisodes() {
        return List.copyOf(open.values());
    }

    /**
     * The power monitor's status as read now: mains is judged lost by it (see {@link MainsLoss}), so a UPS testing
     * itself with mains in band, or a silent mains meter, opens no mains episode.
     */
    void judgeMainsBy(PowerStatus status) {
        power = status;
    }

    /**
     * Opens the mains episode when the status says mains is lost and none is open: the event that opens it with
     * the first reading's time is usually there first, but the status is updated before the event is delivered.
     */
    List<Change> mainsLost(PowerStatus status, Instant now) {
        List<Change> out = new ArrayList<>();
        if (MainsLoss.reason(status) != null && !open.containsKey("power")) {
            start("power", Dimension.POWER, mainsWhat(status), status.since().isAfter(now) ? now : status.since(), now,
                    out);
        }
        return out;
    }

    private static String mainsWhat(PowerStatus status) {
        return status != null && !status.sources().containsKey(MeterRole.MAINS) ? "mains (no mains meter: as the UPS says)"
                : "mains";
    }

    /** Interprets one event; returns the episodes it changed. {@code drill} is the drill running, if any. */
    List<Change> accept(String topic, Map<String, Object> p, Instant now, String drill) {
        List<Change> out = new ArrayList<>();
        String suffix = drill == null ? "" : " (" + drill + ")";
        switch (topic) {
            case PowerEvents.STATE_CHANGED -> power(p, now, out);
            case PowerEvents.SOURCE_CHANGED -> {
                // the mains meter says mains is gone: the episode begins with the first reading that showed it
                if (MeterRole.MAINS.name().equals(p.get(PowerEvents.ROLE))
                        && SourceState.LOST.name().equals(p.get(PowerEvents.STATE)) && !open.containsKey("power")) {
                    Instant at = time(p, PowerEvents.TIMESTAMP, now);
                    start("power", Dimension.POWER, "mains", time(p, PowerEvents.SINCE, at), at, out);
                }
            }
            case PowerEvents.TRANSFER -> {
                if (PowerState.ON_GENERATOR.name().equals(p.get(PowerEvents.TO))) {
                    addAction("power", time(p, PowerEvents.TIMESTAMP, now),
                            "transferred to generator in " + number(p, PowerEvents.DURATION_MS) + " ms", out);
                }
            }
            case PowerEvents.UPS_BRIDGED -> addAction("power", time(p, PowerEvents.TIMESTAMP, now),
                    "UPS bridged for " + number(p, PowerEvents.DURATION_MS) + " ms", out);
            case NetworkEvents.SWITCHED -> link(p, now, suffix, out);
            case NetworkEvents.ALL_DOWN -> {
                for (String key : List.copyOf(open.keySet())) {
                    if (key.startsWith("link:")) {
                        addAction(key, now, "all links down", out);
                    }
                }
            }
            case UplinkEvents.TRANSPORT_SWITCHED -> transport(p, now, suffix, out);
            default -> {
                // other topics do not open or close episodes
            }
        }
        return out;
    }

    /**
     * Closes open episodes whose fault the capabilities no longer report: the event that would have closed
     * one was missed (the coordinator was stopped or updated meanwhile, or the event was lost). A null
     * argument means that capability is absent, and its episodes are left as they are.
     */
    List<Change> reconcile(PowerState power, String activeLink, TransportKind transport,
            Map<String, org.cabinetgw.health.Health> components, Instant now) {
        List<Change> out = new ArrayList<>();
        for (String key : List.copyOf(open.keySet())) {
            boolean over = false;
            if (key.equals("power")) {
                over = power == PowerState.ON_MAINS;
            } else if (key.startsWith("link:")) {
                over = activeLink != null && activeLink.equals(key.substring(5));
            } else if (key.equals("transport")) {
                over = transport == TransportKind.MQTT;
            } else if (key.startsWith("component:")) {
                org.cabinetgw.health.Health h = components.get(key.substring(10));
                over = h != null && h.state() != org.cabinetgw.health.HealthState.DOWN;
            }
            if (over) {
                end(key, now, "restored", out);
            }
        }
        return out;
    }

    /** Storage: an array degraded opens an episode, whole again closes it. */
    List<Change> raid(StorageView.ArrayState before, StorageView.ArrayState after, Instant at) {
        List<Change> out = new ArrayList<>();
        String key = "raid:" + after.name();
        boolean was = before != null && before.degraded();
        if (after.degraded() && !open.containsKey(key)) {
            start(key, Dimension.STORAGE, "RAID " + after.name(), at, at, out);
        }
        if (after.degraded() && after.rebuilding() && (before == null || !before.rebuilding())) {
            addAction(key, at, "rebuild started", out);
        }
        if (!after.degraded() && (was || open.containsKey(key))) {
            end(key, at, "restored", out);
        }
        return out;
    }

    private void power(Map<String, Object> p, Instant now, List<Change> out) {
        String state = string(p, PowerEvents.STATE);
        Instant at = time(p, PowerEvents.TIMESTAMP, now);
        if (state == null) {
            return;
        }
        boolean offMains = state.equals(PowerState.ON_GENERATOR.name()) || state.equals(PowerState.ON_UPS_BATTERY.name())
                || state.equals(PowerState.BATTERY_LOW.name());
        boolean mainsLost = power == null ? offMains : MainsLoss.reason(power) != null;
        if (offMains && mainsLost && !open.containsKey("power")) {
            start("power", Dimension.POWER, mainsWhat(power), time(p, PowerEvents.SINCE, at), at, out);
        }
        if (offMains) {
            addAction("power", at, words(state), out);
        } else if (state.equals(PowerState.ON_MAINS.name())) {
            end("power", at, "restored", out);
        }
    }

    private void link(Map<String, Object> p, Instant now, String suffix, List<Change> out) {
        String to = string(p, NetworkEvents.LINK);
        String from = string(p, NetworkEvents.PREVIOUS_LINK);
        String cause = string(p, NetworkEvents.CAUSE);
        Instant switched = time(p, NetworkEvents.ROUTE_SWITCHED, now);
        if (NetworkEvents.SwitchCause.FAILOVER.name().equals(cause) && from != null) {
            String key = "link:" + from;
            if (!open.containsKey(key)) {
                start(key, Dimension.NETWORK, "link " + from + suffix, time(p, NetworkEvents.FAULT_FIRST_SEEN, switched),
                        time(p, NetworkEvents.DECLARED_DOWN, switched), out);
            }
            addAction(key, switched, "route switched to " + (to == null ? "no link" : to), out);
        }
        if (to != null && open.containsKey("link:" + to)) {
            end("link:" + to, switched, "restored", out);
        }
    }

    private void transport(Map<String, Object> p, Instant now, String suffix, List<Change> out) {
        String from = string(p, UplinkEvents.FROM);
        String to = string(p, UplinkEvents.TO);
        if (TransportKind.MQTT.name().equals(from) && to != null && !to.equals(from)) {
            if (!open.containsKey("transport")) {
                String reason = string(p, UplinkEvents.REASON);
                start("transport", Dimension.UPLINK, "transport MQTT" + suffix, now, now, out);
                if (reason != null && !reason.isBlank()) {
                    addAction("transport", now, "MQTT lost: " + reason, out);
                }
            }
            addAction("transport", now, "switched to " + to, out);
        } else if (TransportKind.MQTT.name().equals(to)) {
            end("transport", now, "restored", out);
        } else if (to != null && open.containsKey("transport")) {
            addAction("transport", now, "switched to " + to, out);
        }
    }

    /** Opens an episode under {@code key} unless one is open; returns the open one. */
    Episode start(String key, Dimension d, String what, Instant firstSeen, Instant declared, List<Change> out) {
        Episode e = open.get(key);
        if (e != null) {
            return e;
        }
        e = new Episode(key + "/" + UUID.randomUUID(), d, what, firstSeen, declared, List.of(), null, "open");
        open.put(key, e);
        out.add(new Change(e, true, false));
        return e;
    }

    /** Adds an action to the open episode under {@code key}; does nothing when none is open. */
    void addAction(String key, Instant at, String what, List<Change> out) {
        Episode e = open.get(key);
        if (e == null) {
            return;
        }
        List<EpisodeAction> actions = new ArrayList<>(e.actions());
        actions.add(new EpisodeAction(at, what));
        update(key, new Episode(e.id(), e.dimension(), e.what(), e.firstSeen(), e.declared(), actions, null, e.outcome()),
                out);
    }

    /** Adds an action to the newest open episode of a dimension (a rule acting on a power outage, say). */
    void addActionTo(Dimension d, Instant at, String what, List<Change> out) {
        String key = null;
        for (Map.Entry<String, Episode> e : open.entrySet()) {
            if (e.getValue().dimension() == d) {
                key = e.getKey();
            }
        }
        if (key != null) {
            addAction(key, at, what, out);
        }
    }

    /** Sets an open episode's outcome (e.g. {@code escalated}) without closing it. */
    void outcome(String key, String outcome, List<Change> out) {
        Episode e = open.get(key);
        if (e != null && !e.outcome().equals(outcome)) {
            update(key, new Episode(e.id(), e.dimension(), e.what(), e.firstSeen(), e.declared(), e.actions(), null,
                    outcome), out);
        }
    }

    boolean isOpen(String key) {
        return open.containsKey(key);
    }

    /** Closes the open episode under {@code key}. */
    void end(String key, Instant restored, String outcome, List<Change> out) {
        Episode e = open.remove(key);
        if (e == null) {
            return;
        }
        Instant r = restored.isBefore(e.firstSeen()) ? e.firstSeen() : restored;
        String o = e.outcome().equals("open") || e.outcome().isEmpty() ? outcome : e.outcome() + ", then " + outcome;
        out.add(new Change(new Episode(e.id(), e.dimension(), e.what(), e.firstSeen(), e.declared(), e.actions(), r, o),
                false, true));
    }

    private void update(String key, Episode e, List<Change> out) {
        open.put(key, e);
        out.add(new Change(e, false, false));
    }

    private static String keyOf(Episode e) {
        int slash = e.id().lastIndexOf('/');
        return slash > 0 ? e.id().substring(0, slash) : null;
    }

    private static String words(String constant) {
        return switch (constant) {
            case "ON_GENERATOR" -> "on generator";
            case "ON_UPS_BATTERY" -> "on UPS battery";
            case "BATTERY_LOW" -> "UPS battery low";
            default -> constant.toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        };
    }

    private static String string(Map<String, Object> p, String key) {
        return p.get(key) instanceof String s ? s : null;
    }

    private static Object number(Map<String, Object> p, String key) {
        return p.get(key) instanceof Number n ? n.longValue() : "?";
    }

    private static Instant time(Map<String, Object> p, String key, Instant fallback) {
        Object v = p.get(key);
        if (v instanceof Number n && n.longValue() > 0) {
            return Instant.ofEpochMilli(n.longValue());
        }
        return fallback;
    }
}
