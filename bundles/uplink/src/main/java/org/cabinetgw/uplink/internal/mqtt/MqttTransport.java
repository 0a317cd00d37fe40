package org.cabinetgw.uplink.internal.mqtt;

import java.util.List;

import org.cabinetgw.uplink.TransportKind;
import org.cabinetgw.uplink.internal.queue.QueuedMessage;
import org.cabinetgw.uplink.internal.transport.DeliveryCallback;
import org.cabinetgw.uplink.internal.transport.TcpProbe;
import org.cabinetgw.uplink.internal.transport.SessionSockets;
import org.cabinetgw.uplink.internal.transport.Transport;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MQTT over Eclipse Paho. Paho keeps its in-flight state in memory only: durability is our queue's job,
 * and a message leaves that queue only on its PUBACK ({@link DeliveryCallback#delivered}). A clean session
 * is used on purpose: after a reconnect the dispatcher sends again whatever was not acknowledged, from the
 * oldest, so nothing depends on the broker remembering us.
 *
 * <p>Topics, bytes and the lifecycle messages are the {@link CloudDialect}'s: by default a retained birth
 * ({@code online}) on the status topic after every connect and the retained will ({@code offline}) there; in
 * Kura's dialect KuraPayload, BIRTH, DC and LWT.
 * Reconnects use exponential backoff with jitter, on the thread {@code cabinetgw-uplink-mqtt-connect};
 * while a broker that took no connection is waited for, a TCP probe every second or few (see
 * {@link TcpProbe}) cuts the wait short as soon as it listens again ({@link ReconnectPacing}).
 */
public final class MqttTransport implements Transport {

    private static final Logger LOG = LoggerFactory.getLogger(MqttTransport.class);

    private final MqttSettings settings;
    private final MqttAsyncClient client;
    /** When to try again after a failed attempt, and what is logged about it. */
    private final ReconnectPacing pacing;
    private final Thread connector;
    private final ThreadGroup pahoThreads;
    /** The publishes without a PUBACK yet. */
    private final InFlightPublishes inFlight;
    /** Births, the goodbye and lifecycle news in the dialect's words. */
    private final SessionAnnouncements announcements;
    /**
     * The connector waits on this, everyone else only notifies it. Deliberately not {@code this}: the dispatcher
     * calls {@link #send} holding the engine's lock, and our failure callbacks take that lock, so no monitor of
     * ours may be held while calling back (lock order engine -> transport only).
     */
    private final Object signal = new Object();
    /** A route switch during a connect attempt cuts it and starts another at once (see RouteMoves). */
    private final RouteMoves routeMoves = new RouteMoves();
    private long attemptMark; // connector thread only: routeMoves.mark() when the attempt began
    private final Object disconnectLock = new Object();
    private final CommandChannel commands;
    private volatile Runnable stateListener = () -> { };
    /** The pair's fence (bundles/ha ActingPermit): no connection while it says no. Without a pair: always yes. */
    private volatile java.util.function.BooleanSupplier mayAct = () -> true;
    /** How often a fenced connector looks again. */
    private static final long FENCE_POLL_MILLIS = 20;
    private volatile boolean connected;
    private volatile boolean suspended;
    private volatile boolean closed;
    private volatile String state = "not connected yet";
    /** The last session was dropped for a route change: the broker may publish its will after our birth. */
    private volatile boolean takenOver;
    /** Topics and bytes: our JSON (the default) or Kura's cloud protocol. */
    private final CloudDialect dialect;
    /** Which local address the session leaves from: the health says which link carries it. */
    private final SessionSockets sockets = new SessionSockets();

    public MqttTransport(MqttSettings settings) throws MqttException {
        this(settings, null);
    }

    /** {@code commandOutbox}: where command answers wait for a connection (see {@link CommandChannel}); null: none. */
    public MqttTransport(MqttSettings settings, java.nio.file.Path commandOutbox) throws MqttException {
        this(settings, commandOutbox, null);
    }

    /** {@code dialect}: how messages and lifecycle are written (null: {@link JsonStatusDialect}). */
    public MqttTransport(MqttSettings settings, java.nio.file.Path commandOutbox, CloudDialect dialect)
            throws MqttException {
        this.settings = settings;
        this.dialect = dialect == null ? new JsonStatusDialect(settings) : dialect;
        this.client = new MqttAsyncClient(settings.serverUri(), settings.clientId(), new MemoryPersistence());
        this.pacing = new ReconnectPacing(settings, signal,
                () -> closed || suspended || connected || routeMoves.since(attemptMark));
        this.inFlight = new InFlightPublishes(client, this.dialect, settings.qos(), this::kickConnector);
        this.announcements = new SessionAnnouncements(client, this.dialect);
        this.commands = new CommandChannel(this.dialect.commandTopics(), client, commandOutbox,
                this.dialect.commandWire());
        this.client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                onConnectionLost("connection lost: " + describe(cause));
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                // only the command channel subscribes
                commands.onMessage(topic, message.getPayload());
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                // handled by the per-message action listener
            }
        });
        // Paho's threads inherit the group from our connect thread: close() finds this client's own (ConnectInProgress)
        this.pahoThreads = new ThreadGroup("cabinetgw-uplink-mqtt " + settings.clientId());
        this.pahoThreads.setDaemon(true); // goes with its last thread: no group left behind per transport
        this.connector = new Thread(pahoThreads, this::connectLoop, "cabinetgw-uplink-mqtt-connect");
        this.connector.setDaemon(true);
    }

    /** Remote commands over this connection: handlers are added and removed here. */
    public CommandChannel commands() {
        return commands;
    }

    /** Starts connecting in the background. */
    public void start() {
        connector.start();
    }

    @Override
    public TransportKind kind() {
        return TransportKind.MQTT;
    }

    @Override
    public boolean ready() {
        // Paho's own state too: after the socket breaks, Paho refuses publishes ("Client is not connected") until
        // it has shut the connection down and called connectionLost, which takes long on a loaded machine (it
        // waits for its callback thread). Our flag alone would keep the dispatcher publishing into that.
        return connected && !suspended && !closed && client.isConnected();
    }

    @Override
    public int window() {
        return settings.window();
    }

    @Override
    public int maxBatch() {
        return settings.window();
    }

    @Override
    public String describeState() {
        java.net.InetAddress local = connected ? sockets.localAddress() : null;
        return local == null ? state : state + " from " + local.getHostAddress();
    }

    @Override
    public java.net.InetAddress localAddress() {
        return connected ? sockets.localAddress() : null;
    }

    /**
     * The default route moved to another link: the session's socket keeps its old source address, and the
     * per-link rule keeps that address on the old link, dead or metered. Drop the session at once, without the
     * goodbye (over a dead link it would only wait), and connect again without backoff: the new socket takes
     * the main table's route and its source hint, i.e. the new active link. Unacknowledged messages are failed
     * now and sent again over the new session.
     */
    @Override
    public void routeChanged(String why) {
        if (closed || suspended) {
            return;
        }
        pacing.resetBackoff();
        routeMoves.moved();
        if (connected) {
            connected = false;
            takenOver = true;
            state = "reconnecting: " + why;
            LOG.info("MQTT {}: {}; reconnecting over the new route now", settings.serverUri(), why);
            synchronized (disconnectLock) {
                try {
                    // 50 ms to write DISCONNECT (it reaches the broker over a live old link, e.g. at a fail-back);
                    // Paho waits that long in any case, so no more: over a dead link it would only add delay
                    client.disconnectForcibly(0, 50);
                } catch (MqttException e) {
                    LOG.debug("MQTT forced disconnect: {}", describe(e));
                }
            }
            inFlight.failAll("route changed: " + why);
            stateListener.run();
        }
        kickConnector();
    }

    /**
     * The pair's fence: while it says no the transport does not connect. A node frozen while ACTIVE and resumed
     * after its standby took over would otherwise reconnect with the pair's client id at once, take the session
     * from the node that now acts, and send its queue before it has learnt it was deposed.
     */
    public void fence(java.util.function.BooleanSupplier permit) {
        this.mayAct = permit;
        kickConnector();
    }

    @Override
    public void setStateListener(Runnable listener) {
        this.stateListener = listener == null ? () -> { } : listener;
    }

    @Override
    public void send(List<QueuedMessage> batch, DeliveryCallback callback) {
        inFlight.send(batch, callback);
    }

    @Override
    public void setSuspended(boolean value) {
        suspended = value;
        if (value) {
            disconnect("suspended");
        }
        kickConnector();
        stateListener.run();
    }

    private void kickConnector() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    private void onConnectionLost(String why) {
        connected = false;
        state = why;
        LOG.warn("MQTT {}: {}", settings.serverUri(), why);
        inFlight.failAll(why);
        kickConnector();
        stateListener.run();
    }

    private void connectLoop() {
        while (!closed) {
            try {
                synchronized (signal) {
                    while (!closed && (suspended || connected)) {
                        signal.wait(1000);
                        if (connected && !client.isConnected()) {
                            break; // lost without a callback (should not happen, but never hang on it)
                        }
                    }
                }
                if (closed) {
                    return;
                }
                if (connected && !client.isConnected()) {
                    onConnectionLost("connection dropped");
                    continue;
                }
                if (!mayAct.getAsBoolean()) {
                    state = "not connecting: this node may not act for the pair now (bundles/ha)";
                    synchronized (signal) {
                        signal.wait(FENCE_POLL_MILLIS);
                    }
                    continue;
                }
                attemptMark = routeMoves.mark();
                connectOnce();
                pacing.connected();
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                if (closed) {
                    return; // close() interrupted the connect: not a failure to report
                }
                if (routeMoves.since(attemptMark)) {
                    // begun over the route the manager has left: again at once over the new one, no back-off
                    LOG.debug("MQTT {}: the route moved during a connect attempt ({}); connecting again now",
                            settings.serverUri(), describe(e));
                    pacing.routeMoved();
                    continue;
                }
                boolean clientCertificate = !settings.tls().keyStore().isBlank();
                try {
                    if (pacing.pausedWhileClientBusy(e)) {
                        continue;
                    }
                    state = "cannot connect: " + describe(e, clientCertificate);
                    pacing.failed(e, describe(e, clientCertificate));
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /** The attempt was begun over a route that has since moved: ended now (see RouteMoves), to be made again. */
    private MqttException cutForRouteMove() {
        takenOver = true; // the broker may have taken the old session: its will comes later, the birth is said again
        RouteMoves.cut(client, sockets, pahoThreads);
        return new MqttException(MqttException.REASON_CODE_CLIENT_NOT_CONNECTED);
    }

    /**
     * One attempt. When our wait for it gives up (its CONNACK or the birth's PUBACK not back within the connect
     * timeout), the attempt is ended here, on Paho's side too: Paho has no deadline of its own for a CONNACK, so a
     * CONNACK that came later (a broker unreachable for a while, its answer retransmitted after the heal) left
     * Paho connected while this transport believed it was not, and every later attempt failed with "Client is
     * connected": MQTT never came back and the uplink stayed on the HTTP fallback (the fault campaign's "broker
     * and HTTP both away", README "Findings"; {@code LateConnackTest}).
     */
    private void connectOnce() throws Exception {
        try {
            connectAndAnnounce();
        } catch (MqttException e) {
            if (e.getReasonCode() == MqttException.REASON_CODE_CLIENT_TIMEOUT && !closed) {
                cutForRouteMove(); // ends the attempt as a route move does; the timeout is what is reported
            }
            throw e;
        }
    }

    private void connectAndAnnounce() throws Exception {
        MqttConnectOptions options = ConnectOptions.of(settings, dialect, sockets);
        long timeout = settings.connectTimeoutSeconds() * 1000L + 1000;
        long mark = attemptMark;
        if (!routeMoves.await(client.connect(options, null, routeMoves.wakeUp()), timeout, mark)) {
            throw cutForRouteMove();
        }
        if (!announcements.sayBirths(sockets.localAddress(), birth -> routeMoves.await(client.publish(birth.topic(),
                birth.payload(), birth.qos(), birth.retained(), null, routeMoves.wakeUp()), timeout, mark))) {
            throw cutForRouteMove();
        }
        // a loss between connect and here has already been reported; do not paper over it
        boolean up = client.isConnected() && !routeMoves.since(mark);
        if (!up && client.isConnected()) {
            throw cutForRouteMove(); // up, but over the route left while the births went out
        }
        if (!up) {
            throw new MqttException(MqttException.REASON_CODE_CLIENT_NOT_CONNECTED);
        }
        // the state before the flag: whoever sees ready() reads "connected", not the last attempt's failure (a CI
        // run's LateConnackTest read "cannot connect: Timed out ..." from a transport already ready)
        state = "connected to " + settings.serverUri();
        connected = client.isConnected(); // read again: a loss since was reported by its callback
        if (!connected) {
            throw new MqttException(MqttException.REASON_CODE_CLIENT_NOT_CONNECTED);
        }
        // a clean session forgets subscriptions: the command topics are subscribed after every connect
        commands.subscribeAll();
        CloudDialect.Publication late = dialect.afterBirths(sockets.localAddress());
        if (late != null) {
            announcements.publishNow(late);
        }
        if (takenOver) {
            takenOver = false;
            // the old session's will may follow our birth (see SessionAnnouncements.restateBirthsLater)
            announcements.restateBirthsLater(() -> connected && !closed);
        }
        LOG.info("MQTT connected to {} as {}", settings.serverUri(), settings.clientId());
        stateListener.run();
    }

    /**
     * A lifecycle message outside connect and stop (Kura's APPS when the set of applications changed), sent now
     * when connected; false when not connected (the next birth carries the same news).
     */
    public boolean publishNow(CloudDialect.Publication p) {
        if (!connected || closed || !client.isConnected()) {
            return false;
        }
        return announcements.publishNow(p);
    }

    /** Says goodbye properly: retained {@code offline} (the will is only for unplanned loss), then disconnects. */
    private void disconnect(String why) {
        synchronized (disconnectLock) {
            announcements.sayGoodbye();
        }
        connected = false;
        state = why;
        // outside every lock of ours: the callbacks take the engine's lock
        inFlight.failAll(why);
    }

    /** Stops reconnecting, disconnects and releases Paho's threads. */
    public void close() {
        closed = true;
        kickConnector();
        connector.interrupt();
        try {
            connector.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        commands.close();
        disconnect("closed");
        ConnectInProgress.abandon(client, sockets, pahoThreads);
        try {
            client.close(true);
        } catch (MqttException e) {
            LOG.debug("MQTT close: {}", describe(e));
        }
    }

    private static String describe(Throwable e) {
        return MqttErrors.describe(e);
    }

    private static String describe(Throwable e, boolean clientCertificate) {
        return MqttErrors.describe(e, clientCertificate);
    }
}
