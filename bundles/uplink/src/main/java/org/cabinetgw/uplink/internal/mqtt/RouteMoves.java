package org.cabinetgw.uplink.internal.mqtt;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.cabinetgw.uplink.internal.transport.SessionSockets;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttException;

/**
 * The route switches a connect attempt has to know about.
 *
 * <p>Why: a switch that comes while a connect is under way (the TCP connection up, the CONNACK or the birth
 * message's PUBACK not yet back) found no session to drop, and the attempt went on over the old link — bound to
 * its source address by the per-link rule. Over a dead link it waited out the connect timeout (10 s) and then the
 * back-off; over a live one (a fail-back) it succeeded and the session stayed on the metered link. Seen by
 * {@code LinkFollowJarBenchmark} with the real jar: wired's carrier cut while the session was connecting, no new
 * session within 20 s. So every wait of an attempt ends as soon as the route moves; the attempt is cut
 * ({@link #cut}) on the connector's own thread (so it can never touch the next attempt's socket) and a new one
 * begins at once, without back-off, over the new route.
 */
final class RouteMoves {

    /** How often a waiting attempt looks at its token when nothing woke it (a move or the token's callback does). */
    private static final long POLL_MILLIS = 50;

    private final AtomicLong moves = new AtomicLong();
    private final Object signal = new Object();
    /** Given to Paho with the attempt's connect and birth publish: their end wakes {@link #await} at once. */
    private final IMqttActionListener wakeUp = new IMqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
            wake();
        }

        @Override
        public void onFailure(IMqttToken token, Throwable e) {
            wake();
        }
    };

    /** Taken when an attempt begins. */
    long mark() {
        return moves.get();
    }

    /** True when the route moved after {@code mark} was taken. */
    boolean since(long mark) {
        return moves.get() != mark;
    }

    /** The default route moved: wakes every wait of the attempt under way. */
    void moved() {
        moves.incrementAndGet();
        wake();
    }

    /** The listener to pass with a connect or publish whose token {@link #await} will wait for. */
    IMqttActionListener wakeUp() {
        return wakeUp;
    }

    private void wake() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    /**
     * Waits like {@code token.waitForCompletion(timeoutMillis)} (its failure thrown, a timeout as Paho's
     * {@code REASON_CODE_CLIENT_TIMEOUT}), but returns false as soon as the route moves after {@code mark}.
     * Paho's timed wait cannot be sliced: a timed-out wait leaves the timeout in the token for every later wait.
     */
    boolean await(IMqttToken token, long timeoutMillis, long mark) throws MqttException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (!ended(token)) {
            if (since(mark)) {
                return false;
            }
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                throw new MqttException(MqttException.REASON_CODE_CLIENT_TIMEOUT);
            }
            synchronized (signal) {
                if (!since(mark) && !ended(token)) {
                    signal.wait(Math.min(left, POLL_MILLIS));
                }
            }
        }
        token.waitForCompletion(1); // ended: returns, or throws the attempt's own failure
        return true;
    }

    /** Paho marks a token complete on success only; a failed one carries its exception instead. */
    private static boolean ended(IMqttToken token) {
        return token.isComplete() || token.getException() != null;
    }

    /**
     * Ends the attempt under way, on the connector's thread: a session already up (waiting for the birth's PUBACK)
     * is dropped without the goodbye; a connect still waiting for its CONNACK is ended the way a close ends it
     * ({@link ConnectInProgress}). The caller then throws and the connector begins again at once.
     */
    static void cut(MqttAsyncClient client, SessionSockets sockets, ThreadGroup pahoThreads) {
        if (client.isConnected()) {
            try {
                client.disconnectForcibly(0, 50);
            } catch (MqttException e) {
                // already gone: nothing to end
            }
            return;
        }
        ConnectInProgress.abandon(client, sockets, pahoThreads);
    }
}
