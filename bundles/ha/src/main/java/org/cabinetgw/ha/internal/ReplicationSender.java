package org.cabinetgw.ha.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
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
 */
final class ReplicationSender implements QueueReplicator, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicationSender.class);
    private static final int MAX_BATCH_MESSAGES = 512;
    private static final int MAX_BATCH_BYTES = 4 << 20;
    private static final long RECONNECT_MS = 200;
    private static final int CONNECT_TIMEOUT_MS = 500;
    private static final Replication NOTHING = () -> {
    };

    private final byte[] key;
    private final String pairId;
    private final long incarnation;
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
    private volatile Session session;
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
        Session s = session;
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
        Session s = session;
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
        Session s = session;
        if (s == null) {
            return NOTHING; // no standby: the catch-up of the next connection copies it from the queue
        }
        CompletableFuture<Void> answered = s.enqueue(message);
        if (answered == null || !settings.synchronous()) {
            return NOTHING;
        }
        return () -> await(s, answered);
    }

    private void await(Session s, CompletableFuture<Void> answered) {
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
        Session s = session;
        if (s != null) {
            s.acknowledged(ids);
        }
    }

    private void connectLoop() {
        while (!closed) {
            try {
                Session s = session;
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
                Session s = new Session(socket, in, out, new ReplicationFrame(key, pairId, nonces), peer);
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

    private static void close(Socket s) {
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
        Session s = session;
        if (s != null) {
            s.fail("the pair stops");
        }
        try {
            connector.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One connection to the standby: a writer thread sending batches and acknowledgements, a reader of answers. */
    private final class Session {
        private final Socket socket;
        private final DataInputStream in;
        private final DataOutputStream out;
        private final ReplicationFrame frames;
        private final InetSocketAddress peer;
        private final Thread writer;
        private final Thread reader;
        private final Object lock = new Object();
        private List<Message> open = new ArrayList<>();
        private CompletableFuture<Void> openAnswered = new CompletableFuture<>();
        private List<String> acks = new ArrayList<>();
        private List<ConfigReplication.Outgoing> others = new ArrayList<>();
        /** The standby said it reads configuration frames ({@link ReplicationFrame#CONFIG_HELLO}). */
        private volatile boolean speaksConfig;
        /** The configuration snapshot is to be sent: made on the writer, not on the thread that reads answers. */
        private boolean snapshotDue;
        private boolean publishersWait;
        private boolean failed;
        private long nextSeq = 1;
        private volatile long catchUpEndSeq = -1;
        private final Map<Long, CompletableFuture<Void>> awaiting = new ConcurrentSkipListMap<>();

        Session(Socket socket, DataInputStream in, DataOutputStream out, ReplicationFrame frames,
                InetSocketAddress peer) {
            this.socket = socket;
            this.in = in;
            this.out = out;
            this.frames = frames;
            this.peer = peer;
            this.writer = new Thread(this::write, "ha-replication-send");
            this.reader = new Thread(this::read, "ha-replication-answers");
            writer.setDaemon(true);
            reader.setDaemon(true);
        }

        void start() {
            reader.start();
            writer.start();
        }

        /** The future of the batch that will hold the message; null when the publisher must not wait for it. */
        CompletableFuture<Void> enqueue(Message m) {
            synchronized (lock) {
                if (failed) {
                    return null;
                }
                open.add(m);
                lock.notifyAll();
                return publishersWait ? openAnswered : null;
            }
        }

        void enqueue(List<ConfigReplication.Outgoing> frames) {
            synchronized (lock) {
                if (!failed) {
                    others.addAll(frames);
                    lock.notifyAll();
                }
            }
        }

        void acknowledged(List<String> ids) {
            synchronized (lock) {
                if (!failed) {
                    acks.addAll(ids);
                    lock.notifyAll();
                }
            }
        }

        private void write() {
            try {
                send(ReplicationFrame.Type.CATCHUP_BEGIN, new byte[0]);
                List<String> taken = takenOver.get();
                for (int from = 0; from < taken.size(); from += MAX_BATCH_MESSAGES) {
                    send(ReplicationFrame.Type.TAKEN_OVER,
                            ReplicationFrame.ids(taken.subList(from, Math.min(taken.size(), from + MAX_BATCH_MESSAGES))));
                }
                List<Message> page = new ArrayList<>();
                long copied = queue.forEachUnacknowledged(m -> {
                    page.add(m);
                    if (page.size() >= MAX_BATCH_MESSAGES) {
                        sendBatch(page);
                        page.clear();
                    }
                });
                sendBatch(page);
                synchronized (lock) {
                    publishersWait = true; // from here every publisher's batch is answered after the catch-up's end
                }
                drain();
                catchUpEndSeq = nextSeq; // before sending: the answer may come before send returns
                send(ReplicationFrame.Type.CATCHUP_END, new byte[0]);
                out.flush();
                LOG.info("Catch-up of the standby at {}: {} queued message(s) copied", PathSpec.text(peer), copied);
                while (!failed) {
                    synchronized (lock) {
                        while (!failed && open.isEmpty() && acks.isEmpty() && others.isEmpty() && !snapshotDue) {
                            lock.wait();
                        }
                    }
                    drain();
                    out.flush();
                }
            } catch (IOException | java.io.UncheckedIOException e) {
                fail("sending to the standby failed: " + e.getMessage());
            } catch (InterruptedException e) {
                fail("interrupted");
            }
        }

        /** Sends the open batch (split to the frame limit) and the acknowledgements gathered meanwhile. */
        private void drain() throws IOException {
            List<Message> batch;
            CompletableFuture<Void> answered;
            List<String> ids;
            List<ConfigReplication.Outgoing> frames;
            boolean snapshot;
            synchronized (lock) {
                snapshot = snapshotDue;
                snapshotDue = false;
                batch = open;
                answered = openAnswered;
                ids = acks;
                frames = others;
                open = new ArrayList<>();
                openAnswered = new CompletableFuture<>();
                acks = new ArrayList<>();
                others = new ArrayList<>();
            }
            if (!batch.isEmpty()) {
                List<List<Message>> parts = new ArrayList<>();
                int from = 0;
                int bytes = 0;
                for (int i = 0; i < batch.size(); i++) {
                    bytes += batch.get(i).payload().length() + 256;
                    if (i + 1 == batch.size() || i + 1 - from >= MAX_BATCH_MESSAGES || bytes >= MAX_BATCH_BYTES) {
                        parts.add(batch.subList(from, i + 1));
                        from = i + 1;
                        bytes = 0;
                    }
                }
                // registered before the first byte goes out: a batch larger than the stream's buffer is partly on the
                // wire while it is written, and its answer must find the publishers' future
                awaiting.put(nextSeq + parts.size() - 1, answered);
                for (List<Message> part : parts) {
                    send(ReplicationFrame.Type.APPEND, ReplicationFrame.messages(part));
                }
            } else {
                answered.complete(null);
            }
            if (!ids.isEmpty()) {
                send(ReplicationFrame.Type.ACKS, ReplicationFrame.ids(ids));
            }
            if (snapshot) {
                // the changes queued meanwhile go after it: each carries the state read when it was queued, and a
                // later change queues another frame, so the standby ends at the active's state either way
                List<ConfigReplication.Outgoing> all = new ArrayList<>(configSnapshot.get());
                all.addAll(frames);
                frames = all;
            }
            for (ConfigReplication.Outgoing f : frames) {
                send(f.type(), f.body());
            }
        }

        private void sendBatch(List<Message> page) {
            if (page.isEmpty()) {
                return;
            }
            try {
                send(ReplicationFrame.Type.APPEND, ReplicationFrame.messages(page));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        private long send(ReplicationFrame.Type type, byte[] body) throws IOException {
            long seq = nextSeq++;
            frames.write(out, type, incarnation, epoch.getAsLong(), seq, body);
            return seq;
        }

        private void read() {
            long expected = 1;
            try {
                while (true) {
                    ReplicationFrame.Frame f = frames.read(in, expected++);
                    if (f.type() != ReplicationFrame.Type.ANSWER || f.body().length != 8) {
                        throw new ReplicationFrame.Refused("MALFORMED", "a " + f.type() + " frame from the standby");
                    }
                    long upTo = ByteBuffer.wrap(f.body()).getLong();
                    if (upTo == ReplicationFrame.CONFIG_HELLO) {
                        synchronized (lock) {
                            // from now on a change is sent, after the snapshot or in it
                            speaksConfig = true;
                            snapshotDue = true;
                            lock.notifyAll();
                        }
                        continue;
                    }
                    if (catchUpEndSeq > 0 && upTo >= catchUpEndSeq && state == ReplicationState.CATCHING_UP
                            && session == this) {
                        state = ReplicationState.IN_SYNC;
                        LOG.info("The standby at {} is in sync: publish waits for it again", PathSpec.text(peer));
                    }
                    for (Map.Entry<Long, CompletableFuture<Void>> e : awaiting.entrySet()) {
                        if (e.getKey() > upTo) {
                            break;
                        }
                        e.getValue().complete(null);
                        awaiting.remove(e.getKey());
                    }
                }
            } catch (ReplicationFrame.Refused e) {
                counters.count(e.reason);
                fail("an answer refused: " + e.getMessage());
            } catch (IOException e) {
                fail("the standby closed the connection (" + e.getMessage() + ")");
            }
        }

        void fail(String why) {
            synchronized (lock) {
                if (failed) {
                    return;
                }
                failed = true;
                lock.notifyAll();
            }
            close(socket);
            IOException cause = new IOException(why);
            awaiting.values().forEach(f -> f.completeExceptionally(cause));
            openAnswered.completeExceptionally(cause);
            if (session == this) {
                session = null;
                state = active.getAsBoolean() && !closed ? ReplicationState.NOT_IN_SYNC : ReplicationState.NONE;
            }
            // no interrupt of the writer: it wakes from the notifyAll above, or fails on the closed socket; during a
            // catch-up it reads the uplink's queue files, and an interrupt then would close them for the uplink too
            if (!closed) {
                LOG.warn("Standby at {} not in sync: {}; this node carries on alone and reconnects",
                        PathSpec.text(peer), why);
            }
        }
    }
}
