package org.cabinetgw.failover.internal;

import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** A rule's configuration, checked. Refuses anything out of range with the attribute, value and what is allowed. */
record RuleSettings(String name, Condition condition, Set<Action> actions, List<String> bundles, Pattern component,
        Duration downFor, int restartBudget, Duration restartWindow, Duration minInterval) {

    enum Condition { BATTERY_LOW, ON_UPS_BATTERY, MAINS_LOST, LINK_FAILOVER, UPLINK_FALLBACK, RAID_DEGRADED,
        COMPONENT_DOWN, CABINET_DEGRADED, CABINET_CRITICAL, DEADLOCK }

    enum Action { ALARM, STOP_BUNDLES, RESTART_BUNDLE, TELEMETRY_ALARMS_ONLY }

    /** Conditions that begin and end: only these can hold a restriction that is lifted when they clear. */
    static final Set<Condition> LEVEL_CONDITIONS = EnumSet.of(Condition.BATTERY_LOW, Condition.ON_UPS_BATTERY,
            Condition.MAINS_LOST, Condition.UPLINK_FALLBACK, Condition.RAID_DEGRADED, Condition.CABINET_DEGRADED,
            Condition.CABINET_CRITICAL);

    RuleSettings {
        actions = Set.copyOf(actions);
        bundles = List.copyOf(bundles);
    }

    static RuleSettings from(RuleConfig c) {
        return of(c.name(), c.condition(), c.actions(), c.bundles(), c.component(), c.down_seconds(), c.restart_budget(),
                c.restart_window_minutes(), c.min_interval_seconds());
    }

    static RuleSettings of(String name, String condition, String[] actions, String[] bundles, String component,
            int downSeconds, int budget, int windowMinutes, int minIntervalSeconds) {
        String pid = RuleComponent.FACTORY_PID;
        String n = Validation.text(pid, "name", name, 100);
        Condition cond = Validation.oneOf(pid, "condition", condition, Condition.class);
        Set<Action> acts = EnumSet.noneOf(Action.class);
        for (String a : actions == null ? new String[0] : actions) {
            acts.add(Validation.oneOf(pid, "actions", a, Action.class));
        }
        if (acts.isEmpty()) {
            throw new IllegalArgumentException(pid + ": actions = [] is not allowed; at least one of "
                    + EnumSet.allOf(Action.class));
        }
        if (acts.contains(Action.RESTART_BUNDLE) && cond != Condition.COMPONENT_DOWN) {
            throw new IllegalArgumentException(pid + ": actions = RESTART_BUNDLE is allowed only with condition "
                    + "COMPONENT_DOWN, not " + cond);
        }
        if (acts.contains(Action.TELEMETRY_ALARMS_ONLY) && !LEVEL_CONDITIONS.contains(cond)) {
            // an occurrence (a link failover, a deadlock) or a per-component rule has no end to lift it on
            throw new IllegalArgumentException(pid + ": actions = TELEMETRY_ALARMS_ONLY is allowed only with condition "
                    + "one of " + LEVEL_CONDITIONS + ", not " + cond);
        }
        Set<String> bsns = new LinkedHashSet<>();
        for (String b : bundles == null ? new String[0] : bundles) {
            if (b != null && !b.isBlank()) {
                bsns.add(Validation.symbolicName(pid, "bundles", b.trim()));
            }
        }
        if (acts.contains(Action.STOP_BUNDLES) && bsns.isEmpty()) {
            throw new IllegalArgumentException(pid + ": bundles = [] is not allowed with STOP_BUNDLES; name at least "
                    + "one bundle symbolic name");
        }
        String glob = Validation.text(pid, "component", component, 200);
        int down = Validation.range(pid, "down.seconds", downSeconds,
                RuleConfig.DOWN_SECONDS_MIN, RuleConfig.DOWN_SECONDS_MAX);
        int b = Validation.range(pid, "restart.budget", budget,
                RuleConfig.RESTART_BUDGET_MIN, RuleConfig.RESTART_BUDGET_MAX);
        int w = Validation.range(pid, "restart.window.minutes", windowMinutes,
                RuleConfig.RESTART_WINDOW_MINUTES_MIN, RuleConfig.RESTART_WINDOW_MINUTES_MAX);
        int i = Validation.range(pid, "min.interval.seconds", minIntervalSeconds,
                RuleConfig.MIN_INTERVAL_SECONDS_MIN, RuleConfig.MIN_INTERVAL_SECONDS_MAX);
        return new RuleSettings(n, cond, acts, List.copyOf(bsns), globToPattern(glob), Duration.ofSeconds(down), b,
                Duration.ofMinutes(w), Duration.ofSeconds(i));
    }

    /** '*' matches any characters; everything else is literal. */
    static Pattern globToPattern(String glob) {
        StringBuilder re = new StringBuilder();
        String[] parts = glob.split("\\*", -1);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                re.append(".*");
            }
            if (!parts[i].isEmpty()) {
                re.append(Pattern.quote(parts[i]));
            }
        }
        return Pattern.compile(re.toString());
    }
}
