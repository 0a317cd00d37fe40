package org.cabinetgw.ha.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(id = HaComponent.PID, name = "Cabinet Gateway active/standby pair",
        description = "Two gateways in one cabinet as an active/standby pair. With no pair id and no paths the node "
                + "is STANDALONE and behaves exactly as a gateway without this bundle.")
@interface PairConfig {

    @AttributeDefinition(name = "Pair id", required = false, description = "The pair's name, the same on both "
            + "nodes (1..64 characters of A-Z a-z 0-9 . _ -). Empty = STANDALONE.")
    String pair_id() default "";

    @AttributeDefinition(name = "Node id", required = false, description = "This node's name, different on the two "
            + "nodes (1..64 characters of A-Z a-z 0-9 . _ -). Empty = the host name.")
    String node_id() default "";

    @AttributeDefinition(name = "Heartbeat paths", required = false, cardinality = 8, description = "Two or more "
            + "independent paths (the LAN and a dedicated cable), each 'name;local-address:port;peer-address:port', "
            + "e.g. 'cable;192.168.250.1:7405;192.168.250.2:7405'. The peer lists the same paths with the addresses "
            + "swapped. No address may appear twice, and no path may name this node itself as its peer.")
    String[] paths() default {};

    @AttributeDefinition(name = "Pair key", type = AttributeType.PASSWORD, required = false, description = "Shared "
            + "secret of the pair (the same on both nodes, at least 16 characters): every heartbeat carries an "
            + "HMAC-SHA256 under it. Never logged.")
    String pair_key() default "";

    /** The range of priority, for the Metatype and the settings check (CHANGES.md rule 3). */
    int PRIORITY_MIN = 1, PRIORITY_MAX = 65535;

    @AttributeDefinition(name = "Priority", min = "" + PRIORITY_MIN, max = "" + PRIORITY_MAX,
            description = "Election priority: when both nodes are heard and neither is active, the higher priority "
            + "becomes active (equal: the smaller node id). The preferred node is the one with the higher priority.")
    int priority() default 100;

    /** The range of heartbeat.interval.millis, for the Metatype and the settings check (CHANGES.md rule 3). */
    int HEARTBEAT_INTERVAL_MILLIS_MIN = 5, HEARTBEAT_INTERVAL_MILLIS_MAX = 1000;

    @AttributeDefinition(name = "Heartbeat interval (ms)", min = "" + HEARTBEAT_INTERVAL_MILLIS_MIN,
            max = "" + HEARTBEAT_INTERVAL_MILLIS_MAX, description = "A heartbeat is sent on every path this often.")
    int heartbeat_interval_millis() default 20;

    /**
     * The range of heartbeat.timeout.millis (CHANGES.md rule 3); the settings check also wants at least 3
     * heartbeat intervals, so the least it takes is {@code 3 x heartbeat.interval.millis}.
     */
    int HEARTBEAT_TIMEOUT_MILLIS_MIN = 3 * HEARTBEAT_INTERVAL_MILLIS_MIN, HEARTBEAT_TIMEOUT_MILLIS_MAX = 60_000;

    @AttributeDefinition(name = "Heartbeat timeout (ms)", min = "" + HEARTBEAT_TIMEOUT_MILLIS_MIN,
            max = "" + HEARTBEAT_TIMEOUT_MILLIS_MAX, description = "A path is down when no authenticated heartbeat "
            + "arrived on it for this long; the peer is lost when every path is. At least 3 intervals.")
    int heartbeat_timeout_millis() default 80;

    /** The range of startup.wait.millis (CHANGES.md rule 3); the check also wants at least the heartbeat timeout. */
    int STARTUP_WAIT_MILLIS_MIN = HEARTBEAT_TIMEOUT_MILLIS_MIN, STARTUP_WAIT_MILLIS_MAX = 600_000;

