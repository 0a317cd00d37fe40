package org.cabinetgw.storage.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Benchmark harness (not a test): how long parsing a 32-array /proc/mdstat takes, and a whole poll
 * (parse, assess, detect events) on it, beside the same for one array and the default poll interval.
 *
 * <pre>
 * mvn -B -ntp -o -q -pl bundles/storage -am test-compile
 * java -cp bundles/storage/target/classes:bundles/storage/target/test-classes:bundles/api/target/classes \
 *     org.cabinetgw.storage.internal.MdStatParseBenchmark
 * </pre>
 */
public final class MdStatParseBenchmark {

    private static final int WARMUP = 20_000;
    private static final int RUNS = 20;
    private static final int PER_RUN = 2_000;

    private MdStatParseBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String large = thirtyTwoArrays();
        String small = Fixtures.text("mdstat/clean-raid1.txt");
        int arrays = MdStatParser.parse(large).mdstat().arrays().size();
        if (arrays != 32) {
            throw new IllegalStateException("generated mdstat has " + arrays + " arrays");
        }
        System.out.printf(Locale.ROOT, "mdstat parse benchmark (Java %s, %d CPUs)%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "large mdstat: %d arrays, %d lines, %d bytes%n", arrays,
                large.split("\n").length, large.getBytes(StandardCharsets.UTF_8).length);
        double[] parseLarge = measure(() -> MdStatParser.parse(large));
        double[] parseSmall = measure(() -> MdStatParser.parse(small));
        RaidEventDetector detector = new RaidEventDetector(20, Map.of());
        double[] pollLarge = measure(() -> {
            List<ArrayAssessment> assessed = new ArrayList<>();
            MdStatParser.Result r = MdStatParser.parse(large);
            for (MdArray a : r.mdstat().arrays()) {
                assessed.add(ArrayAssessment.of(a, null, 20, r.mdstat().volumesOf(a.name())));
            }
            detector.update(assessed, java.util.Set.of());
        });
        System.out.println();
        System.out.printf(Locale.ROOT, "%-38s %12s %12s %12s%n", "", "median µs", "p95 µs", "per array µs");
        row("parse, 32 arrays", parseLarge, 32);
        row("parse, 1 array (clean raid1)", parseSmall, 1);
        row("poll = parse + assess + events, 32", pollLarge, 32);
        double budgetMicros = 5_000_000.0;
        System.out.println();
        System.out.printf(Locale.ROOT, "anchor: default poll interval 5 s = %.0f µs; a 32-array poll uses %.5f %% of it%n",
                budgetMicros, 100.0 * pollLarge[0] / budgetMicros);
    }

    private interface Work {
        void run() throws Exception;
    }

    /** Median and 95th percentile of per-call time in µs over RUNS batches of PER_RUN calls. */
    private static double[] measure(Work work) throws Exception {
        for (int i = 0; i < WARMUP; i++) {
            work.run();
        }
        double[] perCall = new double[RUNS];
        for (int r = 0; r < RUNS; r++) {
            long start = System.nanoTime();
            for (int i = 0; i < PER_RUN; i++) {
                work.run();
            }
            perCall[r] = (System.nanoTime() - start) / 1_000.0 / PER_RUN;
        }
        Arrays.sort(perCall);
        return new double[] { perCall[RUNS / 2], perCall[(int) Math.ceil(RUNS * 0.95) - 1] };
    }

    private static void row(String label, double[] micros, int arrays) {
        System.out.printf(Locale.ROOT, "%-38s %12.2f %12.2f %12.2f%n", label, micros[0], micros[1], micros[0] / arrays);
    }

    /** 32 arrays in every state the parser knows, numbered md0..md31, members sda..: as a busy host shows. */
    static String thirtyTwoArrays() {
        StringBuilder sb = new StringBuilder("Personalities : [raid1] [linear] [multipath] [raid0] [raid6] [raid5] [raid4] [raid10] \n");
        for (int i = 0; i < 32; i++) {
            String a = "sd" + (char) ('a' + i % 26) + (i / 26 + 1);
            String b = "sd" + (char) ('b' + i % 25) + (i / 26 + 1);
            String c = "sd" + (char) ('c' + i % 24) + (i / 26 + 1);
            switch (i % 8) {
                case 0 -> sb.append("md").append(i).append(" : active raid1 ").append(b).append("[1] ").append(a)
                        .append("[0]\n      1047552 blocks super 1.2 [2/2] [UU]\n      bitmap: 0/1 pages [0KB], 65536KB chunk\n\n");
                case 1 -> sb.append("md").append(i).append(" : active raid5 ").append(c).append("[3] ").append(b)
                        .append("[1] ").append(a).append("[0]\n      2095104 blocks super 1.2 level 5, 512k chunk, algorithm 2 [3/2] [UU_]\n")
                        .append("      [==>..................]  recovery = 12.6% (132096/1047552) finish=0.8min speed=18870K/sec\n")
                        .append("      bitmap: 1/1 pages [4KB], 65536KB chunk\n\n");
                case 2 -> sb.append("md").append(i).append(" : active raid6 ").append(c).append("[2] ").append(b)
                        .append("[1] ").append(a).append("[0] sdz9[3]\n      2095104 blocks super 1.2 level 6, 512k chunk, algorithm 2 [4/4] [UUUU]\n")
                        .append("      [===========>.........]  check = 58.5% (613120/1047552) finish=0.1min speed=68124K/sec\n\n");
                case 3 -> sb.append("md").append(i).append(" : active raid10 ").append(c).append("[2] ").append(b)
                        .append("[1] ").append(a).append("[0] sdz8[3]\n      2093056 blocks super 1.2 512K chunks 2 near-copies [4/4] [UUUU]\n\n");
                case 4 -> sb.append("md").append(i).append(" : active raid1 ").append(b).append("[1](F) ").append(a)
                        .append("[0]\n      1047552 blocks super 1.2 [2/1] [U_]\n\n");
                case 5 -> sb.append("md").append(i).append(" : active raid1 ").append(b).append("[2] ").append(a)
                        .append("[0]\n      975860 blocks super 1.2 [2/1] [U_]\n      \tresync=DELAYED\n      \n\n");
                case 6 -> sb.append("md").append(i).append(" : active raid0 ").append(b).append("[1] ").append(a)
                        .append("[0]\n      4188160 blocks super 1.2 512k chunks\n\n");
                default -> sb.append("md").append(i).append(" : inactive ").append(b).append("[1](S) ").append(a)
                        .append("[0](S)\n      3906764976 blocks super 1.2\n       \n");
            }
        }
        return sb.append("unused devices: <none>\n").toString();
    }
}
