package org.cabinetgw.ha.internal;

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

import org.cabinetgw.telemetry.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection of the {@link ReplicationSender} to the standby: a writer thread sending the catch-up, then batches,
 * acknowledgements and configuration frames, and a reader of the standby's answers. It ends at the first fault
 * ({@link #fail}); the sender then makes a new connection with a new catch-up.
 */
final class ReplicationSession {

    /** The sender's logger: the lines an integrator knows from before this class was split from the sender. */
    private static final Logger LOG = LoggerFactory.getLogger(ReplicationSender.class);
    private static final int MAX_BATCH_MESSAGES = 512;
    private static final int MAX_BATCH_BYTES = 4 << 20;

    private final ReplicationSender owner;
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
    volatile boolean speaksConfig;
    /** The configuration snapshot is to be sent: made on the writer, not on the thread that reads answers. */
    private boolean snapshotDue;
    private boolean publishersWait;
    private boolean failed;
    private long nextSeq = 1;
    private volatile long catchUpEndSeq = -1;
    private final Map<Long, CompletableFuture<Void>> awaiting = new ConcurrentSkipListMap<>();

    ReplicationSession(ReplicationSender owner, Socket socket, DataInputStream in, DataOutputStream out,
            ReplicationFrame frames, InetSocketAddress peer) {
        this.owner = owner;
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
            List<String> taken = owner.takenOver();
            for (int from = 0; from < taken.size(); from += MAX_BATCH_MESSAGES) {
                send(ReplicationFrame.Type.TAKEN_OVER,
                        ReplicationFrame.ids(taken.subList(from, Math.min(taken.size(), from + MAX_BATCH_MESSAGES))));
            }
            List<Message> page = new ArrayList<>();
            long copied = owner.queue().forEachUnacknowledged(m -> {
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
            List<ConfigReplication.Outgoing> all = new ArrayList<>(owner.configSnapshotNow());
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
        frames.write(out, type, owner.incarnation, owner.epoch(), seq, body);
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
                if (catchUpEndSeq > 0 && upTo >= catchUpEndSeq && owner.caughtUp(this)) {
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
            owner.counters.count(e.reason);
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
        ReplicationSender.close(socket);
        IOException cause = new IOException(why);
        awaiting.values().forEach(f -> f.completeExceptionally(cause));
        openAnswered.completeExceptionally(cause);
        boolean stopping = owner.ended(this);
        // no interrupt of the writer: it wakes from the notifyAll above, or fails on the closed socket; during a
        // catch-up it reads the uplink's queue files, and an interrupt then would close them for the uplink too
        if (!stopping) {
            LOG.warn("Standby at {} not in sync: {}; this node carries on alone and reconnects",
                    PathSpec.text(peer), why);
        }
    }
}
