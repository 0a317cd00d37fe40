package org.cabinetgw.uplink.internal;

import java.time.Instant;
import java.util.function.Supplier;

import org.cabinetgw.health.Health;
import org.cabinetgw.health.HealthState;
import org.cabinetgw.uplink.TransportKind;
import org.cabinetgw.uplink.UplinkSnapshot;

/**
 * The uplink's health from the engine's state: DOWN when the queue cannot write or no transport is configured,
 * DEGRADED while waiting, on the fallback, disconnected or nearly full, else UP naming the link that carries
 * the session. Reasons change only when the news does (see {@link #waiting}).
 */
final class UplinkHealthAssessment {

    private static final double FILL_WARNING = 0.8;

    private final UplinkEngine engine;
    private final UplinkSettings settings;
    /** Which link carries the MQTT session, for the UP reason. */
    private final Supplier<String> carrier;
    /** What QueueSpace says of the queue's filesystem: null while the next segment fits. */
    private final Supplier<String> spaceShortage;

    UplinkHealthAssessment(UplinkEngine engine, UplinkSettings settings, Supplier<String> carrier,
            Supplier<String> spaceShortage) {
        this.engine = engine;
        this.settings = settings;
        this.carrier = carrier;
        this.spaceShortage = spaceShortage;
    }

    Health next(Health previous, Instant now) {
        UplinkSnapshot s = engine.snapshot();
        if (engine.storageFailing()) {
            return previous.next(HealthState.DOWN, "the queue cannot write to " + settings.directory()
                    + ": messages are refused", now);
        }
        // before the next segment is needed, not when it fails (QueueSpace); null while there is room
        String shortage = spaceShortage.get();
        if (shortage != null) {
            return previous.next(HealthState.DEGRADED, shortage + "; " + waiting(s.queuedMessages()), now);
        }
        if (s.activeTransport() == TransportKind.NONE) {
            if (engine.waitingForPrimary()) {
                return previous.next(HealthState.DEGRADED, "starting: waiting for the configured MQTT transport (the "
                        + "HTTP fallback takes over if it does not start within " + settings.failoverMillis() / 1000
                        + " s); " + waiting(s.queuedMessages()), now);
            }
            return previous.next(HealthState.DOWN, "no transport configured (configure "
                    + "org.cabinetgw.uplink.mqtt and/or org.cabinetgw.uplink.http)", now);
        }
        if (s.activeTransport() == TransportKind.HTTP) {
            UplinkEngine.Trouble trouble = engine.trouble(TransportKind.HTTP);
            if (trouble != null) {
                // when it began, not how long it lasts: a reason that changed at every check would be news each time
                return previous.next(HealthState.DEGRADED, "delivery failing: the HTTP fallback has not delivered since "
                        + trouble.since().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + " (" + trouble.reason()
                        + "); " + waiting(s.queuedMessages()) + "; MQTT: " + engine.transportState(TransportKind.MQTT),
                        now);
            }
            return previous.next(HealthState.DEGRADED, "delivering over the HTTP fallback; "
                    + waiting(s.queuedMessages()) + "; MQTT: " + engine.transportState(TransportKind.MQTT), now);
        }
        String mqttState = engine.transportState(TransportKind.MQTT);
        if (!mqttState.startsWith("connected")) {
            return previous.next(HealthState.DEGRADED, "MQTT " + mqttState + "; " + waiting(s.queuedMessages()), now);
        }
        if (s.queuedMessages() > FILL_WARNING * settings.maxQueueMessages()
                || s.queuedBytes() > FILL_WARNING * settings.maxQueueBytes()) {
            return previous.next(HealthState.DEGRADED, "queue more than 80% full (limits " + settings.maxQueueMessages()
                    + " messages, " + settings.maxQueueBytes() + " bytes)", now);
        }
        // UP, and which link carries the session: after a fail-back it must be the wired one again
        return previous.next(HealthState.UP, carrier.get(), now);
    }

    /**
     * How many messages wait, as an order of magnitude. Not the exact count: a reason that changed with every
     * message queued made everyone watching health see a change four times a second (the failover coordinator
     * sent each one to the cloud, through this uplink, which changed the count again). The exact count is in
     * the uplink's status.
     */
    static String waiting(long messages) {
        if (messages == 0) {
            return "no messages waiting";
        }
        if (messages < 10) {
            return "fewer than 10 messages waiting";
        }
        long magnitude = 10;
        while (magnitude <= messages / 10) {
            magnitude *= 10;
        }
        return String.format(java.util.Locale.ROOT, "%,d+ messages waiting", magnitude);
    }
}
