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

    @AttributeDefinition(name = "History size", description = "Episodes kept in the failover history; the oldest "
            + "are dropped.", min = "10", max = "100000")
    int history_max_episodes() default 1000;

    @AttributeDefinition(name = "Re-check interval (s)", description = "How often everything is read again, as a "
            + "safety net for a lost event. Changes are normally seen at once through events.", min = "1", max = "3600")
    int recheck_seconds() default 10;

    @AttributeDefinition(name = "Startup settle time (s)", description = "After the coordinator starts, the other "
            + "components need a moment to report (the uplink connecting, meters and disks read for the first time). "
            + "For this long the cabinet state is shown but rules do not act and state changes are not sent through "
            + "the uplink; a condition still present afterwards acts then, and the state is sent once. 0: act at once.",
            min = "0", max = "600")
    int startup_settle_seconds() default 15;

    @AttributeDefinition(name = "Deadlock check (s)", description = "How often the JVM is asked for deadlocked "
            + "threads; 0 turns the check off.", min = "0", max = "3600")
    int deadlock_check_seconds() default 30;

    @AttributeDefinition(name = "UPS critical runtime (min)", description = "On UPS battery with less runtime left "
            + "than this, the cabinet is CRITICAL (DEGRADED otherwise).", min = "0", max = "1440")
    int ups_critical_minutes() default 5;

    @AttributeDefinition(name = "Link drill: failover target (s)", description = "A link drill passes only if "
            + "traffic leaves the forced-down link within this time.", min = "1", max = "3600")
    int drill_link_failover_target_seconds() default 30;

    @AttributeDefinition(name = "Link drill: fail-back target (s)", description = "... and comes back to it within "
            + "this time after release (include the link manager's fail-back hold time).", min = "1", max = "3600")
    int drill_link_failback_target_seconds() default 180;

    @AttributeDefinition(name = "Uplink drill: failover target (s)", description = "An uplink drill passes only if "
            + "HTTP takes over within this time after MQTT is suspended.", min = "1", max = "3600")
    int drill_uplink_failover_target_seconds() default 60;

    @AttributeDefinition(name = "Uplink drill: fail-back target (s)", description = "... and MQTT takes over again "
            + "within this time after it is resumed.", min = "1", max = "3600")
    int drill_uplink_failback_target_seconds() default 120;

    @AttributeDefinition(name = "Drill schedule (h)", description = "Run the drills below every this many hours; "
            + "0 (the default) runs drills only on demand.", min = "0", max = "8760")
    int drill_schedule_hours() default 0;

    @AttributeDefinition(name = "Scheduled drills", description = "Which drills the schedule runs: LINK, UPLINK.")
    String[] drill_schedule_kinds() default { "LINK", "UPLINK" };

    @AttributeDefinition(name = "Telemetry topic", description = "Uplink topic of the cabinet state messages.")
    String telemetry_topic() default "failover/cabinet";

    @AttributeDefinition(name = "Alarm topic", description = "Uplink topic of the alarms (rules, escalations, "
            + "deadlocks, failed drills).")
    String alarm_topic() default "failover/alarm";
}
