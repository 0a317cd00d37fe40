package org.cabinetgw.failover.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.cabinetgw.failover.Dimension;
import org.cabinetgw.failover.FailoverEvents;
import org.cabinetgw.ha.HaEvents;
import org.cabinetgw.ha.HaStatus;
import org.cabinetgw.ha.Role;
import org.cabinetgw.uplink.TransportKind;
import org.cabinetgw.uplink.UplinkEvents;
import org.cabinetgw.uplink.UplinkSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HARDWARE dimension's episodes, from the pair's events ({@code org/cabinetgw/ha/*}) and the uplink's:
 * <ul>
 * <li>{@code takeover}: on the node that takes over, from the active peer last heard, declared dead, the witness (or
 * the hand-over) confirming, this node ACTIVE, its uplink's MQTT transport up, to the first message the broker
 * acknowledged from it (the episode ends there, and {@link FailoverEvents#TAKEOVER} carries every timing);</li>
 * <li>{@code standby}: on the active, its standby silent on every path until heard again;</li>
 * <li>{@code active lost, no takeover}: on a standby whose active fell silent but the witness showed it acting (both
 * heartbeat paths cut), until heard again;</li>
 * <li>{@code demoted}: this node stopped acting (a higher epoch, a hand-over, isolation), begun and ended at once.</li>
 * </ul>
 * A peer silent on every path becomes an episode only once it stays silent for {@code pair.silence.episode.millis}
 * or this node acts on it (takes over, steps down); one heard again sooner is a heartbeat gap ({@link HeartbeatGaps}).
 * A takeover of a node that never heard its peer (it started alone) is, like an election, no episode.
 * Used on the coordinator's thread only.
 */
final class PairEpisodes {

    private static final Logger LOG = LoggerFactory.getLogger(PairEpisodes.class);

    /** How often the uplink is asked whether the new active's first message was acknowledged, and for how long. */
    static final long ACK_POLL_MS = 10;
    static final Duration ACK_WAIT = Duration.ofSeconds(60);
    /**
     * How long an episode this coordinator opened stays open while the pair already says ACTIVE and ha's TAKEOVER
     * event (which carries the timings, through Event Admin, after the status changed) has not arrived.
     */
    static final Duration TAKEOVER_EVENT_WAIT = Duration.ofSeconds(10);

    static final String TAKEOVER = "ha:takeover";
    static final String STANDBY = "ha:standby";

    /** Runs a task on the coordinator's thread after a delay. */
    interface Later {
        void after(long millis, Runnable task);
    }

    /** Later on the given scheduler while it runs; nothing once it is shut down (the coordinator stopping). */
    static Later on(Supplier<ScheduledExecutorService> scheduler) {
        return (millis, task) -> {
            ScheduledExecutorService s = scheduler.get();
            if (s == null) {
                return;
            }
            try {
                s.schedule(() -> {
                    try {
                        task.run();
                    } catch (RuntimeException e) {
                        LOG.error("Timing the takeover failed", e);
                    }
                }, millis, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // stopping
            }
        };
    }

    private final EpisodeTracker episodes;
    private final Supplier<HaStatus> pair;
    private final Supplier<UplinkSnapshot> uplink;
    private final Later later;
    private final Consumer<List<EpisodeTracker.Change>> store;
    private final BiConsumer<String, Map<String, Object>> post;
    private final Supplier<Instant> clock;
    private final Duration silenceEpisode;
    private final HeartbeatGaps gaps = new HeartbeatGaps();

    private Role role; // as the ROLE_CHANGED events said, in order; null: ask the pair
    private Takeover takeover; // the takeover waiting for its first acknowledged message
    private Silence silence; // the peer silent on every path, not (yet) an episode
    private boolean takeoverOpenedHere; // the open takeover episode is this instance's (its TAKEOVER event will come)
    private Instant activeWithoutEvent; // when the pair first said ACTIVE while that event had not come

    /** The peer declared dead, before it is an episode: who, last heard, declared (as received), this node active. */
    private record Silence(String peer, Instant lastHeard, Instant declared, boolean active) {
    }

    /** What is known of the takeover in progress, for the final event. */
    private static final class Takeover {
        String peer = "";
        String cause = "";
        Instant firstSeen;
        Instant declared;
        Instant confirmed;
        Instant active;
        Instant componentsUp;
        long deliveredBefore;
        Instant waitUntil;
    }

    PairEpisodes(EpisodeTracker episodes, Supplier<HaStatus> pair, Supplier<UplinkSnapshot> uplink, Later later,
            Consumer<List<EpisodeTracker.Change>> store, BiConsumer<String, Map<String, Object>> post,
            Supplier<Instant> clock, Duration silenceEpisode) {
        this.silenceEpisode = silenceEpisode;
        this.episodes = episodes;
        this.pair = pair;
        this.uplink = uplink;
        this.later = later;
        this.store = store;
        this.post = post;
        this.clock = clock;
    }

    /** Any event the coordinator receives; those of the pair (and the uplink's switch to MQTT) count here. */
    void accept(String topic, Map<String, Object> p, Instant at) {
        List<EpisodeTracker.Change> out = new ArrayList<>();
        switch (topic) {
            case HaEvents.ROLE_CHANGED -> role = role(p.get(HaEvents.ROLE));
            case HaEvents.PEER_LOST -> peerLost(p, at, out);
            case HaEvents.PEER_BACK -> peerBack(p, at, out);
            case HaEvents.TAKEOVER -> takeover(p, at, out);
            case HaEvents.DEMOTED -> demoted(p, at, out);
            case HaEvents.REPLAYED -> replayed(p, at, out);
            case UplinkEvents.TRANSPORT_SWITCHED -> {
                if (takeover != null && takeover.componentsUp == null
                        && TransportKind.MQTT.name().equals(p.get(UplinkEvents.TO))) {
                    takeover.componentsUp = at;
                    episodes.addAction(TAKEOVER, at, "uplink MQTT transport up " + since(takeover, at), out);
                }
            }
            default -> {
                // not about the pair
            }
        }
        store.accept(out);
    }

    /** Closes what the pair no longer reports (an event missed while the coordinator was away). */
    void reconcile(HaStatus s, Instant now) {
        if (s == null) {
            return;
        }
        List<EpisodeTracker.Change> out = new ArrayList<>();
        if (s.peerAlive() && silence != null) {
            gaps.ended(silence.peer(), silence.lastHeard(), now); // its PEER_BACK is still on its way
            silence = null;
        }
        if (s.peerAlive() && episodes.isOpen(STANDBY)) {
            episodes.end(STANDBY, now, "restored", out);
        }
        if (takeover == null && episodes.isOpen(TAKEOVER) && s.peerAlive()) {
            endTakeoverEpisode(now, "restored", out);
        } else if (takeover == null && episodes.isOpen(TAKEOVER) && s.role() == Role.ACTIVE) {
            // ha's status says ACTIVE before its TAKEOVER event (with the timings) reaches this thread: wait for it,
            // unless the episode was left open by a previous coordinator instance (that event went to it)
            if (activeWithoutEvent == null) {
                activeWithoutEvent = now;
            }
            if (!takeoverOpenedHere || Duration.between(activeWithoutEvent, now).compareTo(TAKEOVER_EVENT_WAIT) > 0) {
                endTakeoverEpisode(now, "taken over (end not timed)", out);
            }
        }
        store.accept(out);
    }

    private Role currentRole() {
        if (role == null) {
            HaStatus s = pair.get();
            return s == null ? null : s.role();
        }
        return role;
    }

    private void peerLost(Map<String, Object> p, Instant at, List<EpisodeTracker.Change> out) {
        Instant lastHeard = earliest(time(p, HaEvents.LAST_HEARD, at), at);
        Silence s = new Silence(string(p, HaEvents.PEER), lastHeard, at, currentRole() == Role.ACTIVE);
        silence = s;
        if (silenceEpisode.isZero()) {
            openSilence(out);
        } else {
            later.after(silenceEpisode.toMillis(), () -> silenceLasted(s));
        }
    }

    /** The minimum is over: still silent, the silence is an episode; seen alive meanwhile, it was a gap. */
    private void silenceLasted(Silence s) {
        if (silence != s) {
            return; // heard again, or already an episode
        }
        List<EpisodeTracker.Change> out = new ArrayList<>();
        HaStatus now = pair.get();
        if (now != null && now.peerAlive()) {
            gaps.ended(s.peer(), s.lastHeard(), clock.get()); // its PEER_BACK is still on its way
            silence = null;
        } else {
            openSilence(out);
        }
        store.accept(out);
    }

    /** The silence waiting (if any) becomes an episode, from the peer last heard, with its declaration. */
    private void openSilence(List<EpisodeTracker.Change> out) {
        Silence s = silence;
        silence = null;
        if (s == null) {
            return;
        }
        if (s.active()) {
            episodes.start(STANDBY, Dimension.HARDWARE, "standby gateway " + s.peer(), s.lastHeard(), s.declared(), out);
            episodes.addAction(STANDBY, s.declared(), "standby " + s.peer() + " silent on every heartbeat path", out);
        } else if (!episodes.isOpen(TAKEOVER)) {
            episodes.start(TAKEOVER, Dimension.HARDWARE, "active gateway " + s.peer() + " lost", s.lastHeard(),
                    s.declared(), out);
            takeoverOpenedHere = true;
            activeWithoutEvent = null;
            episodes.addAction(TAKEOVER, s.declared(), "declared dead: silent on every heartbeat path for "
                    + Duration.between(s.lastHeard(), s.declared()).toMillis() + " ms", out);
        }
    }

    private void peerBack(Map<String, Object> p, Instant at, List<EpisodeTracker.Change> out) {
        if (silence != null) {
            gaps.ended(silence.peer(), silence.lastHeard(), at); // back before the minimum, nothing done
            silence = null;
            return;
        }
        episodes.end(STANDBY, at, "restored", out);
        if (takeover == null && episodes.isOpen(TAKEOVER)) {
            // no takeover happened: the witness showed the active acting (both paths cut), and now it is heard again
            episodes.addAction(TAKEOVER, at, string(p, HaEvents.PEER) + " heard again; no takeover", out);
            endTakeoverEpisode(at, "no takeover: the peer was acting", out);
        }
    }

    private void endTakeoverEpisode(Instant at, String outcome, List<EpisodeTracker.Change> out) {
        episodes.end(TAKEOVER, at, outcome, out);
        takeoverOpenedHere = false;
        activeWithoutEvent = null;
    }

    /** The peer silences that ended before they were episodes. */
    HeartbeatGaps gaps() {
        return gaps;
    }

    private void takeover(Map<String, Object> p, Instant at, List<EpisodeTracker.Change> out) {
        String cause = string(p, HaEvents.CAUSE);
        boolean peerNeverHeard = !(p.get(HaEvents.LAST_HEARD) instanceof Number n && n.longValue() > 0);
        if ("election".equals(cause) || peerNeverHeard && !"policy".equals(cause)) {
            // both nodes starting, or this node started alone (ha names no peer last heard: none was since its
            // start) and the witness showed nobody acting: nothing failed. A takeover by standby.when.isolated =
            // TAKE_OVER is kept even then: the integrator's rule acted unconfirmed for a cabinet with no known active
            return;
        }
        if (silence != null && !silence.active()) {
            openSilence(out); // acted on: the silence is part of this takeover's episode, from its declaration
        }
        silence = null;
        Takeover t = new Takeover();
        t.peer = string(p, HaEvents.PEER);
        t.cause = cause;
        Instant lastHeard = time(p, HaEvents.LAST_HEARD, at);
        Instant declared = time(p, HaEvents.DECLARED_DEAD, "handover".equals(cause) ? lastHeard : at);
        Instant confirmed = time(p, HaEvents.CONFIRMED, at);
        // ha's wall-clock times, taken at different moments, may be out of order after a clock step: each counts
        // from the earliest, so no time of the episode is negative
        t.firstSeen = earliest(earliest(lastHeard, declared), earliest(confirmed, at));
        t.declared = earliest(declared, at);
        t.confirmed = earliest(confirmed, at);
        t.active = at;
        String what = "handover".equals(cause) ? "planned switchover from " + t.peer
                : peerNeverHeard ? "no active gateway known (" + (t.peer.isEmpty() ? "the peer" : t.peer) + " never heard)"
                : "active gateway " + t.peer + " lost";
        if (!episodes.isOpen(TAKEOVER)) {
            episodes.start(TAKEOVER, Dimension.HARDWARE, what, t.firstSeen, t.declared, out);
        }
        takeoverOpenedHere = true;
        activeWithoutEvent = null;
        episodes.addAction(TAKEOVER, t.confirmed, confirmedWords(cause) + " " + since(t, t.confirmed), out);
        episodes.addAction(TAKEOVER, at, "this node ACTIVE, epoch " + p.get(HaEvents.EPOCH) + " " + since(t, at), out);
        UplinkSnapshot u = uplink.get();
        if (u == null) {
            finish(t, null, "taken over (no uplink to time the first message)", out);
            return;
        }
        t.deliveredBefore = u.delivered();
        t.waitUntil = clock.get().plus(ACK_WAIT);
        takeover = t;
        later.after(ACK_POLL_MS, this::pollFirstAck);
    }

    /** The old active's messages handed to this node's uplink before it acted: part of the takeover's story. */
    private void replayed(Map<String, Object> p, Instant at, List<EpisodeTracker.Change> out) {
        if (silence != null && !silence.active()) {
            // ha posts REPLAYED from another thread than TAKEOVER, so it may come first: this node is taking over
            openSilence(out);
        }
        if (!episodes.isOpen(TAKEOVER)) {
            return; // an election at start: nothing failed, no episode
        }
        Object refused = p.get(HaEvents.REFUSED);
        episodes.addAction(TAKEOVER, at, p.get(HaEvents.COUNT) + " message(s) the old active had accepted and the cloud"
                + " had not acknowledged replayed with their ids" + (refused instanceof Number n && n.longValue() > 0
                        ? ", " + n + " refused by the uplink (kept in the replica)" : "")
                + (takeover != null ? " " + since(takeover, at) : sinceOpenTakeover(at)), out);
    }

    private static String confirmedWords(String cause) {
        return switch (cause) {
            case "witness" -> "the witness confirmed the peer is not acting";
            case "handover" -> "the peer handed over";
            case "policy" -> "taken over unconfirmed (standby.when.isolated = TAKE_OVER)";
            default -> "takeover allowed (" + cause + ")";
        };
    }

    private void pollFirstAck() {
        Takeover t = takeover;
        if (t == null) {
            return;
        }
        List<EpisodeTracker.Change> out = new ArrayList<>();
        Instant now = clock.get();
        UplinkSnapshot u = uplink.get();
        if (u != null && u.delivered() > t.deliveredBefore) {
            finish(t, now, "taken over", out);
        } else if (now.isAfter(t.waitUntil)) {
            finish(t, null, "taken over; no message acknowledged by the broker within " + ACK_WAIT.toSeconds() + " s",
                    out);
        } else {
            if (u != null && u.delivered() < t.deliveredBefore) {
                t.deliveredBefore = u.delivered(); // the uplink restarted: its counters began again
            }
            later.after(ACK_POLL_MS, this::pollFirstAck);
        }
        store.accept(out);
    }

    private void finish(Takeover t, Instant firstAck, String outcome, List<EpisodeTracker.Change> out) {
        takeover = null;
        Instant end = firstAck != null ? firstAck : t.active;
        if (firstAck != null) {
            episodes.addAction(TAKEOVER, firstAck, "first message acknowledged by the broker " + since(t, firstAck), out);
        }
        endTakeoverEpisode(end, outcome, out);
        Map<String, Object> e = new LinkedHashMap<>();
        out.stream().filter(EpisodeTracker.Change::ended).findFirst()
                .ifPresent(c -> e.put(FailoverEvents.EPISODE, c.episode().id()));
        e.put(FailoverEvents.PEER, t.peer);
        e.put(FailoverEvents.CAUSE, t.cause);
        e.put(FailoverEvents.FIRST_SEEN, t.firstSeen.toEpochMilli());
        e.put(FailoverEvents.DECLARED, t.declared.toEpochMilli());
        e.put(FailoverEvents.CONFIRMED, t.confirmed.toEpochMilli());
        e.put(FailoverEvents.ACTIVE, t.active.toEpochMilli());
        if (t.componentsUp != null) {
            e.put(FailoverEvents.COMPONENTS_UP, t.componentsUp.toEpochMilli());
        }
        if (firstAck != null) {
            e.put(FailoverEvents.FIRST_ACK, firstAck.toEpochMilli());
        }
        e.put(FailoverEvents.TAKEOVER_MILLIS, Duration.between(t.firstSeen, end).toMillis());
        post.accept(FailoverEvents.TAKEOVER, e);
    }

    private void demoted(Map<String, Object> p, Instant at, List<EpisodeTracker.Change> out) {
        openSilence(out); // acted on (an active stepping down while its standby is silent): an episode
        String reason = string(p, HaEvents.REASON);
        String key = "ha:demoted";
        episodes.start(key, Dimension.HARDWARE, "this gateway stopped acting", at, at, out);
        episodes.addAction(key, at, "demoted at epoch " + p.get(HaEvents.EPOCH)
                + (p.get(HaEvents.PEER_EPOCH) == null ? "" : " (the peer's epoch " + p.get(HaEvents.PEER_EPOCH) + ")")
                + ": " + reason, out);
        episodes.end(key, at, "demoted", out);
    }

    /** " (+N ms)" from the open takeover episode's first seen, before ha's TAKEOVER event (its timings) came. */
    private String sinceOpenTakeover(Instant at) {
        return episodes.openEpisodes().stream().filter(e -> e.id().startsWith(TAKEOVER + "/")).findFirst()
                .map(e -> " (+" + Math.max(0, Duration.between(e.firstSeen(), at).toMillis()) + " ms)").orElse("");
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isAfter(b) ? b : a;
    }

    private static String since(Takeover t, Instant at) {
        return "(+" + Duration.between(t.firstSeen, at).toMillis() + " ms)";
    }

    private static Role role(Object name) {
        try {
            return name instanceof String s ? Role.valueOf(s) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String string(Map<String, Object> p, String key) {
        return p.get(key) instanceof String s ? s : "";
    }

    private static Instant time(Map<String, Object> p, String key, Instant fallback) {
        return p.get(key) instanceof Number n && n.longValue() > 0 ? Instant.ofEpochMilli(n.longValue()) : fallback;
    }
}
