package org.cabinetgw.ha.internal;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.cabinetgw.ha.Role;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The MQTT broker as the witness. Each node keeps a retained lease under
 * {@code <prefix>/<pair id>/lease/<node id>}: {@code {"state":"active","epoch":7,"node":"gw-a","incarnation":1765110000123,
 * "n":812}} (the incarnation: this life's start counter, as in the heartbeats; since this release), renewed
 * by the active every {@code lease.renew.millis} (QoS 1: the broker's acknowledgement is what {@link #lastAcknowledged}
 * reports). Its last will, retained on the same topic, says {@code released}: when the node dies (kill -9 closes its
 * socket at once; a power cut or a pulled cable after 1.5 x the keep-alive) the broker itself tells the standby.
 * The will names the incarnation too: a retained will outlives the life it speaks of (a restart), and the standby
 * must tell it from a release of the life it heard last (WitnessEvidence). Every node subscribes to all leases of
 * the pair and reports the other node's.
 */
final class MqttWitness implements Witness {

    private static final Logger LOG = LoggerFactory.getLogger(MqttWitness.class);
    /** After the subscription is acknowledged, retained leases follow; wait this long before trusting "none". */
    static final long RETAINED_GRACE_MS = 100;

    private final String uri;
    private final String prefix;
    private final String nodeId;
    private final long incarnation;
    private final LeaseIncarnation incarnations;
    private final MqttAsyncClient client;
    private final MqttConnectOptions options;
    private final LongSupplier clock;
    private final ScheduledExecutorService scheduler;
    private final Map<String, PeerLease> leases = new HashMap<>();

    private volatile boolean connecting;
    private volatile long subscribedAt = -1;
    private volatile long lastAck = -1;
    private volatile String lastState = PeerLease.STANDBY;
    private volatile long lastEpoch;
    private long renewals;
    private volatile boolean closed;
    private volatile String fault = "";

    MqttWitness(String uri, String topicPrefix, String pairId, String nodeId, long incarnation, String user,
            char[] password, int keepAliveSeconds, LongSupplier clock, ScheduledExecutorService scheduler)
            throws MqttException {
        this.uri = uri;
        this.prefix = topicPrefix + "/" + pairId + "/lease/";
        this.nodeId = nodeId;
        this.incarnation = incarnation;
        this.incarnations = new LeaseIncarnation(uri);
        this.clock = clock;
        this.scheduler = scheduler;
        this.client = new MqttAsyncClient(uri, pairId + "-ha-" + nodeId, new MemoryPersistence());
        this.options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setKeepAliveInterval(keepAliveSeconds);
        options.setConnectionTimeout(2);
        options.setAutomaticReconnect(false); // our own loop retries every second, also before the first success
        options.setMaxInflight(100);
        if (user != null && !user.isEmpty()) {
            options.setUserName(user);
            options.setPassword(password);
        }
        options.setWill(prefix + nodeId, payload(PeerLease.RELEASED, 0), 1, true);
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                subscribedAt = -1;
                fault = "connection lost: " + cause;
                LOG.warn("Witness {} lost: {}", uri, String.valueOf(cause));
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                received(topic, message.getPayload());
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
    }

    /** Connects now and keeps reconnecting every second while not connected. */
    void start() {
        scheduler.scheduleWithFixedDelay(this::ensureConnected, 0, 1, TimeUnit.SECONDS);
    }

    private void ensureConnected() {
        if (closed || connecting || client.isConnected()) {
            return;
        }
        connecting = true;
        try {
            client.connect(options, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    connecting = false;
                    subscribe();
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    connecting = false;
                    fault = "cannot connect: " + e;
                    LOG.debug("Witness {} not reachable", uri, e);
                }
            });
        } catch (MqttException | RuntimeException e) {
            connecting = false;
            fault = "cannot connect: " + e;
        }
    }

    private void subscribe() {
        try {
            client.subscribe(prefix + "+", 1, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    subscribedAt = clock.getAsLong();
                    fault = "";
                    LOG.info("Witness {} connected", uri);
                    publish(lastState, lastEpoch); // our own lease, replacing an old will
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    fault = "cannot subscribe: " + e;
                    LOG.warn("Witness {}: cannot subscribe to the leases: {}", uri, e.toString());
                }
            });
        } catch (MqttException e) {
            fault = "cannot subscribe: " + e;
        }
    }

    void received(String topic, byte[] payload) {
        if (!topic.startsWith(prefix)) {
            return;
        }
        String node = topic.substring(prefix.length());
        if (node.equals(nodeId) || payload.length == 0) {
            return;
        }
        try {
            if (payload.length > 1024) {
                throw new IllegalArgumentException("longer than 1024 bytes");
            }
            JsonObject o = JsonParser.parseString(new String(payload, StandardCharsets.UTF_8)).getAsJsonObject();
            String state = o.get("state").getAsString();
            long epoch = o.get("epoch").getAsLong();
            if (!state.equals(PeerLease.ACTIVE) && !state.equals(PeerLease.STANDBY) && !state.equals(PeerLease.RELEASED)
                    || epoch < 0) {
                throw new IllegalArgumentException("state " + state + ", epoch " + epoch);
            }
            long life = incarnations.read(node, o.get(LeaseIncarnation.FIELD));
            synchronized (leases) {
                leases.put(node, new PeerLease(state, epoch, life, clock.getAsLong()));
            }
        } catch (RuntimeException e) {
            // not our format: ignored, never a lease
            LOG.warn("Witness {}: ignored an unreadable lease on {}: {}", uri, topic, e.toString());
        }
    }

    @Override
    public boolean configured() {
        return true;
    }

    @Override
    public boolean reachable() {
        long s = subscribedAt;
        return client.isConnected() && s >= 0 && clock.getAsLong() - s >= RETAINED_GRACE_MS;
    }

    @Override
    public PeerLease peerLease() {
        synchronized (leases) {
            // two nodes share the pair; should a third id have left a lease, the active one with the highest epoch counts
            PeerLease best = null;
            for (PeerLease l : leases.values()) {
                if (best == null || rank(l) > rank(best)) {
                    best = l;
                }
            }
            return best;
        }
    }

    private static long rank(PeerLease l) {
        return (PeerLease.ACTIVE.equals(l.state()) ? Long.MAX_VALUE / 2 : 0) + l.epoch();
    }

    @Override
    public long lastAcknowledged() {
        return lastAck;
    }

    @Override
    public void announce(Role role, long epoch) {
        String state = role == Role.ACTIVE ? PeerLease.ACTIVE : role == Role.DEMOTED ? PeerLease.RELEASED : PeerLease.STANDBY;
        publish(state, epoch);
    }

    private void publish(String state, long epoch) {
        lastState = state;
        lastEpoch = epoch;
        if (!client.isConnected()) {
            return;
        }
        long sentAt = clock.getAsLong();
        // a renewal sent before the retained leases had time to arrive (just after a reconnect, e.g. a node resumed
        // after a stall) proves nothing: the peer's lease with a higher epoch may be on its way; it must not date a
        // renewal (step-down, the acting permit) before the engine could see that lease
        boolean settled = reachable();
        try {
            MqttMessage m = new MqttMessage(payload(state, epoch));
            m.setQos(1);
            m.setRetained(true);
            client.publish(prefix + nodeId, m, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    // the renewal counts from when it was sent: the broker had it no earlier
                    if (settled) {
                        lastAck = Math.max(lastAck, sentAt);
                    }
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    LOG.debug("Witness {}: lease not acknowledged", uri, e);
                }
            });
        } catch (MqttException | RuntimeException e) {
            LOG.debug("Witness {}: cannot publish the lease", uri, e);
        }
    }

    private byte[] payload(String state, long epoch) {
        JsonObject o = new JsonObject();
        o.addProperty("state", state);
        o.addProperty("epoch", epoch);
        o.addProperty("node", nodeId);
        o.addProperty(LeaseIncarnation.FIELD, incarnation);
        synchronized (this) {
            o.addProperty("n", ++renewals);
        }
        return o.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String describe() {
        StringBuilder s = new StringBuilder("mqtt ").append(uri).append(": ");
        if (!client.isConnected()) {
            return s.append("not connected").append(fault.isEmpty() ? "" : " (" + fault + ")").toString();
        }
        PeerLease l = peerLease();
        s.append("connected; ");
        if (l == null) {
            s.append("no lease of the peer");
        } else {
            s.append("peer lease ").append(l.state()).append(", epoch ").append(l.epoch()).append(", incarnation ")
                    .append(l.incarnation() == PeerLease.UNKNOWN ? "not named" : l.incarnation()).append(", received ")
                    .append(clock.getAsLong() - l.receivedAt()).append(" ms ago");
        }
        return s.toString();
    }

    /** Disconnects cleanly after publishing {@code released}: a stopped node leaves no active lease behind. */
    @Override
    public void close() {
        closed = true;
        try {
            if (client.isConnected()) {
                MqttMessage m = new MqttMessage(payload(PeerLease.RELEASED, lastEpoch));
                m.setQos(1);
                m.setRetained(true);
                client.publish(prefix + nodeId, m).waitForCompletion(1000);
                client.disconnect().waitForCompletion(1000);
            }
        } catch (MqttException e) {
            LOG.debug("Witness {}: unclean disconnect", uri, e);
        } finally {
            try {
                client.close(true);
            } catch (MqttException e) {
                LOG.debug("Witness {}: close", uri, e);
            }
        }
    }

    /** Tests: drops the connection without a DISCONNECT, as a killed process would; the broker publishes the will. */
    void dropForTest() throws MqttException {
        client.disconnectForcibly(0, 100, false);
    }
}
