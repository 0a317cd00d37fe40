package org.cabinetgw.uplink.internal.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.cabinetgw.telemetry.Priority;
import org.cabinetgw.uplink.internal.queue.QueueListener;
import org.cabinetgw.uplink.internal.queue.QueueOptions;
import org.cabinetgw.uplink.internal.queue.QueuedMessage;
import org.cabinetgw.uplink.internal.queue.SegmentedLog;

/**
 * The uplink's benchmark: one run prints every figure side by side. Not a test: a harness, run by the
 * command in the README. Work happens in {@code target/bench} (the same disk as the build).
 */
public final class UplinkBenchmark {

    static final int RECORD = 1024;

    public static void main(String[] args) throws Exception {
        int messages = Integer.getInteger("bench.messages", 50_000);
        // target/bench of this module, wherever Maven was started from
        Path testClasses = Path.of(UplinkBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path root = Path.of(System.getProperty("bench.dir", testClasses.resolveSibling("bench").toString()));
        deleteTree(root);
        Files.createDirectories(root);
        System.out.printf("Uplink benchmark: %d messages of %d bytes, fsync'd, in %s%n%n", messages, RECORD,
                root.toAbsolutePath());
        if (Boolean.getBoolean("bench.recovery.only")) {
            RecoveryBenchmark.run(root);
            return;
        }
        int kuraMessages = Integer.getInteger("bench.kura.messages", 20_000);
        if (Boolean.getBoolean("bench.kura.only")) {
            KuraBenchmark.run(root, kuraMessages);
            return;
        }

        // warm-up: JIT and page cache, so the first contender is not penalised
        batchRun(root.resolve("warm-log"), 5000, 100, "log");
        batchRun(root.resolve("warm-sqlite"), 5000, 100, "sqlite");
        batchRun(root.resolve("warm-mv"), 5000, 100, "mvstore");
        System.out.println("1. Durable enqueue (the store alone)");
        row("raw stores, batch of 100 per fsync", "");
        row("  segmented log (this bundle)", rate(messages, batchRun(root.resolve("log100"), messages, 100, "log")));
        row("  SQLite WAL, synchronous=FULL", rate(messages, batchRun(root.resolve("sqlite100"), messages, 100, "sqlite")));
        row("  H2 MVStore, commit+sync", rate(messages, batchRun(root.resolve("mv100"), messages, 100, "mvstore")));
        int few = Math.max(1000, messages / 25);
        row("raw stores, 1 record per fsync (" + few + " msgs)", "");
        row("  segmented log (this bundle)", rate(few, batchRun(root.resolve("log1"), few, 1, "log")));
        row("  SQLite WAL, synchronous=FULL", rate(few, batchRun(root.resolve("sqlite1"), few, 1, "sqlite")));
        row("  H2 MVStore, commit+sync", rate(few, batchRun(root.resolve("mv1"), few, 1, "mvstore")));
        row("SegmentedLog group commit, 64 blocking producers", rate(messages, blockingProducers(root.resolve("gc64"), messages, 64)));
        row("SegmentedLog group commit, pipelined appends", rate(messages, pipelined(root.resolve("pipe"), messages)));
        System.out.println();
        EndToEndBenchmark.run(root, Math.min(messages, Integer.getInteger("bench.e2e.messages", 20_000)));
        System.out.println();
        RecoveryBenchmark.run(root);
        System.out.println();
        KuraBenchmark.run(root, kuraMessages);
    }

    static void row(String what, String figure) {
        System.out.printf("  %-58s %s%n", what, figure);
    }

    static String rate(int count, long nanos) {
        return String.format("%,10.0f msg/s  (%d in %d ms)", count * 1e9 / nanos, count, nanos / 1_000_000);
    }

    static byte[] payload(int i) {
        byte[] b = new byte[RECORD];
        Arrays.fill(b, (byte) ('a' + i % 26));
        return b;
    }

    private static long batchRun(Path dir, int count, int batch, String kind) throws Exception {
        Files.createDirectories(dir);
        long start;
        if (kind.equals("log")) {
            try (SegmentedLog log = SegmentedLog.open(new QueueOptions(dir, 1L << 40, 10_000_000, 16 << 20, batch),
                    new QueueListener() { })) {
                start = System.nanoTime();
                // appends handed over a batch at a time, waiting for each batch's fsync
                for (int i = 0; i < count; i += batch) {
                    List<CompletableFuture<QueuedMessage>> futures = new ArrayList<>();
                    for (int j = i; j < Math.min(count, i + batch); j++) {
                        futures.add(log.append(new QueuedMessage(0, Integer.toString(j), Priority.TELEMETRY,
                                "bench/topic", payload(j))));
                    }
                    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get();
                }
                return System.nanoTime() - start;
            }
        }
        try (StorageContenders.BatchStore store = kind.equals("sqlite") ? StorageContenders.sqlite(dir)
                : StorageContenders.mvstore(dir)) {
            start = System.nanoTime();
            for (int i = 0; i < count; i += batch) {
                List<byte[]> records = new ArrayList<>();
                for (int j = i; j < Math.min(count, i + batch); j++) {
                    records.add(payload(j));
                }
                store.appendDurably(records);
            }
            return System.nanoTime() - start;
        }
    }

    private static long blockingProducers(Path dir, int count, int threads) throws Exception {
        try (SegmentedLog log = SegmentedLog.open(QueueOptions.defaults(dir).withLimits(1L << 40, 10_000_000),
                new QueueListener() { })) {
            CountDownLatch done = new CountDownLatch(threads);
            AtomicLong next = new AtomicLong();
            long start = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                Thread thread = new Thread(() -> {
                    try {
                        long i;
                        while ((i = next.getAndIncrement()) < count) {
                            log.appendAndWait(new QueuedMessage(0, Long.toString(i), Priority.TELEMETRY,
                                    "bench/" + (i % 8), payload((int) i)), 60_000);
                        }
                    } catch (Exception e) {
                        e.printStackTrace();
                    } finally {
                        done.countDown();
                    }
                });
                thread.start();
            }
            done.await();
            return System.nanoTime() - start;
        }
    }

    private static long pipelined(Path dir, int count) throws Exception {
        try (SegmentedLog log = SegmentedLog.open(QueueOptions.defaults(dir).withLimits(1L << 40, 10_000_000),
                new QueueListener() { })) {
            long start = System.nanoTime();
            List<CompletableFuture<QueuedMessage>> futures = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                futures.add(log.append(new QueuedMessage(0, Integer.toString(i), Priority.TELEMETRY, "bench/topic",
                        payload(i))));
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get();
            return System.nanoTime() - start;
        }
    }

    static void deleteTree(Path root) throws Exception {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
