package org.cabinetgw.ha.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.cabinetgw.ha.ReplicationState;
import org.cabinetgw.telemetry.Message;
import org.cabinetgw.uplink.QueueContents;
import org.cabinetgw.uplink.QueueReplicator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The active's side of the replicated uplink queue: a {@link QueueReplicator} the uplink tells what it accepted and
 * what the cloud acknowledged, streamed to the standby over TCP ({@link ReplicationFrame}).
 *
 * <p>While this node is ACTIVE it keeps one connection to the standby's replication port (the paths' peer addresses
 * in the configured order). A new connection first copies the uplink's durable queue ({@link QueueContents}, the
 * catch-up); until the standby answered that copy it is CATCHING_UP and publishers do not wait. IN_SYNC, a message is
 * sent when the uplink calls {@link #replicating} (before its own group commit, so the standby's fsync and the active's
 * run at the same time), and a publisher in synchronous mode waits, after its local commit, until the standby answered
 * the batch holding its message (concurrent publishers share one batch, so one round trip and one fsync on the
 * standby per batch), at most
 * {@code replication.timeout.millis}; a timeout or a broken connection makes the standby NOT_IN_SYNC, the connection is
 * dropped and made again, with a new catch-up. Acknowledgements are streamed without waiting.
 *
 * <p>This class keeps the connection (which peer, the state, the publishers' wait); what goes over one connection,
 * the catch-up, the batches, the configuration frames and the answers, is {@link ReplicationSession}.
 */
final class ReplicationSender implements QueueReplicator, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicationSender.class);
    private static final long RECONNECT_MS = 200;
    private static final int CONNECT_TIMEOUT_MS = 500;
    private static final Replication NOTHING = () -> {
    };

    private final byte[] key;
    private final String pairId;
    final long incarnation;
    private final LongSupplier epoch;
    private final BooleanSupplier active;
    private final ReplicationSettings settings;
    private final List<InetSocketAddress> peers;
    final ReplicationCounters counters = new ReplicationCounters();
    private final AtomicLong timeouts = new AtomicLong();
    private final Thread connector;
    private volatile QueueContents queue;
    private volatile Supplier<List<String>> takenOver = List::of;
    private volatile Supplier<List<ConfigReplication.Outgoing>> configSnapshot = List::of;
    private volatile ReplicationSession session;
    private volatile ReplicationState state = ReplicationState.NONE;
    private volatile boolean closed;

    ReplicationSender(PairSettings pair, ReplicationSettings settings, long incarnation, LongSupplier epoch,
            BooleanSupplier active) {
        this.key = pair.key().clone();
        this.pairId = pair.pairId();
        this.incarnation = incarnation;
        this.epoch = epoch;
        this.active = active;
        this.settings = settings;
        this.peers = settings.peer(pair.paths());
        this.connector = new Thread(this::connectLoop, "ha-replication-connect");
        connector.setDaemon(true);
    }

    void start() {
        connector.start();
    }

    ReplicationState state() {
        return state;
    }

    /** The ids this node took over at its last takeover: told to the standby at every catch-up. */
    void tellTakenOver(Supplier<List<String>> ids) {
        this.takenOver = ids;
    }

    /** What a standby that reads configuration frames is sent when it connects ({@link ConfigReplication#snapshot}). */
    void configSnapshot(Supplier<List<ConfigReplication.Outgoing>> snapshot) {
        this.configSnapshot = snapshot;
    }

    /**
     * A configuration frame for the standby, after what is queued already; dropped when no standby that reads them is
     * connected (the snapshot at its next connection carries the change).
     */
    void sendConfig(ConfigReplication.Outgoing frame) {
        ReplicationSession s = session;
        if (s != null && s.speaksConfig) {
            s.enqueue(List.of(frame));
        }
    }

    /** This node's own uplink queue, once the uplink attached it. */
    QueueContents queue() {
        return queue;
    }

    /** Publishers that gave up waiting for the standby since start. */
    long timeouts() {
        return timeouts.get();
    }

    @Override
    public void attached(QueueContents contents) {
        this.queue = contents;
        ReplicationSession s = session;
        if (s != null) {
            s.fail("the uplink was bound again: a new catch-up from its queue"); // its contents may be others now
        }
    }

    @Override
    public void accepted(Message message) {
        replicating(message).await();
    }

    /**
     * Sends the message now (the uplink calls this before its own group commit, so the standby's write and fsync run
     * while the active's do); the publisher waits in {@code await}, after its local commit, at most
     * {@code replication.timeout.millis} from then.
     */
    @Override
    public Replication replicating(Message message) {
        ReplicationSession s = session;
        if (s == null) {
            return NOTHING; // no standby: the catch-up of the next connection copies it from the queue
        }
        CompletableFuture<Void> answered = s.enqueue(message);
        if (answered == null || !settings.synchronous()) {
            return NOTHING;
        }
        return () -> await(s, answered);
    }

    private void await(ReplicationSession s, CompletableFuture<Void> answered) {
        try {
            answered.get(settings.timeoutMs(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            timeouts.incrementAndGet();
            s.fail("the standby did not answer within replication.timeout.millis = " + settings.timeoutMs() + " ms");
        } catch (ExecutionException e) {
            // the connection broke: already reported; the uplink holds the message, the next catch-up copies it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void acknowledged(List<String> ids) {
        ReplicationSession s = session;
        if (s != null) {
            s.acknowledged(ids);
        }
    }

    private void connectLoop() {
        while (!closed) {
            try {
                ReplicationSession s = session;
                if (!active.getAsBoolean() || queue == null) {
                    if (s != null) {
                        s.fail(active.getAsBoolean() ? "the uplink is gone" : "this node no longer acts");
                    }
                    state = ReplicationState.NONE;
                } else if (s == null) {
                    if (state == ReplicationState.NONE) {
                        state = ReplicationState.NOT_IN_SYNC;
                    }
                    connect();
                }
                Thread.sleep(RECONNECT_MS);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("Replication to the standby: {}", e.toString());
                LOG.debug("Replication failure", e);
            }
        }
    }

    private void connect() {
        for (InetSocketAddress peer : peers) {
            Socket socket = new Socket();
            try {
                socket.setTcpNoDelay(true);
                socket.connect(peer, CONNECT_TIMEOUT_MS);
                socket.setSoTimeout(2_000);
                DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 1 << 16));
                byte[] nonces = ReplicationHandshake.exchange(in, out, false);
                socket.setSoTimeout(0);
                ReplicationSession s = new ReplicationSession(this, socket, in, out, new ReplicationFrame(key, pairId, nonces),
                        peer);
                state = ReplicationState.CATCHING_UP;
                session = s;
                s.start();
                LOG.info("Replicating the uplink queue to the standby at {}: catching it up", PathSpec.text(peer));
                return;
            } catch (ReplicationFrame.Refused e) {
                counters.count(e.reason);
                LOG.warn("Replication to {} refused: {}", PathSpec.text(peer), e.getMessage());
                close(socket);
            } catch (IOException e) {
                LOG.debug("No standby listening at {}: {}", PathSpec.text(peer), e.toString());
                close(socket);
            }
        }
    }

    /** The ids to tell the standby at a catch-up. */
    List<String> takenOver() {
        return takenOver.get();
    }

    /** The configuration snapshot for a standby that reads configuration frames, made now. */
    List<ConfigReplication.Outgoing> configSnapshotNow() {
        return configSnapshot.get();
    }

    long epoch() {
        return epoch.getAsLong();
    }

    /** The standby answered the catch-up of session {@code s}: true when that made it IN_SYNC (now). */
    boolean caughtUp(ReplicationSession s) {
        if (state == ReplicationState.CATCHING_UP && session == s) {
            state = ReplicationState.IN_SYNC;
            return true;
        }
        return false;
    }

    /** Session {@code s} failed: it is the current one no more. True when the pair is stopping (nothing to warn of). */
    boolean ended(ReplicationSession s) {
        if (session == s) {
            session = null;
            state = active.getAsBoolean() && !closed ? ReplicationState.NOT_IN_SYNC : ReplicationState.NONE;
        }
        return closed;
    }

    static void close(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing
        }
    }

    @Override
    public void close() {
        closed = true;
        connector.interrupt();
        ReplicationSession s = session;
        if (s != null) {
            s.fail("the pair stops");
        }
        try {
            connector.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
