package org.cabinetgw.failover.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        id = Coordinator.PID,
        name = "Cabinet Gateway failover coordinator",
        description = "One cabinet state from every component's health and the power, network, uplink and storage "
                + "events; the failover history; failover drills. Rules are configured separately "
                + "(factory " + RuleComponent.FACTORY_PID + ").")
@interface CoordinatorConfig {

    /** The range of history.max.episodes, for the Metatype and the settings check (CHANGES.md rule 3). */
    int HISTORY_MAX_EPISODES_MIN = 10, HISTORY_MAX_EPISODES_MAX = 100_000;

    @AttributeDefinition(name = "History size", description = "Episodes kept in the failover history; the oldest "
            + "are dropped.", min = "" + HISTORY_MAX_EPISODES_MIN, max = "" + HISTORY_MAX_EPISODES_MAX)
    int history_max_episodes() default 1000;

    /** The range of recheck.seconds, for the Metatype and the settings check (CHANGES.md rule 3). */
    int RECHECK_SECONDS_MIN = 1, RECHECK_SECONDS_MAX = 3600;

    @AttributeDefinition(name = "Re-check interval (s)", description = "How often everything is read again, as a "
            + "safety net for a lost event. Changes are normally seen at once through events.",
            min = "" + RECHECK_SECONDS_MIN, max = "" + RECHECK_SECONDS_MAX)
    int recheck_seconds() default 10;

    /** The range of startup.settle.seconds, for the Metatype and the settings check (CHANGES.md rule 3). */
    int STARTUP_SETTLE_SECONDS_MIN = 0, STARTUP_SETTLE_SECONDS_MAX = 600;

    @AttributeDefinition(name = "Startup settle time (s)", description = "After the coordinator starts, the other "
            + "components need a moment to report (the uplink connecting, meters and disks read for the first time). "
            + "For this long the cabinet state is shown but rules do not act and state changes are not sent through "
            + "the uplink; a condition still present afterwards acts then, and the state is sent once. 0: act at once.",
            min = "" + STARTUP_SETTLE_SECONDS_MIN, max = "" + STARTUP_SETTLE_SECONDS_MAX)
    int startup_settle_seconds() default 15;

    /** The range of deadlock.check.seconds, for the Metatype and the settings check (CHANGES.md rule 3). */
    int DEADLOCK_CHECK_SECONDS_MIN = 0, DEADLOCK_CHECK_SECONDS_MAX = 3600;

    @AttributeDefinition(name = "Deadlock check (s)", description = "How often the JVM is asked for deadlocked "
            + "threads; 0 turns the check off.",
            min = "" + DEADLOCK_CHECK_SECONDS_MIN, max = "" + DEADLOCK_CHECK_SECONDS_MAX)
    int deadlock_check_seconds() default 30;

    /** The range of ups.critical.minutes, for the Metatype and the settings check (CHANGES.md rule 3). */
    int UPS_CRITICAL_MINUTES_MIN = 0, UPS_CRITICAL_MINUTES_MAX = 1440;

    @AttributeDefinition(name = "UPS critical runtime (min)", description = "On UPS battery with less runtime left "
            + "than this, the cabinet is CRITICAL (DEGRADED otherwise).",
            min = "" + UPS_CRITICAL_MINUTES_MIN, max = "" + UPS_CRITICAL_MINUTES_MAX)
    int ups_critical_minutes() default 5;

    /** The range of drill.link.failover.target.seconds, for the Metatype and the settings check (CHANGES.md rule 3). */
    int DRILL_LINK_FAILOVER_TARGET_SECONDS_MIN = 1, DRILL_LINK_FAILOVER_TARGET_SECONDS_MAX = 3600;

    @AttributeDefinition(name = "Link drill: failover target (s)", description = "A link drill passes only if "
            + "traffic leaves the forced-down link within this time.",
            min = "" + DRILL_LINK_FAILOVER_TARGET_SECONDS_MIN, max = "" + DRILL_LINK_FAILOVER_TARGET_SECONDS_MAX)
    int drill_link_failover_target_seconds() default 30;

