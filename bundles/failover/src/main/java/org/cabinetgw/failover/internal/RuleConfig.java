package org.cabinetgw.failover.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(
        id = RuleComponent.FACTORY_PID,
        name = "Cabinet Gateway failover rule",
        description = "One rule of the failover coordinator: when the condition holds, the actions are taken "
                + "(once, rate-limited, logged with the reason); when it ends, what was stopped is started again.")
@interface RuleConfig {

    @AttributeDefinition(name = "Name", description = "The rule's name, shown in logs, events, alarms and the history.")
    String name() default "rule";

    @AttributeDefinition(name = "Condition", description = "When the rule applies.", options = {
            @Option(value = "BATTERY_LOW", label = "UPS battery low"),
            @Option(value = "ON_UPS_BATTERY", label = "On UPS battery (or battery low)"),
            @Option(value = "MAINS_LOST", label = "Mains lost (on generator or battery)"),
            @Option(value = "LINK_FAILOVER", label = "A link failover happened"),
            @Option(value = "UPLINK_FALLBACK", label = "Uplink not on MQTT"),
            @Option(value = "RAID_DEGRADED", label = "A RAID array is degraded"),
            @Option(value = "COMPONENT_DOWN", label = "A component is DOWN for the set time"),
            @Option(value = "CABINET_DEGRADED", label = "Cabinet state DEGRADED or CRITICAL"),
            @Option(value = "CABINET_CRITICAL", label = "Cabinet state CRITICAL"),
            @Option(value = "DEADLOCK", label = "Deadlocked threads found") })
    String condition() default "BATTERY_LOW";

    @AttributeDefinition(name = "Actions", description = "What to do: ALARM (an alarm through the uplink, and a "
            + "'cleared' alarm when the condition ends), STOP_BUNDLES (stop the bundles listed below, start them "
            + "again when the condition ends), RESTART_BUNDLE (COMPONENT_DOWN only: stop and start the bundle of the "
            + "component, within the restart budget, then escalate), TELEMETRY_ALARMS_ONLY (not with LINK_FAILOVER, "
            + "DEADLOCK, COMPONENT_DOWN: only alarms leave through the uplink while the condition holds; the rest "
            + "waits in its queue and follows when the condition ends).")
    String[] actions() default { "ALARM" };

    @AttributeDefinition(name = "Bundles to stop", required = false, description = "Symbolic names of the "
            + "non-critical bundles STOP_BUNDLES stops (transiently: a restart of the gateway starts them again).")
    String[] bundles() default {};

    @AttributeDefinition(name = "Component", description = "COMPONENT_DOWN: the health component names the rule "
            + "watches; '*' matches any characters, e.g. 'storage.*'.")
    String component() default "*";

    /** The range of down.seconds, for the Metatype and the settings check (CHANGES.md rule 3). */
    int DOWN_SECONDS_MIN = 1, DOWN_SECONDS_MAX = 86_400;

    @AttributeDefinition(name = "Down for (s)", description = "COMPONENT_DOWN: how long a component must be DOWN "
            + "before the rule acts (and, after a restart, before it acts again).",
            min = "" + DOWN_SECONDS_MIN, max = "" + DOWN_SECONDS_MAX)
    int down_seconds() default 60;

    /** The range of restart.budget, for the Metatype and the settings check (CHANGES.md rule 3). */
    int RESTART_BUDGET_MIN = 1, RESTART_BUDGET_MAX = 100;

    @AttributeDefinition(name = "Restart budget", description = "RESTART_BUNDLE: restarts allowed per component "
            + "within the window; one more DOWN and the rule escalates (alarm) and stops trying.",
            min = "" + RESTART_BUDGET_MIN, max = "" + RESTART_BUDGET_MAX)
    int restart_budget() default 3;

    /** The range of restart.window.minutes, for the Metatype and the settings check (CHANGES.md rule 3). */
    int RESTART_WINDOW_MINUTES_MIN = 1, RESTART_WINDOW_MINUTES_MAX = 10_080;

    @AttributeDefinition(name = "Restart window (min)", description = "RESTART_BUNDLE: the window the budget counts in.",
            min = "" + RESTART_WINDOW_MINUTES_MIN, max = "" + RESTART_WINDOW_MINUTES_MAX)
    int restart_window_minutes() default 60;

    /** The range of min.interval.seconds, for the Metatype and the settings check (CHANGES.md rule 3). */
    int MIN_INTERVAL_SECONDS_MIN = 0, MIN_INTERVAL_SECONDS_MAX = 86_400;

    @AttributeDefinition(name = "Minimum interval (s)", description = "Rate limit: the same alarm of this rule is "
            + "sent at most once per interval; 0 sends every one.",
            min = "" + MIN_INTERVAL_SECONDS_MIN, max = "" + MIN_INTERVAL_SECONDS_MAX)
    int min_interval_seconds() default 300;
}
