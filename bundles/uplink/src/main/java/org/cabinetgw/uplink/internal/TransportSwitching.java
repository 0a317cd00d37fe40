package org.cabinetgw.uplink.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;

import org.cabinetgw.uplink.TransportKind;
import org.cabinetgw.uplink.internal.UplinkEngine.Trouble;
import org.cabinetgw.uplink.internal.transport.Backoff;
import org.cabinetgw.uplink.internal.transport.RetryLog;
import org.cabinetgw.uplink.internal.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transports and which one is active: MQTT first, HTTP when MQTT cannot deliver (the {@link SwitchPolicy}
 * decides), and per transport whether it is suspended, its back-off after a failed send, its streak of failures
 * in the log and its trouble for health. Not thread-safe: guarded by the engine's lock, but for the active
 * transport, which anyone may read.
 */
final class TransportSwitching {

    private static final Logger LOG = LoggerFactory.getLogger(TransportSwitching.class);

    private final UplinkSettings settings;
    private final Map<TransportKind, Transport> transports = new EnumMap<>(TransportKind.class);
    private final Map<TransportKind, String> suspended = new EnumMap<>(TransportKind.class);
    private final Map<TransportKind, Backoff> backoffs = new EnumMap<>(TransportKind.class);
    private final Map<TransportKind, Long> notBefore = new EnumMap<>(TransportKind.class);
    // per transport: its current streak of failed sends (no delivery since), for failover and the log
    private final Map<TransportKind, RetryLog> retryLogs = new EnumMap<>(TransportKind.class);
    // per transport: since when (wall clock) and why its sends fail, while they do; for health
    private final Map<TransportKind, Trouble> troubles = new EnumMap<>(TransportKind.class);
    private final SwitchPolicy policy;
    // whether an MQTT transport is configured although not (yet) added: a start then waits for it
    private volatile BooleanSupplier primaryExpected = () -> false;
    private volatile TransportKind active = TransportKind.NONE;
    private volatile Instant activeSince = Instant.now();

    TransportSwitching(UplinkSettings settings, long nowMillis) {
        this.settings = settings;
        this.policy = new SwitchPolicy(settings.failoverMillis(), settings.holdMillis(), nowMillis);
        Random random = new Random();
        for (TransportKind kind : TransportKind.values()) {
            backoffs.put(kind, new Backoff(settings.retryInitialMillis(), settings.retryMaxMillis(), random));
            retryLogs.put(kind, new RetryLog("Uplink " + kind, UplinkEngine.RETRY_SUMMARY_MILLIS));
        }
    }

    TransportKind active() {
        return active;
    }

    Instant activeSince() {
        return activeSince;
    }

    Transport get(TransportKind kind) {
        return transports.get(kind);
    }

    /** Adds (or replaces) the transport of its kind; it learns whether its kind is suspended. */
    void put(Transport transport) {
        transports.put(transport.kind(), transport);
        if (suspended.containsKey(transport.kind())) {
            transport.setSuspended(true);
        }
    }

    /** Removes the transport unless another of its kind has replaced it meanwhile; false then. */
    boolean remove(Transport transport) {
        if (transports.get(transport.kind()) != transport) {
            return false;
        }
        transports.remove(transport.kind());
        return true;
    }

    void setPrimaryExpected(BooleanSupplier expected) {
        this.primaryExpected = expected == null ? () -> false : expected;
    }

    /** True while no transport is active yet because the configured MQTT transport has not been added. */
    boolean waitingForPrimary() {
        return active == TransportKind.NONE && !transports.containsKey(TransportKind.MQTT) && primaryExpected();
    }

    private boolean primaryExpected() {
        try {
            return primaryExpected.getAsBoolean();
        } catch (RuntimeException e) {
            LOG.debug("Uplink: cannot tell whether MQTT is configured: {}", e.toString());
            return false;
        }
    }

    boolean isSuspended(TransportKind kind) {
        return suspended.containsKey(kind);
    }

    /** Marks the kind suspended; false when it was already. */
    boolean suspend(TransportKind kind, String reason) {
        if (suspended.containsKey(kind)) {
            return false;
        }
        suspended.put(kind, reason == null || reason.isBlank() ? "suspended" : reason);
        return true;
    }

    /** Lifts a suspension; false when there was none. */
    boolean resume(TransportKind kind) {
        return suspended.remove(kind) != null;
    }

