package org.cabinetgw.ha.internal;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.cabinetgw.ha.ReplicationState;
import org.cabinetgw.telemetry.Message;
import org.cabinetgw.telemetry.Priority;
import org.cabinetgw.uplink.QueueContents;

/**
 * Benchmark: the cost the synchronous replication adds to {@code publish}. The active's {@link ReplicationSender}
 * and the standby's {@link ReplicationReceiver} (its {@link ReplicaLog} fsynced per batch on this machine's disk)
 * over TCP on loopback; P publisher threads each publish M messages of the uplink benchmark's size (a 30-value
 * meter reading) and wait as the uplink does. Prints messages/s and the wait per publish (p50/p99/max), for 1 and
 * P publishers. It measures the replication alone (not the uplink's own group commit, nor a real network's round
 * trip): the uplink's standalone figures are in bundles/uplink/DEVELOPERS.md.
 * Run: {@code mvn -Pbench verify -DskipTests -pl bundles/ha -am -Dbench.mainClass=org.cabinetgw.ha.internal.ReplicationBenchmark}
 * ({@code -Dha.bench.publishers=P -Dha.bench.messages=M}).
 */
public final class ReplicationBenchmark {

    private ReplicationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int publishers = Integer.getInteger("ha.bench.publishers", 8);
        int messages = Integer.getInteger("ha.bench.messages", 2_000);
        Path dir = Files.createTempDirectory("ha-repl-bench");
        run(dir.resolve("one"), 1, messages);
        run(dir.resolve("many"), publishers, messages);
    }

    private static void run(Path dir, int publishers, int perPublisher) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ReplicationSettings settings = new ReplicationSettings(port, true, 5_000);
        PairSettings standbyPair = ReplicationStreamTest.pair("bench", TwoNodes.KEY, true);
        PairSettings activePair = ReplicationStreamTest.pair("bench", TwoNodes.KEY, false);
        List<Message> queue = new CopyOnWriteArrayList<>();
        try (ReplicaLog replica = ReplicaLog.open(dir.resolve("uplink-replica"));
                ReplicationReceiver standby = new ReplicationReceiver(standbyPair, settings, 1, () -> 1, () -> false, replica);
                ReplicationSender active = new ReplicationSender(activePair, settings, 1, () -> 1, () -> true)) {
            standby.start();
            active.attached(new QueueContents() {
                @Override
                public long forEachUnacknowledged(Consumer<Message> to) {
                    return 0;
                }
            });
            active.start();
            long end = System.currentTimeMillis() + 20_000;
            while (active.state() != ReplicationState.IN_SYNC && System.currentTimeMillis() < end) {
                Thread.sleep(10);
            }
            if (active.state() != ReplicationState.IN_SYNC) {
                throw new IllegalStateException("the standby is not in sync after 20 s: " + active.state());
            }
            ExecutorService pool = Executors.newFixedThreadPool(publishers);
            List<Long> waits = Collections.synchronizedList(new ArrayList<>());
            long t0 = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int p = 0; p < publishers; p++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perPublisher; i++) {
                        Message m = reading(i);
                        long s = System.nanoTime();
                        active.accepted(m);
                        waits.add(System.nanoTime() - s);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            pool.shutdown();
            List<Long> sorted = new ArrayList<>(waits);
            Collections.sort(sorted);
            int n = sorted.size();
            System.out.printf("ha replication, %d publisher(s): %d messages in %.2f s = %.0f msg/s; wait per publish"
                    + " p50 %.2f ms, p99 %.2f ms, max %.2f ms; timeouts %d; replica holds %d%n", publishers, n, seconds,
                    n / seconds, ms(sorted.get(n / 2)), ms(sorted.get(Math.min(n - 1, n * 99 / 100))),
                    ms(sorted.get(n - 1)), active.timeouts(), replica.pending().size());
        }
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static Message reading(int i) {
        Map<String, Object> metrics = new java.util.LinkedHashMap<>();
        for (int k = 0; k < 30; k++) {
            metrics.put("value" + k, 229.5 + k + i * 0.001);
        }
        return Message.of("power.meter.mains", "power/mains", Priority.TELEMETRY, metrics);
    }

}