    /** The range of drill.link.failback.target.seconds, for the Metatype and the settings check (CHANGES.md rule 3). */
    int DRILL_LINK_FAILBACK_TARGET_SECONDS_MIN = 1, DRILL_LINK_FAILBACK_TARGET_SECONDS_MAX = 3600;

    @AttributeDefinition(name = "Link drill: fail-back target (s)", description = "... and comes back to it within "
            + "this time after release (include the link manager's fail-back hold time).",
            min = "" + DRILL_LINK_FAILBACK_TARGET_SECONDS_MIN, max = "" + DRILL_LINK_FAILBACK_TARGET_SECONDS_MAX)
    int drill_link_failback_target_seconds() default 180;

    /** The range of drill.uplink.failover.target.seconds, for the Metatype and the settings check (CHANGES.md rule 3). */
    int DRILL_UPLINK_FAILOVER_TARGET_SECONDS_MIN = 1, DRILL_UPLINK_FAILOVER_TARGET_SECONDS_MAX = 3600;

    @AttributeDefinition(name = "Uplink drill: failover target (s)", description = "An uplink drill passes only if "
            + "HTTP takes over within this time after MQTT is suspended.",
            min = "" + DRILL_UPLINK_FAILOVER_TARGET_SECONDS_MIN, max = "" + DRILL_UPLINK_FAILOVER_TARGET_SECONDS_MAX)
    int drill_uplink_failover_target_seconds() default 60;

    /** The range of drill.uplink.failback.target.seconds, for the Metatype and the settings check (CHANGES.md rule 3). */
    int DRILL_UPLINK_FAILBACK_TARGET_SECONDS_MIN = 1, DRILL_UPLINK_FAILBACK_TARGET_SECONDS_MAX = 3600;

    @AttributeDefinition(name = "Uplink drill: fail-back target (s)", description = "... and MQTT takes over again "
            + "within this time after it is resumed.",
            min = "" + DRILL_UPLINK_FAILBACK_TARGET_SECONDS_MIN, max = "" + DRILL_UPLINK_FAILBACK_TARGET_SECONDS_MAX)
    int drill_uplink_failback_target_seconds() default 120;

    /** The range of drill.schedule.hours, for the Metatype and the settings check (CHANGES.md rule 3). */
    int DRILL_SCHEDULE_HOURS_MIN = 0, DRILL_SCHEDULE_HOURS_MAX = 8760;

    @AttributeDefinition(name = "Drill schedule (h)", description = "Run the drills below every this many hours; "
            + "0 (the default) runs drills only on demand.",
            min = "" + DRILL_SCHEDULE_HOURS_MIN, max = "" + DRILL_SCHEDULE_HOURS_MAX)
    int drill_schedule_hours() default 0;

    @AttributeDefinition(name = "Scheduled drills", description = "Which drills the schedule runs: LINK, UPLINK.")
    String[] drill_schedule_kinds() default { "LINK", "UPLINK" };

    /** The range of pair.silence.episode.millis, for the Metatype and the settings check (CHANGES.md rule 3). */
    int PAIR_SILENCE_EPISODE_MILLIS_MIN = 0, PAIR_SILENCE_EPISODE_MILLIS_MAX = 600_000;

    @AttributeDefinition(name = "Pair: silence before an episode (ms)", description = "The peer gateway silent on "
            + "every heartbeat path becomes a failover episode once it stays silent this long after ha declared it, "
            + "or at once when this node acts on it (takes over, steps down). Heard again sooner with nothing done, "
            + "it is a heartbeat gap: counted and logged, no episode. 0: every silence is an episode.",
            min = "" + PAIR_SILENCE_EPISODE_MILLIS_MIN, max = "" + PAIR_SILENCE_EPISODE_MILLIS_MAX)
    int pair_silence_episode_millis() default 1000;

    @AttributeDefinition(name = "Telemetry topic", description = "Uplink topic of the cabinet state messages.")
    String telemetry_topic() default "failover/cabinet";

    @AttributeDefinition(name = "Alarm topic", description = "Uplink topic of the alarms (rules, escalations, "
            + "deadlocks, failed drills).")
    String alarm_topic() default "failover/alarm";
}
