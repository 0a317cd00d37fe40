package org.cabinetgw.ha.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import org.cabinetgw.ha.ReplicationState;
import org.cabinetgw.ha.internal.PairSettings.ActiveWhenIsolated;
import org.cabinetgw.ha.internal.PairSettings.StandbyWhenIsolated;
import org.cabinetgw.telemetry.Message;
import org.cabinetgw.telemetry.Priority;
import org.cabinetgw.testing.Await;
import org.cabinetgw.testing.ClosingStack;
import org.cabinetgw.uplink.QueueContents;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replication stream over real TCP on loopback: the active's {@link ReplicationSender} against the standby's
 * {@link ReplicationReceiver} and its {@link ReplicaLog} on disk. The active's uplink queue is a list here (the
 * {@link QueueContents} contract; the real uplink's side is tested in the uplink bundle and end to end).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReplicationStreamTest {

    @TempDir
    Path dir;

    /**
     * The window of a "nothing happens" check (no standby to sync with, nothing replicated once stopped): longer
     * than a round trip over loopback on a loaded machine. It cannot be awaited: the assertion is an absence.
     */
    private static final long QUIET_MILLIS = 300;

    /** What the test opened, closed in reverse order after it (JUnit closes an {@code @AutoClose} field). */
    @AutoClose
    private final ClosingStack closeLast = new ClosingStack();
    /** The active's durable queue: what is accepted and not acknowledged. */
    private final ListUplink uplink = new ListUplink();
    private final List<Message> queue = uplink.queue;
    private final AtomicLong activeEpoch = new AtomicLong(3);
    private final AtomicLong standbyEpoch = new AtomicLong(3);
    private final AtomicBoolean standbyActs = new AtomicBoolean(false);
    private int port;

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The standby listens on 127.0.0.1, the active on 127.0.0.2: two nodes on one host, each its own address. */
    static PairSettings pair(String pairId, byte[] key, boolean standby) {
        String here = standby ? "127.0.0.1" : "127.0.0.2";
        String there = standby ? "127.0.0.2" : "127.0.0.1";
        List<PathSpec> paths = List.of(new PathSpec("lan", new InetSocketAddress(here, 1),
                new InetSocketAddress(there, 2)));
        return new PairSettings("gw-x", pairId, 100, paths, key, 20, 80, 500, false, 10_000,
                StandbyWhenIsolated.STAY_STANDBY, ActiveWhenIsolated.STEP_DOWN, 1000, 250, 3000);
    }

    private ReplicationSettings settings(long timeoutMs) throws IOException {
        if (port == 0) {
            port = freePort();
        }
        return new ReplicationSettings(port, true, timeoutMs);
    }

    private ReplicaLog replica() throws IOException {
        return closeLast.push(ReplicaLog.open(dir.resolve("standby/uplink-replica")));
    }

    private ReplicationReceiver standby(ReplicaLog replica) throws IOException {
        ReplicationReceiver r = closeLast.push(new ReplicationReceiver(pair("cab", TwoNodes.KEY, true), settings(500), 9,
                standbyEpoch::get, standbyActs::get, replica));
        r.start();
        return r;
    }

    private ReplicationSender active(long timeoutMs, BooleanSupplier acts) throws IOException {
        ReplicationSender s = closeLast.push(new ReplicationSender(pair("cab", TwoNodes.KEY, false), settings(timeoutMs), 5,
                activeEpoch::get, acts));
        s.attached(uplink);
        s.start();
        return s;
    }

    static Message message(int n) {
        return Message.of("test.source", "burst", Priority.TELEMETRY, Map.of("n", n));
    }

    /** The uplink's side of a publish: stored in its queue, then the replicator told. */
    private Message publish(ReplicationSender s, int n) {
        Message m = message(n);
        queue.add(m);
        s.accepted(m);
        return m;
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Await.until(what, Duration.ofSeconds(20), condition::getAsBoolean);
    }

    private static List<String> ids(ReplicaLog r) {
        return r.pending().stream().map(Message::id).toList();
    }

    @Test
    void inSyncEveryPublishReturnsOnlyOnceTheStandbyHoldsIt() throws Exception {
        ReplicaLog replica = replica();
        standby(replica);
        ReplicationSender sender = active(10_000, () -> true);
        await("in sync", () -> sender.state() == ReplicationState.IN_SYNC);
        ExecutorService publishers = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> missing = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int base = t * 1000;
                missing.add(publishers.submit(() -> {
                    List<String> notThere = new ArrayList<>();
                    for (int i = 0; i < 150; i++) {
                        Message m = publish(sender, base + i);
                        if (!replica.pending().stream().anyMatch(x -> x.id().equals(m.id()))) {
                            notThere.add(m.id());
                        }
                    }
                    return notThere;
                }));
            }
            for (Future<List<String>> f : missing) {
                assertThat(f.get()).as("accepted() returned before the standby held these").isEmpty();
            }
        } finally {
            publishers.shutdownNow();
        }
        assertThat(replica.pending()).hasSize(600);
        assertThat(sender.timeouts()).isZero();
        // acknowledgements are streamed without waiting and leave the replica
        List<String> acked = queue.subList(0, 400).stream().map(Message::id).toList();
        sender.acknowledged(acked);
        await("acknowledgements applied", () -> replica.pending().size() == 200);
        assertThat(ids(replica)).doesNotContainAnyElementsOf(acked);
        // the replica is on disk: reopened, it holds the same
        replica.close();
        try (ReplicaLog again = ReplicaLog.open(dir.resolve("standby/uplink-replica"))) {
            assertThat(again.pending()).hasSize(200);
        }
    }

    @Test
    void aReturningStandbyCatchesUpFromTheQueueAndDropsWhatWasAcknowledgedMeanwhile() throws Exception {
        ReplicaLog replica = replica();
        // the replica from before: one message since acknowledged (not in the queue), one still queued
        Message old = message(-1);
        Message stillQueued = message(0);
        replica.append(List.of(old, stillQueued));
        queue.add(stillQueued);
        for (int i = 1; i <= 700; i++) {
            queue.add(message(i)); // accepted while the standby was away
        }
        ReplicationSender sender = active(10_000, () -> true);
        Thread.sleep(QUIET_MILLIS); // no standby yet: the active carries on alone
        assertThat(sender.state()).isEqualTo(ReplicationState.NOT_IN_SYNC);
        publish(sender, 701); // does not wait for a standby that is away
        standby(replica);
        await("in sync", () -> sender.state() == ReplicationState.IN_SYNC);
        assertThat(ids(replica)).containsExactlyElementsOf(queue.stream().map(Message::id).toList());
        assertThat(ids(replica)).doesNotContain(old.id());
    }

    @Test
    void aStandbyThatDoesNotAnswerCostsOneTimeoutThenThePairIsNotInSync() throws Exception {
        // a standby that shakes hands and answers the catch-up, then never answers again (frozen disk, stalled JVM)
        AtomicBoolean answer = new AtomicBoolean(true);
        closeLast.push(new ScriptedStandby(settings(300).port(),
                f -> f.type() == ReplicationFrame.Type.CATCHUP_END && answer.get()));
        ReplicationSender sender = active(300, () -> true);
        await("in sync", () -> sender.state() == ReplicationState.IN_SYNC);
        long t0 = System.nanoTime();
        publish(sender, 1);
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertThat(waited).as("waited the timeout, no longer than a generous bound").isBetween(290L, 5_000L);
        assertThat(sender.timeouts()).isEqualTo(1);
        assertThat(sender.state()).isEqualTo(ReplicationState.NOT_IN_SYNC);
        t0 = System.nanoTime();
        publish(sender, 2);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).as("not in sync: no wait").isLessThan(290);
    }

    @Test
    void aNodeThatNoLongerActsStopsStreaming() throws Exception {
        ReplicaLog replica = replica();
        standby(replica);
        AtomicBoolean acts = new AtomicBoolean(true);
        ReplicationSender sender = active(10_000, acts::get);
        await("in sync", () -> sender.state() == ReplicationState.IN_SYNC);
        acts.set(false);
        await("stopped", () -> sender.state() == ReplicationState.NONE);
        publish(sender, 1);
        Thread.sleep(QUIET_MILLIS);
        assertThat(replica.pending()).isEmpty();
    }

    // ---------------------------------------------------------------- hostile peers

    private Socket connect() throws Exception {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
        s.setSoTimeout(5_000);
        return s;
    }

    /** Sends frames after a handshake, as a peer holding {@code key} and claiming {@code pairId}; returns the nonces. */
    private void sendAs(byte[] key, String pairId, long epoch, Frame... frames) throws Exception {
        try (Socket s = connect()) {
            DataInputStream in = new DataInputStream(s.getInputStream());
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            ReplicationFrame codec = new ReplicationFrame(key, pairId, ReplicationHandshake.exchange(in, out, false));
            for (Frame f : frames) {
                codec.write(out, f.type, 1, epoch, f.seq, f.body);
            }
            out.flush();
            assertClosed(in);
        }
    }

    private static void assertClosed(DataInputStream in) throws IOException {
        try {
            while (in.read() != -1) {
                // an answer to a genuine frame before the refused one; the standby then closes (read times out if not)
            }
        } catch (java.net.SocketException e) {
            // reset: closed as well
        }
    }

    private record Frame(ReplicationFrame.Type type, long seq, byte[] body) {
    }

    private static Frame append(long seq, Message m) {
        return new Frame(ReplicationFrame.Type.APPEND, seq, ReplicationFrame.messages(List.of(m)));
    }

    @Test
    void forgedForeignReplayedStaleMalformedAndOversizedFramesAreRefusedCountedAndNothingIsStored() throws Exception {
        ReplicaLog replica = replica();
        ReplicationReceiver r = standby(replica);
        byte[] otherKey = "another-pair-key-0123456789".getBytes(StandardCharsets.UTF_8);
        sendAs(otherKey, "cab", 3, append(1, message(1)));
        sendAs(TwoNodes.KEY, "other-pair", 3, append(1, message(2)));
        sendAs(TwoNodes.KEY, "cab", 3, append(1, message(3)), append(1, message(4))); // the same sequence again
        sendAs(TwoNodes.KEY, "cab", 2, append(1, message(5))); // a deposed active's epoch
        sendAs(TwoNodes.KEY, "cab", 3, new Frame(ReplicationFrame.Type.APPEND, 1, new byte[] {0, 0, 0, 9, 1}));
        sendAs(TwoNodes.KEY, "cab", 3, new Frame(ReplicationFrame.Type.ANSWER, 1, new byte[8]));
        try (Socket s = connect()) { // a length over the limit: refused before anything is allocated
            DataInputStream in = new DataInputStream(s.getInputStream());
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            ReplicationHandshake.exchange(in, out, false);
            out.writeInt(Integer.MAX_VALUE);
            out.flush();
            assertClosed(in);
        }
        try (Socket s = connect()) { // not a handshake at all
            s.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            DataInputStream in = new DataInputStream(s.getInputStream());
            in.readFully(new byte[4 + ReplicationFrame.NONCE_BYTES]); // the standby's nonce, then the close
            assertClosed(in);
        }
        await("every refusal counted", () -> r.counters.refused("MALFORMED") == 4);
        assertThat(r.counters.refused("BAD_MAC")).isEqualTo(1);
        assertThat(r.counters.refused("FOREIGN_PAIR")).isEqualTo(1);
        assertThat(r.counters.refused("REPLAY")).isEqualTo(1);
        assertThat(r.counters.refused("STALE_EPOCH")).isEqualTo(1);
        // the replay's first frame was genuine and is kept; nothing else was stored
        assertThat(replica.pending()).extracting(m -> m.metrics().get("n")).containsExactly(3L);
        // while this node acts, no active may stream into it
        standbyActs.set(true);
        try (Socket s = connect()) {
            assertClosed(new DataInputStream(s.getInputStream())); // closed before a handshake
        }
        await("refused while acting", () -> r.counters.refused("WHILE_ACTIVE") == 1);
        assertThat(replica.pending()).hasSize(1);
    }
}
