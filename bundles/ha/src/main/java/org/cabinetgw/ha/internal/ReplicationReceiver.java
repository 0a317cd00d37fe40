package org.cabinetgw.ha.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standby's side of the replicated uplink queue: listens on the replication port at this node's address on every
 * heartbeat path, verifies each frame ({@link ReplicationFrame}), writes batches to the {@link ReplicaLog} and answers
 * once they are fsynced: one fsync for the batches that arrived together (at most {@link #MAX_UNSYNCED}). One connection at a time: a new one (the active reconnected) replaces the old. A connection
 * is refused while this node acts, and a frame from an epoch below this node's (a deposed active) ends it.
 */
final class ReplicationReceiver implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicationReceiver.class);
    /** At most this many batches share one fsync (and wait for it): a steady stream is still answered. */
    private static final int MAX_UNSYNCED = 32;

    private final byte[] key;
    private final String pairId;
    private final long incarnation;
    private final LongSupplier epoch;
    private final BooleanSupplier acts;
    private final ReplicaLog replica;
    final ReplicationCounters counters = new ReplicationCounters();
    private final List<ServerSocket> servers = new ArrayList<>();
    private final List<Thread> acceptors = new ArrayList<>();
    private Socket current;
    private volatile Consumer<List<String>> takenOver = ids -> {
    };
    private volatile java.util.function.BiConsumer<ReplicationFrame.Type, byte[]> config = (type, body) -> {
    };
    private volatile boolean closed;

    /** Binds every address at once (a port in use is a configuration error reported at start). */
    ReplicationReceiver(PairSettings pair, ReplicationSettings settings, long incarnation, LongSupplier epoch,
            BooleanSupplier acts, ReplicaLog replica) throws IOException {
        this.key = pair.key().clone();
        this.pairId = pair.pairId();
        this.incarnation = incarnation;
        this.epoch = epoch;
        this.acts = acts;
        this.replica = replica;
        try {
            for (InetSocketAddress a : settings.local(pair.paths())) {
                ServerSocket s = new ServerSocket();
                s.setReuseAddress(true);
                servers.add(s);
                s.bind(a, 4);
            }
        } catch (IOException e) {
            close();
            throw new IOException("replication.port " + settings.port() + " cannot be opened: " + e.getMessage(), e);
        }
    }

    /** Given the ids the active took over at its takeover (this node, deposed then, still holds them in its queue). */
    void onTakenOver(Consumer<List<String>> discard) {
        this.takenOver = discard;
    }

    /** Given each configuration frame of the active ({@link ConfigReplication#received}). */
    void onConfig(java.util.function.BiConsumer<ReplicationFrame.Type, byte[]> apply) {
        this.config = apply;
    }

    void start() {
        for (ServerSocket s : servers) {
            Thread t = new Thread(() -> acceptLoop(s), "ha-replication-listen");
            t.setDaemon(true);
            acceptors.add(t);
            t.start();
        }
    }

    private void acceptLoop(ServerSocket server) {
        while (!closed) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("Replication listener {}: {}", server.getLocalSocketAddress(), e.getMessage());
                }
                return;
            }
            if (acts.getAsBoolean()) {
                counters.count("WHILE_ACTIVE");
                LOG.warn("Replication connection from {} refused: this node acts for the cabinet",
                        s.getRemoteSocketAddress());
                quietly(s);
                continue;
            }
            synchronized (this) {
                if (current != null) {
                    quietly(current); // the active reconnected: the old connection is dead or about to be
                }
                current = s;
            }
            Thread t = new Thread(() -> serve(s), "ha-replication-receive");
            t.setDaemon(true);
            t.start();
        }
    }

    /** Ends the current connection (at a takeover, before the replica is handed to this node's uplink). */
    synchronized void disconnect() {
        if (current != null) {
            quietly(current);
            current = null;
        }
    }

    private void serve(Socket socket) {
        String from = String.valueOf(socket.getRemoteSocketAddress());
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(2_000);
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1 << 16));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
            ReplicationFrame frames = new ReplicationFrame(key, pairId, ReplicationHandshake.exchange(in, out, true));
            socket.setSoTimeout(0);
            long expected = 1;
            long answerSeq = 1;
            long unanswered = 0; // the last frame written to the replica and not answered yet (not fsynced)
            int unsynced = 0;
            frames.write(out, ReplicationFrame.Type.ANSWER, incarnation, epoch.getAsLong(), answerSeq++,
                    ByteBuffer.allocate(8).putLong(ReplicationFrame.CONFIG_HELLO).array());
            out.flush();
            while (true) {
                ReplicationFrame.Frame f = frames.read(in, expected++);
                if (f.epoch() < epoch.getAsLong()) {
                    throw new ReplicationFrame.Refused("STALE_EPOCH", "epoch " + f.epoch() + ", this node's is "
                            + epoch.getAsLong() + ": a deposed active");
                }
                if (acts.getAsBoolean()) {
                    throw new ReplicationFrame.Refused("WHILE_ACTIVE", "this node acts for the cabinet now");
                }
                switch (f.type()) {
                    case APPEND -> {
                        replica.append(ReplicationFrame.messages(f.body()), false);
                        unanswered = f.seq();
                        unsynced++;
                    }
                    case ACKS -> replica.acknowledge(ReplicationFrame.ids(f.body()));
                    case TAKEN_OVER -> takenOver.accept(ReplicationFrame.ids(f.body()));
                    case CONFIG, CONFIG_SNAPSHOT_END -> config.accept(f.type(), f.body());
                    case CATCHUP_BEGIN -> {
                        replica.beginCatchUp();
                        LOG.info("The active (incarnation {}, epoch {}) catches this node's replica up", f.incarnation(),
                                f.epoch());
                    }
                    case CATCHUP_END -> {
                        int dropped = replica.endCatchUp();
                        LOG.info("Replica caught up: {} message(s) pending, {} acknowledged while away dropped",
                                replica.pending().size(), dropped);
                    }
                    default -> throw new ReplicationFrame.Refused("MALFORMED", "a " + f.type() + " frame from the active");
                }
                if (f.type() == ReplicationFrame.Type.CATCHUP_END) {
                    unanswered = f.seq();
                    unsynced = MAX_UNSYNCED;
                }
                // group commit: frames already arriving join this fsync; one answer covers them all
                if (unanswered > 0 && (in.available() == 0 || unsynced >= MAX_UNSYNCED)) {
                    replica.sync();
                    frames.write(out, ReplicationFrame.Type.ANSWER, incarnation, epoch.getAsLong(), answerSeq++,
                            ByteBuffer.allocate(8).putLong(unanswered).array());
                    out.flush();
                    unanswered = 0;
                    unsynced = 0;
                }
            }
        } catch (ReplicationFrame.Refused e) {
            counters.count(e.reason);
            LOG.warn("Replication from {} refused and the connection closed: {}", from, e.getMessage());
        } catch (EOFException | SocketException e) {
            LOG.debug("Replication connection from {} ended: {}", from, e.toString());
        } catch (IOException e) {
            // the replica's disk: answering would claim what is not on disk, so the active must see this standby away
            LOG.warn("Replication from {} ended: {}", from, e.getMessage());
        } finally {
            quietly(socket);
            synchronized (this) {
                if (current == socket) {
                    current = null;
                }
            }
        }
    }

    private static void quietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // closing
        }
    }

    @Override
    public void close() {
        closed = true;
        servers.forEach(ReplicationReceiver::quietly);
        disconnect();
        for (Thread t : acceptors) {
            try {
                t.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
