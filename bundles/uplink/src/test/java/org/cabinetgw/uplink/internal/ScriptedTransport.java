package org.cabinetgw.uplink.internal;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import org.cabinetgw.uplink.TransportKind;
import org.cabinetgw.uplink.internal.queue.QueuedMessage;
import org.cabinetgw.uplink.internal.transport.DeliveryCallback;
import org.cabinetgw.uplink.internal.transport.Transport;

/**
 * A transport the test drives: it is as ready as the test sets, its peer returns when the test says so, and
 * every send is handed to the test ({@link #sent}), which answers it as a broker would (or would not).
 */
final class ScriptedTransport implements Transport {

    /** One send: what was handed over and where the answer goes. */
    record Sent(List<QueuedMessage> batch, DeliveryCallback callback) {
        List<String> ids() {
            return batch.stream().map(QueuedMessage::id).toList();
        }
    }

    final BlockingQueue<Sent> sent = new LinkedBlockingQueue<>();
    private final TransportKind kind;
    private final int window;
    private final int maxBatch;
    volatile boolean ready = true;
    volatile boolean peerBack;
    volatile Boolean suspended;

    ScriptedTransport(TransportKind kind, int window, int maxBatch) {
        this.kind = kind;
        this.window = window;
        this.maxBatch = maxBatch;
    }

    @Override
    public TransportKind kind() {
        return kind;
    }

    @Override
    public boolean ready() {
        return ready;
    }

    @Override
    public int window() {
        return window;
    }

    @Override
    public int maxBatch() {
        return maxBatch;
    }

    @Override
    public void send(List<QueuedMessage> batch, DeliveryCallback callback) {
        sent.add(new Sent(List.copyOf(batch), callback));
    }

    @Override
    public void setSuspended(boolean value) {
        suspended = value;
    }

    @Override
    public void setStateListener(Runnable listener) {
    }

    @Override
    public boolean peerReturned() {
        return peerBack;
    }

    @Override
    public String describeState() {
        return ready ? "connected" : "connecting";
    }
}