    String state(TransportKind kind) {
        Transport t = transports.get(kind);
        if (t == null) {
            return "not configured";
        }
        String s = suspended.get(kind);
        return s != null ? "suspended (" + s + ")" : t.describeState();
    }

    Trouble trouble(TransportKind kind) {
        return troubles.get(kind);
    }

    /**
     * The transport new messages go to now, or null: none active, it is suspended, not ready, or backing off
     * after a failure (unless a cheap probe says its peer listens again: then the back-off ends now).
     */
    Transport sendable(long nowMillis) {
        Transport t = transports.get(active);
        if (t == null || suspended.containsKey(active) || !t.ready()) {
            return null;
        }
        Long wait = notBefore.get(active);
        if (wait != null && nowMillis < wait) {
            if (!t.peerReturned()) {
                return null;
            }
            // the peer listens again (a cheap probe said so): try now rather than at the end of the back-off
            notBefore.remove(active);
        }
        return t;
    }

    /**
     * Feeds the policy one observation and makes the switch it decides, if any: the transport left behind gets
     * no traffic, so its streak, back-off and trouble end here.
     *
     * @param oldestInFlightMillis how long the oldest message unacknowledged by the active transport has waited
     * @return the switch made, or null
     */
    SwitchPolicy.Switch evaluate(long nowMillis, long oldestInFlightMillis) {
        Transport mqtt = transports.get(TransportKind.MQTT);
        // Healthy needs more than the transport's word: a send that failed and has not been followed by a
        // delivery means MQTT cannot deliver now, even if it claims to be ready (Paho refuses publishes for a
        // while after losing its socket, before it reports the loss). The age of the oldest in-flight message
        // alone is not enough: every failure starts a new generation and empties the in-flight table.
        boolean mqttHealthy = mqtt != null && !suspended.containsKey(TransportKind.MQTT) && mqtt.ready()
                && !retryLogs.get(TransportKind.MQTT).failing()
                && (active != TransportKind.MQTT || oldestInFlightMillis < settings.failoverMillis());
        boolean httpPresent = transports.containsKey(TransportKind.HTTP)
                && !suspended.containsKey(TransportKind.HTTP);
        boolean expected = mqtt == null && active == TransportKind.NONE && primaryExpected();
        SwitchPolicy.Switch s = policy.evaluate(nowMillis, mqtt != null, expected, mqttHealthy, httpPresent);
        if (s != null) {
            active = s.to();
            activeSince = Instant.now();
            troubles.remove(s.from());
            // the transport left behind gets no traffic: its streak ends here, from now on its health is its
            // own readiness (and a fresh streak once it is active again)
            String closed = retryLogs.get(s.from()).abandoned(nowMillis, "stopped retrying (no longer the active transport)");
            if (closed != null) {
                LOG.info(closed);
            }
            notBefore.remove(s.from());
            backoffs.get(s.from()).reset();
        }
        return s;
    }

    /** A delivery of the current generation: the kind's back-off, trouble and streak of failures end. */
    void delivered(TransportKind kind, long nowMillis) {
        backoffs.get(kind).reset();
        notBefore.remove(kind);
        troubles.remove(kind);
        String line = retryLogs.get(kind).succeeded(nowMillis, "delivering");
        if (line != null) {
            LOG.info(line);
        }
    }

    /**
     * A send of the current generation failed: the kind backs off (at least as long as the server's
     * {@code Retry-After}, within {@link UplinkEngine#RETRY_AFTER_MAX_MILLIS}) and is in trouble; the streak is
     * logged when it starts, then summarised per interval, not one line per retry.
     */
    void failed(TransportKind kind, int messages, String reason, Duration retryAfter, int queued, long nowMillis) {
        long delay = backoffs.get(kind).nextDelayMillis();
        if (retryAfter != null) {
            delay = Math.max(delay, Math.min(retryAfter.toMillis(), UplinkEngine.RETRY_AFTER_MAX_MILLIS));
        }
        notBefore.put(kind, nowMillis + delay);
        Trouble before = troubles.get(kind);
        troubles.put(kind, new Trouble(before == null ? Instant.now() : before.since(), reason));
        String line = retryLogs.get(kind).failed(nowMillis, messages + " messages not delivered (" + reason
                + ")", "sending again in " + delay + " ms; " + queued + " queued");
        if (line != null) {
            LOG.warn(line);
        }
    }
}
