package org.cabinetgw.uplink.internal.hosted;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.cabinetgw.uplink.HostedCloudConnection;
import org.cabinetgw.uplink.HostedCloudMessage;
import org.cabinetgw.uplink.TransportKind;
import org.cabinetgw.uplink.internal.kura.KuraPayload;
import org.cabinetgw.uplink.internal.kura.KuraTelemetry;
import org.cabinetgw.uplink.internal.queue.QueuedMessage;
import org.cabinetgw.uplink.internal.transport.DeliveryCallback;
import org.cabinetgw.uplink.internal.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's cloud connection (a {@link HostedCloudConnection}, Kura's cloud publisher on a Kura gateway) as the
 * uplink's primary transport: it takes the MQTT transport's place (kind MQTT, so the switch policy, the HTTP
 * fallback and the status read as before) while our own MQTT transport stays idle. Each queued message goes over
 * as Kura's typed payload ({@link KuraTelemetry}, the same metrics as our Kura mode) and leaves the queue only when
 * the connection confirms it.
 */
final class HostedTransport implements Transport {

    private static final Logger LOG = LoggerFactory.getLogger(HostedTransport.class);
    /** Messages unconfirmed at once: Kura's own store holds them meanwhile; a bound keeps a re-send after a loss small. */
    static final int WINDOW = 64;

    private final HostedCloudConnection connection;
    private volatile boolean suspended;
    private volatile boolean closed;
    private volatile Runnable stateListener = () -> { };

    HostedTransport(HostedCloudConnection connection) {
        this.connection = connection;
        connection.setStateListener(() -> stateListener.run());
    }

    @Override
    public TransportKind kind() {
        return TransportKind.MQTT;
    }

    @Override
    public boolean ready() {
        return !suspended && !closed && connected();
    }

    private boolean connected() {
        try {
            return connection.connected();
        } catch (RuntimeException e) {
            LOG.debug("Uplink: the platform's cloud connection could not say its state", e);
            return false;
        }
    }

    @Override
    public int window() {
        return WINDOW;
    }

    @Override
    public int maxBatch() {
        return WINDOW;
    }

    @Override
    public void send(List<QueuedMessage> batch, DeliveryCallback callback) {
        for (QueuedMessage m : batch) {
            // one outcome per message, at most once, and none once closed (the dispatcher sends again then)
            AtomicBoolean answered = new AtomicBoolean();
            HostedCloudConnection.Outcome outcome = new HostedCloudConnection.Outcome() {
                @Override
                public void delivered() {
                    if (!closed && answered.compareAndSet(false, true)) {
                        callback.delivered(List.of(m));
                    }
                }

                @Override
                public void failed(String reason) {
                    if (!closed && answered.compareAndSet(false, true)) {
                        callback.failed(List.of(m), reason == null ? "not delivered" : reason, null);
                    }
                }
            };
            try {
                connection.send(toHosted(m), outcome);
            } catch (RuntimeException e) {
                // the contract says never; a broken connection must not take the dispatcher down
                LOG.debug("Uplink: the platform's cloud connection threw", e);
                outcome.failed("the platform's cloud connection failed: " + e);
            }
        }
    }

    static HostedCloudMessage toHosted(QueuedMessage m) {
        KuraPayload p = KuraTelemetry.toPayload(m);
        long ts = p.timestamp() == null ? System.currentTimeMillis() : p.timestamp();
        return new HostedCloudMessage(m.id(), m.priority(), m.topic(), ts, p.metrics(), p.body());
    }

    @Override
    public void setSuspended(boolean value) {
        suspended = value;
        stateListener.run();
    }

    @Override
    public void setStateListener(Runnable listener) {
        this.stateListener = listener == null ? () -> { } : listener;
    }

    @Override
    public String describeState() {
        String state;
        try {
            state = connection.describeState();
        } catch (RuntimeException e) {
            state = "state unknown (" + e + ")";
        }
        return "the platform's cloud connection: " + state;
    }

    /** No more outcomes are passed on; the connection is told to stop calling. */
    void close() {
        closed = true;
        try {
            connection.setStateListener(null);
        } catch (RuntimeException e) {
            LOG.debug("Uplink: the platform's cloud connection refused to forget its listener", e);
        }
    }
}
