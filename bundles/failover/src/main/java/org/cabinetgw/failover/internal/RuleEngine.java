package org.cabinetgw.failover.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.cabinetgw.failover.CabinetState;
import org.cabinetgw.failover.Dimension;
import org.cabinetgw.health.Health;
import org.cabinetgw.health.HealthState;
import org.cabinetgw.power.PowerState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the configured rules to the situation. Level conditions (battery low, uplink on fallback ...) act once
 * when they begin and undo what they did when they end; edge conditions (a link failover, a deadlock) act per
 * occurrence. Every action is idempotent (a bundle already stopped is not stopped again, nor started by us
 * unless we stopped it), alarms are rate-limited per rule and target, and each is logged with its reason.
 *
 * <p>Not thread-safe: used on the coordinator's thread only. The side effects go through {@link Actuator}.
 */
final class RuleEngine {

    private static final Logger LOG = LoggerFactory.getLogger(RuleEngine.class);

    /** The side effects a rule can have. */
    interface Actuator {
        /** Sends an alarm (or holds it while no uplink takes messages); false when the uplink refused it for good. */
        boolean alarm(String rule, String text);

        /** Stops those of the bundles that are active; returns the ones it stopped. */
        List<String> stopBundles(List<String> symbolicNames, String reason);

        /** Starts those of the bundles that are not active; returns the ones it started. */
        List<String> startBundles(List<String> symbolicNames, String reason);

        /** Stops and starts the bundle that registered the component's health; null when done, else why not. */
        String restartBundleOf(String component, String reason);

        /** Lets only alarms out of the uplink; false when there is no uplink control to ask (applied when it comes). */
        boolean restrictTelemetry(String reason);

        /** Lets every priority out again; false when there is no uplink control to ask. */
        boolean unrestrictTelemetry(String reason);
    }

    /**
     * What the situation is, as far as the rules care.
     *
     * @param mainsLost why mains counts as lost (see {@link MainsLoss}), null when it does not
     * @param episodes  the id of the newest open episode of each dimension: a level condition beginning again
     *                  within the same episode is a repeat (rate-limited), in a new one it is news
     */
    record Situation(PowerState power, String mainsLost, boolean uplinkFallback, boolean raidDegraded,
            CabinetState cabinet, Map<String, Health> components, Dimension drilled, Map<Dimension, String> episodes) {

        Situation {
            episodes = Map.copyOf(episodes);
        }
    }

    /** An action taken, for the log, the events and the history. */
    record Taken(String rule, String action, String target, String reason, Dimension dimension, String component,
            Instant at, Instant faultSince) {
    }

    private static final class Track {
        Instant downSince;
        Instant lastRestart;
        final Deque<Instant> restarts = new ArrayDeque<>();
        int total;
        boolean escalated;
    }

    private static final class State {
        final RuleSettings rule;
        boolean active;
        // this rule wants telemetry cut to alarms; the uplink is restricted while any rule does
        boolean restricting;
        final Set<String> stopped = new LinkedHashSet<>();
        final Map<String, Instant> lastAlarm = new HashMap<>();
        // the rate-limit key of the alarm that said the condition began, for the one that says it is over
        String begun;
        final Map<String, Track> tracks = new HashMap<>();

        State(RuleSettings rule) {
            this.rule = rule;
        }
    }

    private final Map<Object, State> rules = new LinkedHashMap<>();

    /** Adds or replaces a rule under {@code key}. A replaced rule keeps what it stopped (so it can restore it). */
    void put(Object key, RuleSettings rule) {
        State old = rules.get(key);
        State s = new State(rule);
        if (old != null) {
            s.stopped.addAll(old.stopped);
            s.active = old.active && old.rule.condition() == rule.condition();
            // lifted by the next evaluate() if the new rule no longer wants it (see level())
            s.restricting = old.restricting;
            s.lastAlarm.putAll(old.lastAlarm);
        }
        rules.put(key, s);
    }

    /** Removes a rule; whatever it stopped is started again. */
    List<Taken> remove(Object key, Instant now, Actuator a) {
        State s = rules.remove(key);
        List<Taken> out = new ArrayList<>();
        if (s != null && !s.stopped.isEmpty()) {
            restore(s, "rule " + s.rule.name() + " removed", now, a, out);
        }
        if (s != null && s.restricting) {
            s.restricting = false;
            unrestrict(s, "rule " + s.rule.name() + " removed", now, a, out);
        }
        return out;
    }

