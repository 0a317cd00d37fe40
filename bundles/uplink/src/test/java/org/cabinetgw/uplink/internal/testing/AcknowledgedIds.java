package org.cabinetgw.uplink.internal.testing;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.cabinetgw.uplink.TransportKind;
import org.cabinetgw.uplink.internal.queue.QueuedMessage;
import org.cabinetgw.uplink.internal.transport.DeliveryCallback;
import org.cabinetgw.uplink.internal.transport.Transport;

/**
 * A transport as the engine sees it, recording the ids its far side acknowledged (MQTT: PUBACK). A test of what
 * the gateway lost needs it: a message the broker acknowledged left the gateway's queue by design, and what
 * happens to it after that (a broker killed before forwarding it, without persistence on disk yet) is the
 * broker's loss, which the gateway cannot know of. Everything is passed through unchanged.
 */
public final class AcknowledgedIds implements Transport {

    private final Transport inner;
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();

    public AcknowledgedIds(Transport inner) {
        this.inner = inner;
    }

    /** The ids the far side acknowledged so far. */
    public Set<String> acknowledged() {
        return Set.copyOf(acknowledged);
    }

    @Override
    public void send(List<QueuedMessage> batch, DeliveryCallback callback) {
        inner.send(batch, new DeliveryCallback() {
            @Override
            public void delivered(List<QueuedMessage> messages) {
                messages.forEach(m -> acknowledged.add(m.id()));
                callback.delivered(messages);
            }

            @Override
            public void failed(List<QueuedMessage> messages, String reason, Duration retryAfter) {
                callback.failed(messages, reason, retryAfter);
            }

            @Override
            public void rejected(List<QueuedMessage> messages, int status, String reason) {
                callback.rejected(messages, status, reason);
            }
        });
    }

    @Override
    public TransportKind kind() {
        return inner.kind();
    }

    @Override
    public boolean ready() {
        return inner.ready();
    }

    @Override
    public int window() {
        return inner.window();
    }

    @Override
    public int maxBatch() {
        return inner.maxBatch();
    }

    @Override
    public int maxOutstandingBatches() {
        return inner.maxOutstandingBatches();
    }

    @Override
    public void setSuspended(boolean suspended) {
        inner.setSuspended(suspended);
    }

    @Override
    public void setStateListener(Runnable listener) {
        inner.setStateListener(listener);
    }

    @Override
    public boolean peerReturned() {
        return inner.peerReturned();
    }

    @Override
    public String describeState() {
        return inner.describeState();
    }

    @Override
    public void routeChanged(String why) {
        inner.routeChanged(why);
    }

    @Override
    public InetAddress localAddress() {
        return inner.localAddress();
    }
}
