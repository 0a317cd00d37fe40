package org.cabinetgw.uplink.internal.mqtt;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.cabinetgw.uplink.internal.transport.SessionSockets;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a connect Paho has begun and not finished, before the client is closed.
 *
 * <p>Why this is needed: Paho 1.2.5 has no deadline for a CONNACK, its {@code close()} refuses while it is
 * connecting ("connect already in progress"), and interrupting our thread that waits for the connect token does
 * not touch Paho's own threads. So after closing a transport whose broker took the TCP connection but never
 * answered (a hung broker, a port that is not MQTT, a TLS port that never completes the handshake), "MQTT Con"
 * (inside the TLS handshake) or "MQTT Rec/Snd/Call" (waiting for the CONNACK) and the socket stayed for the life
 * of the process: one set per uplink update or reconfiguration.
 *
 * <p>Why in this order: Paho's connect thread, once its socket is up, starts its receiver and sender and waits in a
 * loop, without a deadline, until each says it runs. A connection shut down inside that window (a forced
 * disconnect, a closed socket) stops a receiver that then never runs, and the connect thread sleeps forever
 * (measured: a forced disconnect right after the broker accepted left "MQTT Con" behind, one time in two). So:
 * <ol>
 * <li>while Paho's connect thread is inside its network module's start (TCP connect, TLS handshake), its socket is
 * closed: the start fails and Paho cleans up on that thread, its receiver never started;</li>
 * <li>otherwise the connect thread is left to finish starting its threads (milliseconds; bounded wait);</li>
 * <li>then a forced disconnect without the DISCONNECT packet stops the receiver, sender and callback threads and
 * closes the socket, and the socket is closed once more in case Paho had not got it yet.</li>
 * </ol>
 * Paho's threads are found in the transport's own thread group (they inherit it from our connect thread), so a
 * new transport with the same client id, started during an update, is never mistaken for the old one. A failed
 * attempt may start Paho's next one (3.1.1 falls back to 3.1) on a new connect thread: each is dealt with in turn.
 */
final class ConnectInProgress {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectInProgress.class);
    /** How long Paho's connect thread may take to start its threads once its socket is up (milliseconds in practice). */
    private static final long CONNECT_THREAD_GRACE_MILLIS = 5_000;

    /** Paho's receiver, sender, callback and ping threads, and ours (connect loop, status restatement). */
    private static final java.util.regex.Pattern OTHER_THREADS =
            java.util.regex.Pattern.compile("MQTT (Rec|Snd|Call|Ping|Disc): |cabinetgw-");

    private ConnectInProgress() {
    }

    /** Called after our connect thread has stopped and a connected session has said goodbye. */
    static void abandon(MqttAsyncClient client, SessionSockets sockets, ThreadGroup pahoThreads) {
        if (client.isConnected()) {
            return; // a session says goodbye itself: MqttTransport.disconnect did that
        }
        // Paho's connect thread may start another before it ends (a failed MQTT 3.1.1 attempt falls back to 3.1
        // on a new thread), which may be on its way into its own network start: looked at again every few ms
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CONNECT_THREAD_GRACE_MILLIS);
        Thread connect;
        while ((connect = connectThread(pahoThreads)) != null && System.nanoTime() < deadline) {
            if (insideNetworkStart(connect)) {
                sockets.closeLast();
            }
            try {
                connect.join(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (connect != null && connect.isAlive()) {
            LOG.warn("MQTT {}: Paho's connect thread {} did not end within {} ms", client.getServerURI(),
                    connect.getName(), CONNECT_THREAD_GRACE_MILLIS);
        }
        try {
            client.disconnectForcibly(0, 0, false);
        } catch (MqttException | RuntimeException e) {
            LOG.debug("MQTT {}: forced disconnect of the connect in progress: {}", client.getServerURI(),
                    MqttErrors.describe(e));
        }
        sockets.closeLast();
    }

    /**
     * Paho names it "MQTT Con: <client id>", from inside the thread: a connect thread just started still has the
     * JVM's default name. So: any thread of the group that is not one of Paho's other named threads nor ours.
     */
    private static Thread connectThread(ThreadGroup group) {
        Thread[] threads = new Thread[group.activeCount() + 8];
        int n = group.enumerate(threads, true);
        return Arrays.stream(threads, 0, n).filter(t -> t != Thread.currentThread() && t.isAlive())
                .filter(t -> !OTHER_THREADS.matcher(t.getName()).lookingAt()).findFirst().orElse(null);
    }

    /** In a TCP connect or a TLS handshake (Paho's TCPNetworkModule.start, SSLNetworkModule.start). */
    private static boolean insideNetworkStart(Thread t) {
        for (StackTraceElement e : t.getStackTrace()) {
            if (e.getClassName().endsWith("NetworkModule") && e.getMethodName().equals("start")) {
                return true;
            }
        }
        return false;
    }
}