    int size() {
        return rules.size();
    }

    /** True while some rule wants telemetry cut to alarms only. */
    boolean telemetryRestricted() {
        return rules.values().stream().anyMatch(st -> st.restricting);
    }

    /** Why telemetry is cut to alarms (the rules holding it), or null when no rule does. */
    String restrictionReason() {
        List<String> names = rules.values().stream().filter(st -> st.restricting).map(st -> st.rule.name()).toList();
        return names.isEmpty() ? null : "rule(s) " + String.join(", ", names);
    }

    /** True while some component is DOWN under a rule that has not acted on it yet: time alone will make it act. */
    boolean waitingOnTime() {
        for (State s : rules.values()) {
            for (Track t : s.tracks.values()) {
                if (!t.escalated) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Evaluates every level rule against the situation. */
    List<Taken> evaluate(Situation s, Instant now, Actuator a) {
        List<Taken> out = new ArrayList<>();
        for (State st : rules.values()) {
            RuleSettings r = st.rule;
            switch (r.condition()) {
                case LINK_FAILOVER, DEADLOCK -> {
                    // edge conditions: see occurred()
                }
                case COMPONENT_DOWN -> components(st, s, now, a, out);
                default -> level(st, s, now, a, out);
            }
        }
        return out;
    }

    /** An edge condition happened (a link failover, a deadlock): every rule on it acts. */
    List<Taken> occurred(RuleSettings.Condition condition, String target, String reason, Dimension drilled, Instant now,
            Actuator a) {
        List<Taken> out = new ArrayList<>();
        for (State st : rules.values()) {
            if (st.rule.condition() != condition || drilled != null && drilled == dimension(condition)) {
                continue;
            }
            if (st.rule.actions().contains(RuleSettings.Action.ALARM)) {
                alarm(st, target, target, reason, dimension(condition), now, a, out);
            }
            if (st.rule.actions().contains(RuleSettings.Action.STOP_BUNDLES)) {
                // an occurrence has no end to restore on: stop, and leave it to the integrator
                stop(st, reason, dimension(condition), now, a, out);
            }
        }
        return out;
    }

    private void level(State st, Situation s, Instant now, Actuator a, List<Taken> out) {
        RuleSettings r = st.rule;
        Dimension d = dimension(r.condition());
        if (s.drilled() != null && (s.drilled() == d || d == null)) {
            // The drill provoked it (a cabinet-wide condition too: a drill degrades the cabinet on purpose):
            // neither act nor undo until the drill is over. A real fault meanwhile aborts the drill first.
            return;
        }
        String reason = holds(r.condition(), s);
        if (reason != null && !st.active) {
            st.active = true;
            LOG.info("Rule {}: {} begins ({})", r.name(), r.condition(), reason);
            String episode = d == null ? null : s.episodes().get(d);
            st.begun = r.condition().name() + (episode == null ? "" : " in " + episode);
            if (r.actions().contains(RuleSettings.Action.ALARM)) {
                alarm(st, r.condition().name(), st.begun, reason, d, now, a, out);
            }
            if (r.actions().contains(RuleSettings.Action.STOP_BUNDLES)) {
                stop(st, reason, d, now, a, out);
            }
            if (r.actions().contains(RuleSettings.Action.TELEMETRY_ALARMS_ONLY) && !st.restricting) {
                restrict(st, reason, d, now, a, out);
            }
        } else if (reason != null && r.actions().contains(RuleSettings.Action.TELEMETRY_ALARMS_ONLY) && !st.restricting) {
            // the rule was reconfigured while its condition holds, and now wants the restriction
            restrict(st, reason, d, now, a, out);
        } else if (reason == null && st.active) {
            st.active = false;
            String why = r.condition() + " is over";
            LOG.info("Rule {}: {}", r.name(), why);
            if (r.actions().contains(RuleSettings.Action.ALARM)) {
                String begun = st.begun == null ? r.condition().name() : st.begun;
                alarm(st, r.condition().name() + " cleared", begun + " cleared", why, d, now, a, out);
            }
            restore(st, why, now, a, out);
        }
        if (st.restricting && (!st.active || !r.actions().contains(RuleSettings.Action.TELEMETRY_ALARMS_ONLY))) {
            // the condition is over, or a reconfigured rule no longer wants the restriction
            st.restricting = false;
            unrestrict(st, st.active ? "rule " + r.name() + " no longer cuts telemetry" : r.condition() + " is over",
                    now, a, out);
        }
    }

    private void restrict(State st, String reason, Dimension d, Instant now, Actuator a, List<Taken> out) {
        boolean first = !telemetryRestricted();
        st.restricting = true;
        if (!first) {
            LOG.info("Rule {}: telemetry already cut to alarms only by another rule; {}", st.rule.name(), reason);
            return;
        }
        boolean applied = a.restrictTelemetry(st.rule.name() + ": " + reason);
        LOG.warn("Rule {}: telemetry cut to alarms only because {}{}", st.rule.name(), reason,
                applied ? "" : " (no uplink control yet; applied when it appears)");
        out.add(new Taken(st.rule.name(), "TELEMETRY_ALARMS_ONLY", "uplink", reason, d, null, now, null));
    }

    /** Called after {@code st.restricting} was cleared: lifts the restriction unless another rule still holds it. */
    private void unrestrict(State st, String reason, Instant now, Actuator a, List<Taken> out) {
        if (telemetryRestricted()) {
            LOG.info("Rule {}: {}; telemetry stays cut to alarms by {}", st.rule.name(), reason, restrictionReason());
            return;
        }
        boolean applied = a.unrestrictTelemetry(st.rule.name() + ": " + reason);
        LOG.info("Rule {}: all telemetry goes out again because {}{}", st.rule.name(), reason,
                applied ? "" : " (no uplink control to tell)");
        out.add(new Taken(st.rule.name(), "TELEMETRY_RESTORED", "uplink", reason, dimension(st.rule.condition()), null,
                now, null));
    }

    /** Why the condition holds, or null when it does not. */
    static String holds(RuleSettings.Condition c, Situation s) {
        PowerState p = s.power();
        return switch (c) {
            case BATTERY_LOW -> p == PowerState.BATTERY_LOW ? "UPS battery low" : null;
            case ON_UPS_BATTERY -> p == PowerState.ON_UPS_BATTERY || p == PowerState.BATTERY_LOW
                    ? "on UPS battery" : null;
            case MAINS_LOST -> s.mainsLost();
            case UPLINK_FALLBACK -> s.uplinkFallback() ? "uplink not on MQTT" : null;
            case RAID_DEGRADED -> s.raidDegraded() ? "a RAID array is degraded" : null;
            case CABINET_DEGRADED -> s.cabinet() != CabinetState.NORMAL ? "cabinet " + s.cabinet() : null;
            case CABINET_CRITICAL -> s.cabinet() == CabinetState.CRITICAL ? "cabinet CRITICAL" : null;
            default -> null;
        };
    }

    private void components(State st, Situation s, Instant now, Actuator a, List<Taken> out) {
        RuleSettings r = st.rule;
        for (Map.Entry<String, Health> e : s.components().entrySet()) {
            String name = e.getKey();
            if (!r.component().matcher(name).matches()) {
                continue;
            }
            Dimension d = CabinetAssessment.dimensionOf(name);
            Health h = e.getValue();
            Track t = st.tracks.get(name);
            if (h.state() != HealthState.DOWN) {
                if (t != null) {
                    st.tracks.remove(name);
                    if (t.total > 0 || t.escalated) {
                        LOG.info("Rule {}: {} is {} again after {} restart(s)", r.name(), name, h.state(), t.total);
                        out.add(new Taken(r.name(), "RECOVERED", name, name + " is " + h.state() + " again", d, name, now,
                                t.downSince));
                    }
                }
                continue;
            }
            if (s.drilled() != null && s.drilled() == d) {
                continue; // a link the drill holds down is DOWN on purpose
            }
            if (t == null) {
                t = new Track();
                t.downSince = h.since().isAfter(now) ? now : h.since();
                st.tracks.put(name, t);
            }
            if (t.escalated) {
                continue;
            }
            Instant waitFrom = t.lastRestart != null && t.lastRestart.isAfter(t.downSince) ? t.lastRestart : t.downSince;
            if (Duration.between(waitFrom, now).compareTo(r.downFor()) < 0) {
                continue;
            }
            while (!t.restarts.isEmpty() && Duration.between(t.restarts.peekFirst(), now).compareTo(r.restartWindow()) > 0) {
                t.restarts.removeFirst();
            }
            String reason = name + " DOWN for " + Duration.between(t.downSince, now).toSeconds() + " s"
                    + (h.reason().isEmpty() ? "" : " (" + h.reason() + ")");
            if (r.actions().contains(RuleSettings.Action.RESTART_BUNDLE) && t.restarts.size() < r.restartBudget()) {
                t.lastRestart = now;
                t.restarts.addLast(now);
                t.total++;
                String refused = a.restartBundleOf(name, reason);
                if (refused == null) {
                    LOG.warn("Rule {}: restarted the bundle of {} ({}/{} in {} min): {}", r.name(), name, t.restarts.size(),
                            r.restartBudget(), r.restartWindow().toMinutes(), reason);
                    out.add(new Taken(r.name(), "RESTART_BUNDLE", name, reason + "; restart " + t.restarts.size() + " of "
                            + r.restartBudget(), d, name, now, t.downSince));
                    continue;
                }
                reason = reason + "; cannot restart: " + refused;
            } else if (r.actions().contains(RuleSettings.Action.RESTART_BUNDLE)) {
                reason = reason + "; restart budget of " + r.restartBudget() + " in " + r.restartWindow().toMinutes()
                        + " min used up";
            }
            // Out of budget, not restartable, or no restart wanted: say so once and stop trying until it recovers.
            t.escalated = true;
            LOG.error("Rule {}: escalating {}: {}", r.name(), name, reason);
            out.add(new Taken(r.name(), "ESCALATE", name, reason, d, name, now, t.downSince));
            if (r.actions().contains(RuleSettings.Action.ALARM) || r.actions().contains(RuleSettings.Action.RESTART_BUNDLE)) {
                alarm(st, name, name, reason, d, now, a, out);
            }
        }
    }

    /**
     * Sends an alarm unless the same one ({@code key}) went out less than the rule's minimum interval ago. The key is
     * the target, and for a level condition also its episode: a new episode is never held back.
     */
    private void alarm(State st, String target, String key, String reason, Dimension d, Instant now, Actuator a,
            List<Taken> out) {
        st.lastAlarm.values().removeIf(t -> Duration.between(t, now).compareTo(st.rule.minInterval()) >= 0);
        Instant last = st.lastAlarm.get(key);
        if (last != null && Duration.between(last, now).compareTo(st.rule.minInterval()) < 0) {
            LOG.debug("Rule {}: alarm on {} suppressed (rate limit {} s): {}", st.rule.name(), target,
                    st.rule.minInterval().toSeconds(), reason);
            return;
        }
        String text = st.rule.name() + ": " + reason;
        if (a.alarm(st.rule.name(), text)) {
            st.lastAlarm.put(key, now);
            LOG.warn("Rule {}: alarm given to the uplink: {}", st.rule.name(), reason);
        } else {
            LOG.warn("Rule {}: alarm refused by the uplink (see its reason above): {}", st.rule.name(), reason);
        }
        out.add(new Taken(st.rule.name(), "ALARM", target, reason, d, null, now, null));
    }

    private void stop(State st, String reason, Dimension d, Instant now, Actuator a, List<Taken> out) {
        List<String> wanted = st.rule.bundles().stream().filter(b -> !st.stopped.contains(b)).toList();
        if (wanted.isEmpty()) {
            return;
        }
        List<String> stopped = a.stopBundles(wanted, reason);
        st.stopped.addAll(stopped);
        for (String b : stopped) {
            LOG.warn("Rule {}: stopped {} because {}", st.rule.name(), b, reason);
            out.add(new Taken(st.rule.name(), "STOP_BUNDLES", b, reason, d, null, now, null));
        }
    }

    private void restore(State st, String reason, Instant now, Actuator a, List<Taken> out) {
        if (st.stopped.isEmpty()) {
            return;
        }
        List<String> started = a.startBundles(List.copyOf(st.stopped), reason);
        st.stopped.clear();
        for (String b : started) {
            LOG.info("Rule {}: started {} again because {}", st.rule.name(), b, reason);
            out.add(new Taken(st.rule.name(), "START_BUNDLES", b, reason, dimension(st.rule.condition()), null, now, null));
        }
    }

    static Dimension dimension(RuleSettings.Condition c) {
        return switch (c) {
            case BATTERY_LOW, ON_UPS_BATTERY, MAINS_LOST -> Dimension.POWER;
            case LINK_FAILOVER -> Dimension.NETWORK;
            case UPLINK_FALLBACK -> Dimension.UPLINK;
            case RAID_DEGRADED -> Dimension.STORAGE;
            case DEADLOCK, COMPONENT_DOWN -> Dimension.SOFTWARE;
            case CABINET_DEGRADED, CABINET_CRITICAL -> null;
        };
    }
}
