package org.cabinetgw.uplink.internal.mqtt;

import java.util.Random;
import java.util.function.BooleanSupplier;

import org.cabinetgw.uplink.internal.transport.Backoff;
import org.cabinetgw.uplink.internal.transport.RetryLog;
import org.cabinetgw.uplink.internal.transport.TcpProbe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the MQTT transport's connector tries again after a failed attempt, and what it logs: exponential backoff with
 * jitter; no backoff spent while Paho is still closing the previous session (that says nothing about the broker);
 * the first failure logged at once, then a summary a minute; and, while a broker that took no connection is waited
 * for, a TCP probe every second or few (see {@link TcpProbe}) that ends the wait as soon as it listens again. Used by
 * the connector thread, but for {@link #resetBackoff} (a route change, from the link manager's thread, as before).
 */
final class ReconnectPacing {

    private static final Logger LOG = LoggerFactory.getLogger(MqttTransport.class);
    /** The pause before asking Paho again while it still closes the previous session (no backoff spent). */
    private static final long CLIENT_BUSY_RETRY_MILLIS = 20;
    /** 2 s of such pauses at most in a row: a client stuck in one state then counts as a failure. */
    private static final int MAX_BUSY_RETRIES = 100;

    private final String serverUri;
    private final String brokerHost;
    private final int brokerPort;
    private final Backoff backoff;
    private final RetryLog connectLog;
    private final Object signal;
    private final BooleanSupplier waitEnds;
    private int busyRetries;

    /**
     * @param signal   what the transport notifies when something changed (suspended, closed, a route moved)
     * @param waitEnds true when a wait must end at once (closed, suspended, connected, the route moved)
     */
    ReconnectPacing(MqttSettings settings, Object signal, BooleanSupplier waitEnds) {
        this.serverUri = settings.serverUri();
        java.net.URI broker = java.net.URI.create(serverUri);
        this.brokerHost = broker.getHost();
        this.brokerPort = TcpProbe.port(broker);
        this.backoff = new Backoff(settings.reconnectInitialMillis(), settings.reconnectMaxMillis(), new Random());
        this.connectLog = new RetryLog("MQTT " + serverUri, 60_000);
        this.signal = signal;
        this.waitEnds = waitEnds;
    }

    /** The next attempt after a failure starts from the first delay again (a route change: a new path). */
    void resetBackoff() {
        backoff.reset();
    }

    /** Connected: the backoff starts afresh; the recovery is logged when failures were. */
    void connected() {
        busyRetries = 0;
        backoff.reset();
        String line = connectLog.succeeded(nowMillis(), "connected");
        if (line != null) {
            LOG.info(line);
        }
    }

    /** The attempt was cut because the route moved: again at once, nothing spent. */
    void routeMoved() {
        busyRetries = 0;
    }

    /**
     * Paho refused the connect while the previous session is still being shut down (just after a route change forced
     * it off): a short pause, no backoff, and true. A CI run waited the whole initial backoff (5 s in LinkFollowIT)
     * here after a switch. False when the failure is another one, or the client has been busy for too long.
     */
    boolean pausedWhileClientBusy(Exception e) throws InterruptedException {
        if (MqttErrors.stillClosingTheOldSession(e) && busyRetries++ < MAX_BUSY_RETRIES) {
            awaitRetry(CLIENT_BUSY_RETRY_MILLIS, false);
            return true;
        }
        return false;
    }

    /** A failed attempt ({@code why} in words): logged (the first at once, then a line a minute), then the backoff. */
    void failed(Exception e, String why) throws InterruptedException {
        busyRetries = 0;
        long delay = backoff.nextDelayMillis();
        String line = connectLog.failed(nowMillis(), why, "next attempt in " + delay + " ms");
        if (line != null) {
            LOG.warn(line);
        }
        awaitRetry(delay, TcpProbe.unreachable(e));
    }

    /**
     * Waits {@code delayMillis} before the next attempt, or less: when the broker took no connection
     * ({@code probe}), a probe between attempts ends the wait as soon as it listens again. Also ends when
     * kicked (suspended, closed).
     */
    private void awaitRetry(long delayMillis, boolean probe) throws InterruptedException {
        long now = nowMillis();
        long deadline = now + delayMillis;
        long outageSince = connectLog.failingSince() < 0 ? now : connectLog.failingSince();
        while (now < deadline) {
            long step = probe ? Math.min(deadline - now, TcpProbe.intervalMillis(now - outageSince)) : deadline - now;
            synchronized (signal) {
                signal.wait(Math.max(1, step));
            }
            now = nowMillis();
            if (waitEnds.getAsBoolean()) {
                return;
            }
            if (probe && now < deadline && TcpProbe.reachable(brokerHost, brokerPort, TcpProbe.TIMEOUT_MILLIS)) {
                LOG.debug("MQTT {}: the broker accepts connections again; connecting now", serverUri);
                return;
            }
            now = nowMillis();
        }
    }

    private static long nowMillis() {
        return java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime());
    }
}
