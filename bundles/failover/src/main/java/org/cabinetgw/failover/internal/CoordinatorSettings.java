package org.cabinetgw.failover.internal;

import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import org.cabinetgw.failover.DrillKind;

/** The coordinator's configuration, checked. */
record CoordinatorSettings(int historyMaxEpisodes, Duration recheck, Duration startupSettle, Duration deadlockCheck,
        Duration upsCritical,
        Map<DrillKind, DrillRunner.Targets> targets, Duration drillSchedule, Set<DrillKind> scheduledDrills,
        String telemetryTopic, String alarmTopic, Duration pairSilenceEpisode) {

    static CoordinatorSettings from(CoordinatorConfig c) {
        String pid = Coordinator.PID;
        int history = Validation.range(pid, "history.max.episodes", c.history_max_episodes(),
                CoordinatorConfig.HISTORY_MAX_EPISODES_MIN, CoordinatorConfig.HISTORY_MAX_EPISODES_MAX);
        int recheck = Validation.range(pid, "recheck.seconds", c.recheck_seconds(),
                CoordinatorConfig.RECHECK_SECONDS_MIN, CoordinatorConfig.RECHECK_SECONDS_MAX);
        int settle = Validation.range(pid, "startup.settle.seconds", c.startup_settle_seconds(),
                CoordinatorConfig.STARTUP_SETTLE_SECONDS_MIN, CoordinatorConfig.STARTUP_SETTLE_SECONDS_MAX);
        int deadlock = Validation.range(pid, "deadlock.check.seconds", c.deadlock_check_seconds(),
                CoordinatorConfig.DEADLOCK_CHECK_SECONDS_MIN, CoordinatorConfig.DEADLOCK_CHECK_SECONDS_MAX);
        int ups = Validation.range(pid, "ups.critical.minutes", c.ups_critical_minutes(),
                CoordinatorConfig.UPS_CRITICAL_MINUTES_MIN, CoordinatorConfig.UPS_CRITICAL_MINUTES_MAX);
        Map<DrillKind, DrillRunner.Targets> targets = new EnumMap<>(DrillKind.class);
        targets.put(DrillKind.LINK, new DrillRunner.Targets(
                seconds(pid, "drill.link.failover.target.seconds", c.drill_link_failover_target_seconds()),
                seconds(pid, "drill.link.failback.target.seconds", c.drill_link_failback_target_seconds())));
        targets.put(DrillKind.UPLINK, new DrillRunner.Targets(
                seconds(pid, "drill.uplink.failover.target.seconds", c.drill_uplink_failover_target_seconds()),
                seconds(pid, "drill.uplink.failback.target.seconds", c.drill_uplink_failback_target_seconds())));
        int schedule = Validation.range(pid, "drill.schedule.hours", c.drill_schedule_hours(),
                CoordinatorConfig.DRILL_SCHEDULE_HOURS_MIN, CoordinatorConfig.DRILL_SCHEDULE_HOURS_MAX);
        Set<DrillKind> kinds = EnumSet.noneOf(DrillKind.class);
        for (String k : c.drill_schedule_kinds() == null ? new String[0] : c.drill_schedule_kinds()) {
            kinds.add(Validation.oneOf(pid, "drill.schedule.kinds", k, DrillKind.class));
        }
        String telemetry = topic(pid, "telemetry.topic", c.telemetry_topic());
        String alarm = topic(pid, "alarm.topic", c.alarm_topic());
        int silence = Validation.range(pid, "pair.silence.episode.millis", c.pair_silence_episode_millis(),
                CoordinatorConfig.PAIR_SILENCE_EPISODE_MILLIS_MIN, CoordinatorConfig.PAIR_SILENCE_EPISODE_MILLIS_MAX);
        return new CoordinatorSettings(history, Duration.ofSeconds(recheck), Duration.ofSeconds(settle), Duration.ofSeconds(deadlock),
                Duration.ofMinutes(ups), targets, Duration.ofHours(schedule), Set.copyOf(kinds), telemetry, alarm,
                Duration.ofMillis(silence));
    }

    private static Duration seconds(String pid, String attribute, int value) {
        return Duration.ofSeconds(Validation.range(pid, attribute, value, 1, 3600));
    }

    private static String topic(String pid, String attribute, String value) {
        String t = Validation.text(pid, attribute, value, 200);
        if (t.startsWith("/") || t.endsWith("/") || t.contains("+") || t.contains("#")) {
            throw new IllegalArgumentException(pid + ": " + attribute + " = '" + value
                    + "' is not an uplink topic; no leading or trailing '/', no '+' or '#'");
        }
        return t;
    }
}
