package org.cabinetgw.ha.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.cabinetgw.ha.Role;
import org.cabinetgw.ha.internal.PairSettings.ActiveWhenIsolated;
import org.cabinetgw.ha.internal.PairSettings.StandbyWhenIsolated;

/**
 * Two engines on one fake clock, their heartbeats carried straight from one to the other on two paths that a test
 * can cut, a {@link BrokerModel} as the witness, every event recorded. Each millisecond step checks the one
 * promise that matters: never two running nodes ACTIVE at once.
 */
final class TwoNodes {

    static final byte[] KEY = "0123456789abcdef-pair-key".getBytes(StandardCharsets.UTF_8);

    final FakeClock clock = new FakeClock();
    final BrokerModel broker = new BrokerModel(clock);
    final Node a;
    final Node b;
    final boolean[][] pathUp = {{true, true}, {true, true}}; // [from a=0/b=1][path]
    long doubleActiveMillis;

    record Event(long at, String node, String topic, Map<String, Object> props) {
    }

    final List<Event> events = new ArrayList<>();

    final class Node {
        final String id;
        final PairSettings settings;
        final Path dir;
        PairEngine engine;
        boolean running;
        Node peer;
        int index;
        /** SIGSTOP: not running, but what the peer sends waits in its socket buffers (the inbox), in order. */
        boolean frozen;
        final List<Map.Entry<Integer, byte[]>> inbox = new ArrayList<>();
        /**
         * A socket buffer is first in, first out: after a thaw, what the peer sends queues behind what waited until
         * the heartbeat thread has read it all (readInbox). Off: it is read at once, ahead of the backlog.
         */
        boolean fifo;

        Node(String id, PairSettings settings, Path dir, int index) {
            this.id = id;
            this.settings = settings;
            this.dir = dir;
            this.index = index;
        }

        void start() throws IOException {
            DurableCounter starts = new DurableCounter(dir.resolve("incarnation"));
            long incarnation = starts.advance(0);
            engine = new PairEngine(settings, new DurableCounter(dir.resolve("epoch")), incarnation,
                    broker.witnessFor(id, peer.id, incarnation), (topic, props) -> events.add(new Event(clock.getAsLong(), id, topic, props)),
                    (path, datagram) -> {
                        if (pathUp[index][path] && peer.running && !(peer.fifo && !peer.inbox.isEmpty())) {
                            peer.engine.receive(path, datagram, datagram.length, "peer");
                        } else if (pathUp[index][path] && (peer.frozen || peer.running)) {
                            peer.inbox.add(Map.entry(path, datagram));
                        }
                    }, clock, clock.wall());
            running = true;
        }

        /** kill -9: nothing more from this node, its broker connection closed (the will). */
        void kill() {
            running = false;
            broker.lastWill(id);
        }

        Role role() {
            return engine.role();
        }

        /** SIGSTOP: nothing runs, nothing is sent or renewed; the broker connection stays open (no will). */
        void freeze() {
            running = false;
            frozen = true;
        }

        /** SIGCONT, as far as the clock goes: running again, the buffered datagrams not read yet (see readInbox). */
        void thaw() {
            frozen = false;
            running = true;
        }

        /** The heartbeat thread reads {@code n} of the datagrams that waited (oldest first); returns how many are left. */
        int readInbox(int n) {
            for (int i = 0; i < n && !inbox.isEmpty(); i++) {
                Map.Entry<Integer, byte[]> d = inbox.remove(0);
                engine.receive(d.getKey(), d.getValue(), d.getValue().length, "peer");
            }
            return inbox.size();
        }
    }

    TwoNodes(Path dir, UnaryOperator<PairSettings> tweakA, UnaryOperator<PairSettings> tweakB) {
        a = new Node("gw-a", tweakA.apply(settings("gw-a", 100, 7401)), dir.resolve("a"), 0);
        b = new Node("gw-b", tweakB.apply(settings("gw-b", 100, 7501)), dir.resolve("b"), 1);
        a.peer = b;
        b.peer = a;
    }

    static PairSettings settings(String node, int priority, int port) {
        List<PathSpec> paths = List.of(
                new PathSpec("lan", new InetSocketAddress("127.0.0.1", port), new InetSocketAddress("127.0.0.1", port + 50)),
                new PathSpec("cable", new InetSocketAddress("127.0.0.1", port + 1), new InetSocketAddress("127.0.0.1", port + 51)));
        return new PairSettings(node, "cabinet-7", priority, paths, KEY, 20, 80, 500, false, 10_000,
                StandbyWhenIsolated.STAY_STANDBY, ActiveWhenIsolated.STEP_DOWN, 1000, 250, 3000);
    }

    static PairSettings with(PairSettings s, int priority, boolean failBack, StandbyWhenIsolated standby) {
        return new PairSettings(s.nodeId(), s.pairId(), priority, s.paths(), s.key(), s.intervalMs(), s.timeoutMs(),
                s.startupWaitMs(), failBack, s.failBackHoldMs(), standby, s.activeWhenIsolated(), s.stepDownMs(),
                s.leaseRenewMs(), s.leaseTimeoutMs());
    }

    /** Runs {@code ms} milliseconds: each node ticks every millisecond it runs. */
    void run(long ms) {
        for (long i = 0; i < ms; i++) {
            clock.advance(1);
            for (Node n : List.of(a, b)) {
                if (n.running) {
                    n.engine.tick();
                }
            }
            if (a.running && b.running && a.role() == Role.ACTIVE && b.role() == Role.ACTIVE) {
                doubleActiveMillis++;
            }
        }
    }

    /** Runs until {@code done} holds or {@code maxMs} passed; returns the milliseconds it took. */
    long runUntil(java.util.function.BooleanSupplier done, long maxMs) {
        long start = clock.getAsLong();
        while (!done.getAsBoolean() && clock.getAsLong() - start < maxMs) {
            run(1);
        }
        return clock.getAsLong() - start;
    }

    void cutPath(int path, boolean cut) {
        pathUp[0][path] = !cut;
        pathUp[1][path] = !cut;
    }

    Node active() {
        return a.running && a.role() == Role.ACTIVE ? a : b.running && b.role() == Role.ACTIVE ? b : null;
    }

    List<Event> events(String node, String topic) {
        return events.stream().filter(e -> e.node().equals(node) && e.topic().equals(topic)).toList();
    }
}