    @AttributeDefinition(name = "Start-up wait (ms)", min = "" + STARTUP_WAIT_MILLIS_MIN,
            max = "" + STARTUP_WAIT_MILLIS_MAX, description = "After start, how long to listen for the peer before "
            + "deciding alone. At least the heartbeat timeout.")
    int startup_wait_millis() default 500;

    @AttributeDefinition(name = "Fail back", description = "When on, the active node hands the role to the peer "
            + "if the peer has a higher priority and has been a healthy standby for the fail-back hold. Off: the "
            + "node that is active stays active (no needless second switch).")
    boolean failback() default false;

    /** The range of failback.hold.millis, for the Metatype and the settings check (CHANGES.md rule 3). */
    int FAILBACK_HOLD_MILLIS_MIN = 0, FAILBACK_HOLD_MILLIS_MAX = 86_400_000;

    @AttributeDefinition(name = "Fail-back hold (ms)", min = "" + FAILBACK_HOLD_MILLIS_MIN,
            max = "" + FAILBACK_HOLD_MILLIS_MAX, description = "How long the preferred node must be a healthy "
            + "standby before fail-back.")
    int failback_hold_millis() default 10000;

    @AttributeDefinition(name = "Standby when isolated", description = "What the standby does when the peer is "
            + "silent on every path and the witness cannot be reached (or none is configured). STAY_STANDBY is safe: "
            + "it never makes a second active, at the price of no takeover. TAKE_OVER favours availability: if the "
            + "peer is in fact alive there are two actives until they hear each other again.",
            options = { @Option(label = "Stay standby (safe)", value = "STAY_STANDBY"),
                    @Option(label = "Take over", value = "TAKE_OVER") })
    String standby_when_isolated() default "STAY_STANDBY";

    @AttributeDefinition(name = "Active when isolated", description = "What the active does when it hears the peer "
            + "on no path and the witness acknowledged no lease renewal for the step-down time. STEP_DOWN is safe: it "
            + "stops acting before the witness could let the standby take over. KEEP_ACTIVE favours availability. "
            + "Without a witness the active always keeps acting.",
            options = { @Option(label = "Step down (safe)", value = "STEP_DOWN"),
                    @Option(label = "Keep active", value = "KEEP_ACTIVE") })
    String active_when_isolated() default "STEP_DOWN";

    /**
     * The range of step.down.millis (CHANGES.md rule 3); the check also wants it shorter than
     * {@code 1.5 x witness.mqtt.keep.alive.seconds - 250 ms}.
     */
    int STEP_DOWN_MILLIS_MIN = 100, STEP_DOWN_MILLIS_MAX = 600_000;

    @AttributeDefinition(name = "Step-down time (ms)", min = "" + STEP_DOWN_MILLIS_MIN,
            max = "" + STEP_DOWN_MILLIS_MAX, description = "See Active when isolated. Must be shorter than 1.5 x the "
            + "witness keep-alive minus 250 ms, the earliest moment the broker announces this node's connection dead.")
    int step_down_millis() default 1000;

    @AttributeDefinition(name = "Witness MQTT broker", required = false, description = "The witness: an MQTT "
            + "broker both nodes reach (normally the uplink's), e.g. tcp://broker:1883. Empty = no witness: the "
            + "standby then follows Standby when isolated when the peer falls silent.")
    String witness_mqtt_uri() default "";

    @AttributeDefinition(name = "Witness topic", description = "Topic prefix of the leases: each node keeps a "
            + "retained lease under <prefix>/<pair id>/lease/<node id>.")
    String witness_mqtt_topic() default "cabinetgw/ha";

    @AttributeDefinition(name = "Witness user", required = false, description = "User name at the broker.")
    String witness_mqtt_username() default "";

    @AttributeDefinition(name = "Witness password", type = AttributeType.PASSWORD, required = false,
            description = "Password of the witness user.")
    String witness_mqtt_password() default "";

