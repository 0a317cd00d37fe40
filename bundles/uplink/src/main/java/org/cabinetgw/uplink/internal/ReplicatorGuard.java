package org.cabinetgw.uplink.internal;

import java.util.List;

import org.cabinetgw.telemetry.Message;
import org.cabinetgw.uplink.QueueReplicator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The uplink's side of {@link QueueReplicator}: a replicator that throws must not refuse a message the queue already
 * holds, nor stop a transport's acknowledgements. Its failures are logged (at most once a minute; the trace at DEBUG).
 */
final class ReplicatorGuard implements QueueReplicator {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicatorGuard.class);

    /** Nobody to tell. */
    static final QueueReplicator NONE = new QueueReplicator() {
        @Override
        public void accepted(Message message) {
        }

        @Override
        public void acknowledged(List<String> ids) {
        }
    };

    final QueueReplicator delegate;
    private volatile long lastWarned;

    ReplicatorGuard(QueueReplicator delegate) {
        this.delegate = delegate;
    }

    @Override
    public void accepted(Message message) {
        try {
            delegate.accepted(message);
        } catch (RuntimeException e) {
            failed("accepted " + message.id(), e);
        }
    }

    @Override
    public Replication replicating(Message message) {
        Replication r;
        try {
            r = delegate.replicating(message);
        } catch (RuntimeException e) {
            failed("replicating " + message.id(), e);
            return () -> {
            };
        }
        return () -> {
            try {
                r.await();
            } catch (RuntimeException e) {
                failed("awaiting " + message.id(), e);
            }
        };
    }

    @Override
    public void acknowledged(List<String> ids) {
        try {
            delegate.acknowledged(ids);
        } catch (RuntimeException e) {
            failed("acknowledged " + ids.size() + " id(s)", e);
        }
    }

    private void failed(String what, RuntimeException e) {
        long now = System.currentTimeMillis();
        if (now - lastWarned > 60_000) {
            lastWarned = now;
            LOG.warn("The queue replicator failed ({}): {}; the uplink goes on", what, e.toString());
        }
        LOG.debug("Queue replicator failure", e);
    }
}