    /** The range of witness.mqtt.keep.alive.seconds, for the Metatype and the settings check (CHANGES.md rule 3). */
    int WITNESS_MQTT_KEEP_ALIVE_SECONDS_MIN = 1, WITNESS_MQTT_KEEP_ALIVE_SECONDS_MAX = 60;

    @AttributeDefinition(name = "Witness keep-alive (s)", min = "" + WITNESS_MQTT_KEEP_ALIVE_SECONDS_MIN,
            max = "" + WITNESS_MQTT_KEEP_ALIVE_SECONDS_MAX, description = "MQTT keep-alive of the witness "
            + "connection: the broker announces a node's lease released (its last will) 1.5 x this after it last "
            + "heard from it.")
    int witness_mqtt_keep_alive_seconds() default 1;

    /** The range of lease.renew.millis, for the Metatype and the settings check (CHANGES.md rule 3). */
    int LEASE_RENEW_MILLIS_MIN = 20, LEASE_RENEW_MILLIS_MAX = 60_000;

    @AttributeDefinition(name = "Lease renewal (ms)", min = "" + LEASE_RENEW_MILLIS_MIN,
            max = "" + LEASE_RENEW_MILLIS_MAX, description = "The active renews its lease at the witness this often.")
    int lease_renew_millis() default 250;

    /**
     * The range of lease.timeout.millis (CHANGES.md rule 3); the check also wants at least
     * {@code step.down.millis + 2 x lease.renew.millis + 250}.
     */
    int LEASE_TIMEOUT_MILLIS_MIN = 100, LEASE_TIMEOUT_MILLIS_MAX = 600_000;

    @AttributeDefinition(name = "Lease timeout (ms)", min = "" + LEASE_TIMEOUT_MILLIS_MIN,
            max = "" + LEASE_TIMEOUT_MILLIS_MAX, description = "A lease not renewed for this long (as the standby "
            + "sees it) no longer proves the peer active. At least the step-down time + 2 renewals + 250 ms, so an "
            + "isolated active has stepped down before.")
    int lease_timeout_millis() default 3000;

    /** The range of replication.port, for the Metatype and the settings check (CHANGES.md rule 3). */
    int REPLICATION_PORT_MIN = 0, REPLICATION_PORT_MAX = 65535;

    @AttributeDefinition(name = "Replication port", min = "" + REPLICATION_PORT_MIN, max = "" + REPLICATION_PORT_MAX,
            description = "TCP port on which each node listens, at its address on every heartbeat path, for the "
            + "active's uplink queue (the standby keeps a replica on its disk and delivers it after a takeover). The "
            + "active connects to the peer's addresses in the order of the paths. 0 = no replication (a takeover then "
            + "delivers only what the new active's own queue holds). Open it on both interfaces, like the heartbeat "
            + "port.")
    int replication_port() default 7406;

    @AttributeDefinition(name = "Replication mode", description = "SYNC: publish returns once the standby has "
            + "the message on its disk (one round trip per batch), so a takeover loses nothing; ASYNC: publish does "
            + "not wait (a takeover may miss the last batch).",
            options = {@Option(label = "SYNC", value = "SYNC"), @Option(label = "ASYNC", value = "ASYNC")})
    String replication_mode() default "SYNC";

    /** The range of replication.timeout.millis, for the Metatype and the settings check (CHANGES.md rule 3). */
    int REPLICATION_TIMEOUT_MILLIS_MIN = 10, REPLICATION_TIMEOUT_MILLIS_MAX = 60_000;

    @AttributeDefinition(name = "Replication timeout (ms)", min = "" + REPLICATION_TIMEOUT_MILLIS_MIN,
            max = "" + REPLICATION_TIMEOUT_MILLIS_MAX, description = "The longest a publisher waits for the "
            + "standby's answer in SYNC mode. Then the standby counts as not in sync (health ha DEGRADED 'standby not "
            + "in sync'), this node carries on alone and reconnects, and the standby catches up from this node's "
            + "queue before publish waits for it again.")
    int replication_timeout_millis() default 500;
}
