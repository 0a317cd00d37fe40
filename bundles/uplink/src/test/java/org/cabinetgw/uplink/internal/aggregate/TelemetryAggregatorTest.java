package org.cabinetgw.uplink.internal.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.cabinetgw.telemetry.Message;
import org.cabinetgw.telemetry.Priority;
import org.junit.jupiter.api.Test;

/** The window arithmetic and statistics, with the clock passed in: numeric edge cases, hostile input, bounds. */
class TelemetryAggregatorTest {

    private static final long W = 300_000;
    /** 2026-05-01T12:00:00Z: a window start for a 300 s window. */
    private static final long T0 = Instant.parse("2026-05-01T12:00:00Z").toEpochMilli();

    private static Message msg(String source, String topic, long tsMillis, Map<String, Object> metrics) {
        return new Message(Message.newId(), source, topic, Priority.TELEMETRY, Instant.ofEpochMilli(tsMillis), metrics, "");
    }

    private static Message msg(long tsMillis, Object value) {
        Map<String, Object> m = new HashMap<>();
        m.put("v", value);
        return msg("meter", "power/mains", tsMillis, m);
    }

    private static MetricStats only(List<WindowSummary> windows, String metric) {
        assertThat(windows).hasSize(1);
        assertThat(windows.get(0).series()).hasSize(1);
        return windows.get(0).series().get(0).metrics().get(metric);
    }

    @Test
    void windowsAreAlignedToTheWallClockAndCloseWhenTheirTimeIsUp() {
        TelemetryAggregator a = new TelemetryAggregator(W, 10, 10, T0 + 42_000);
        assertThat(a.openWindowStart()).isEqualTo(T0);
        a.add(msg(T0 + 43_000, 1), T0 + 43_000);
        a.add(msg(T0 + 44_000, 3), T0 + 44_000);
        assertThat(a.collect(T0 + W - 1)).as("not over yet").isEmpty();
        List<WindowSummary> done = a.collect(T0 + W);
        assertThat(done).hasSize(1);
        WindowSummary w = done.get(0);
        assertThat(w.startMillis()).isEqualTo(T0);
        assertThat(w.endMillis()).isEqualTo(T0 + W);
        assertThat(w.fromMillis()).as("the uplink started 42 s into the window").isEqualTo(T0 + 42_000);
        assertThat(w.relabel()).isZero();
        SeriesStats s = w.series().get(0);
        assertThat(s.count()).isEqualTo(2);
        assertThat(s.firstTs()).isEqualTo(Instant.ofEpochMilli(T0 + 43_000));
        assertThat(s.lastTs()).isEqualTo(Instant.ofEpochMilli(T0 + 44_000));
        assertThat(a.collect(T0 + W + 1)).as("collected once").isEmpty();

        // the next window is a full one, and a window without telemetry produces nothing
        a.add(msg(T0 + W + 5, 7), T0 + W + 5);
        List<WindowSummary> next = a.collect(T0 + 3 * W);
        assertThat(next).hasSize(1);
        assertThat(next.get(0).startMillis()).isEqualTo(T0 + W);
        assertThat(next.get(0).fromMillis()).isEqualTo(T0 + W);
    }

    @Test
    void aMessageAcceptedAfterTheEndBelongsToTheNextWindowEvenBeforeAnyCollect() {
        TelemetryAggregator a = new TelemetryAggregator(W, 10, 10, T0);
        a.add(msg(T0, 1), T0);
        a.add(msg(T0 + W, 2), T0 + W);
        List<WindowSummary> done = a.collect(T0 + 2 * W);
        assertThat(done).extracting(WindowSummary::startMillis).containsExactly(T0, T0 + W);
        assertThat(done).allSatisfy(w -> assertThat(w.series().get(0).count()).isEqualTo(1));
    }

    @Test
    void minMaxMeanLastOverNumbersOfEveryKind() {
        TelemetryAggregator a = new TelemetryAggregator(W, 10, 10, T0);
        Object[] values = { 1, 2L, 3.5f, 4.5, (short) 5, (byte) 6, new BigDecimal("7.25"), BigInteger.valueOf(8) };
        for (int i = 0; i < values.length; i++) {
            a.add(msg(T0 + i, values[i]), T0 + i);
        }
        MetricStats v = only(a.collect(T0 + W), "v");
        assertThat(v.count()).isEqualTo(8);
        assertThat(v.numeric()).isEqualTo(8);
        assertThat(v.min()).isEqualTo(1.0);
        assertThat(v.max()).isEqualTo(8.0);
        assertThat(v.mean()).isCloseTo((1 + 2 + 3.5 + 4.5 + 5 + 6 + 7.25 + 8) / 8, within(1e-12));
        assertThat(v.last()).isEqualTo(BigInteger.valueOf(8));
    }

    @Test
    void nanAndInfinitiesAreCountedButStayOutOfMinMaxMean() {
        TelemetryAggregator a = new TelemetryAggregator(W, 10, 10, T0);
        Object[] values = { 10.0, Double.NaN, Double.POSITIVE_INFINITY, 20.0, Float.NEGATIVE_INFINITY, Float.NaN,
                new BigDecimal("1e400"), new BigInteger("9".repeat(400)) };
        for (int i = 0; i < values.length; i++) {
            a.add(msg(T0 + i, values[i]), T0 + i);
        }
        MetricStats v = only(a.collect(T0 + W), "v");
        assertThat(v.count()).isEqualTo(8);
        assertThat(v.numeric()).isEqualTo(2);
        assertThat(v.nonFinite()).isEqualTo(6);
        assertThat(v.min()).isEqualTo(10.0);
        assertThat(v.max()).isEqualTo(20.0);
        assertThat(v.mean()).isEqualTo(15.0);
        assertThat(v.last()).as("the last value is kept exactly, even when it is too large for a double")
                .isEqualTo(new BigInteger("9".repeat(400)));
    }

    @Test
    void onlyNonFiniteValuesLeaveNoMinMaxMean() {
        TelemetryAggregator a = new TelemetryAggregator(W, 10, 10, T0);
        a.add(msg(T0, Double.NaN), T0);
        MetricStats v = only(a.collect(T0 + W), "v");
        assertThat(v.numeric()).isZero();
        assertThat(v.nonFinite()).isEqualTo(1);
        assertThat((Double) v.last()).isNaN();
    }

    @Test
    void hugeValuesOfBothSignsDoNotOverflowTheMean() {
        TelemetryAggregator a = new TelemetryAggregator(W, 10, 10, T0);
        double[] values = { Double.MAX_VALUE, -Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE };
        for (int i = 0; i < values.length; i++) {
            a.add(msg(T0 + i, values[i]), T0 + i);
        }
        MetricStats v = only(a.collect(T0 + W), "v");
        assertThat(v.mean()).isFinite().isCloseTo(0.0, within(Double.MAX_VALUE * 1e-15));
        assertThat(v.min()).isEqualTo(-Double.MAX_VALUE);
        assertThat(v.max()).isEqualTo(Double.MAX_VALUE);

        TelemetryAggregator b = new TelemetryAggregator(W, 10, 10, T0);
        for (int i = 0; i < 1000; i++) {
            b.add(msg(T0 + i, Double.MAX_VALUE), T0 + i);
        }
        MetricStats big = only(b.collect(T0 + W), "v");
        assertThat(big.mean()).as("a sum would be infinite").isEqualTo(Double.MAX_VALUE);
    }

    @Test
    void longsBeyondDoublePrecisionStillGiveMinMaxAndTheExactLastValue() {
        TelemetryAggregator a = new TelemetryAggregator(W, 10, 10, T0);
        a.add(msg(T0, Long.MAX_VALUE), T0);
        a.add(msg(T0 + 1, Long.MIN_VALUE), T0 + 1);
        a.add(msg(T0 + 2, Long.MAX_VALUE - 1), T0 + 2);
        MetricStats v = only(a.collect(T0 + W), "v");
        assertThat(v.max()).isEqualTo((double) Long.MAX_VALUE);
        assertThat(v.min()).isEqualTo((double) Long.MIN_VALUE);
        assertThat(v.last()).isEqualTo(Long.MAX_VALUE - 1);
    }

    @Test
    void mixedTypesKeepNumericStatisticsOverTheNumbersAndTheLastValueWhateverItIs() {
        TelemetryAggregator a = new TelemetryAggregator(W, 10, 10, T0);
        a.add(msg(T0, 5), T0);
        a.add(msg(T0 + 1, "offline"), T0 + 1);
        a.add(msg(T0 + 2, true), T0 + 2);
        a.add(msg(T0 + 3, 9), T0 + 3);
        a.add(msg(T0 + 4, false), T0 + 4);
        MetricStats v = only(a.collect(T0 + W), "v");
        assertThat(v.count()).isEqualTo(5);
        assertThat(v.numeric()).isEqualTo(2);
        assertThat(v.mean()).isEqualTo(7.0);
        assertThat(v.last()).isEqualTo(false);
    }

    @Test
    void lastIsTheValueWithTheLatestTimestampNotTheLastToArrive() {
        TelemetryAggregator a = new TelemetryAggregator(W, 10, 10, T0);
        a.add(msg(T0 + 5_000, "newest"), T0 + 10);
        a.add(msg(T0 + 1_000, "late arrival of an old reading"), T0 + 20);
        a.add(msg(T0 + 5_000, "same time, arrived later"), T0 + 30);
        List<WindowSummary> w = a.collect(T0 + W);
        assertThat(only(w, "v").last()).isEqualTo("same time, arrived later");
        SeriesStats s = w.get(0).series().get(0);
        assertThat(s.firstTs()).isEqualTo(Instant.ofEpochMilli(T0 + 1_000));
        assertThat(s.lastTs()).isEqualTo(Instant.ofEpochMilli(T0 + 5_000));
    }

    @Test
    void longStringsAreCutAndOverlongOrTooManyMetricNamesAreCountedNotKept() {
        TelemetryAggregator a = new TelemetryAggregator(W, 10, 3, T0);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("text", "x".repeat(100_000));
        m.put("n".repeat(SeriesStats.MAX_NAME_CHARS + 1), 1);
        m.put("a", 1);
        m.put("b", 2);
        m.put("c", 3); // fourth name kept? no: the limit is 3 names
        a.add(msg("meter", "t", T0, m), T0);
        a.add(msg("meter", "t", T0 + 1, m), T0 + 1);
        SeriesStats s = a.collect(T0 + W).get(0).series().get(0);
        assertThat(s.metrics()).containsOnlyKeys("text", "a", "b");
        assertThat(s.droppedValues()).as("the long name and 'c', twice").isEqualTo(4);
        String last = (String) s.metrics().get("text").last();
        assertThat(last).hasSize(MetricStats.MAX_STRING_CHARS + 1).endsWith("…");
    }

    @Test
    void hostileNamesAreKeptVerbatimAsKeys() {
        TelemetryAggregator a = new TelemetryAggregator(W, 10, 10, T0);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("\"},{\"x\":", 1);
        m.put("line\nbreak\u0000nul", 2);
        m.put("__proto__", 3);
        m.put("𝄞 ünïcødé", 4);
        a.add(msg("src\"\\", "weird/topic", T0, m), T0);
        SeriesStats s = a.collect(T0 + W).get(0).series().get(0);
        assertThat(s.source()).isEqualTo("src\"\\");
        assertThat(s.metrics()).containsOnlyKeys("\"},{\"x\":", "line\nbreak\u0000nul", "__proto__", "𝄞 ünïcødé");
    }

    @Test
    void manySourcesAreCappedPerWindowAndTheRestCounted() {
        TelemetryAggregator a = new TelemetryAggregator(W, 100, 10, T0);
        for (int i = 0; i < 10_000; i++) {
            a.add(msg("sensor-" + i, "t", T0 + i, Map.of("v", i)), T0 + 1);
        }
        // series already in the window keep being summarised after the cap is reached
        a.add(msg("sensor-0", "t", T0, Map.of("v", -1)), T0 + 2);
        assertThat(a.openSeries()).isEqualTo(100);
        WindowSummary w = a.collect(T0 + W).get(0);
        assertThat(w.series()).hasSize(100);
        assertThat(w.droppedMessages()).isEqualTo(9_900);
        assertThat(w.series().get(0).count()).isEqualTo(2);
        // the next window starts empty: the cap is per window
        a.add(msg("sensor-9999", "t", T0 + W, Map.of("v", 1)), T0 + W);
        assertThat(a.openSeries()).isEqualTo(1);
    }

    @Test
    void anOverlongSourceIsNotSummarised() {
        TelemetryAggregator a = new TelemetryAggregator(W, 100, 10, T0);
        a.add(msg("s".repeat(TelemetryAggregator.MAX_SOURCE_CHARS + 1), "t", T0, Map.of("v", 1)), T0);
        WindowSummary w = a.collect(T0 + W).get(0);
        assertThat(w.series()).isEmpty();
        assertThat(w.droppedMessages()).isEqualTo(1);
    }

    @Test
    void sameSourceOnTwoTopicsIsTwoSeries() {
        TelemetryAggregator a = new TelemetryAggregator(W, 100, 10, T0);
        a.add(msg("meter", "a", T0, Map.of("v", 1)), T0);
        a.add(msg("meter", "b", T0, Map.of("v", 1)), T0);
        a.add(msg("other", "a", T0, Map.of("v", 1)), T0);
        assertThat(a.collect(T0 + W).get(0).series()).extracting(SeriesStats::source, SeriesStats::topic)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("meter", "a"),
                        org.assertj.core.groups.Tuple.tuple("meter", "b"),
                        org.assertj.core.groups.Tuple.tuple("other", "a"));
    }

    @Test
    void uncollectedWindowsDoNotPileUp() {
        TelemetryAggregator a = new TelemetryAggregator(W, 100, 10, T0);
        for (int i = 0; i < 10; i++) {
            a.add(msg(T0 + i * W, i), T0 + i * W);
        }
        List<WindowSummary> done = a.collect(T0 + 10 * W);
        assertThat(done).hasSize(TelemetryAggregator.MAX_FINISHED);
        assertThat(done.get(done.size() - 1).startMillis()).isEqualTo(T0 + 9 * W);
        assertThat(a.discardedWindows()).isEqualTo(10 - TelemetryAggregator.MAX_FINISHED);
    }

    @Test
    void aBackwardClockStepClosesTheWindowAndARepeatedLabelIsMarked() {
        TelemetryAggregator a = new TelemetryAggregator(W, 100, 10, T0 + W);
        a.add(msg(T0 + W, 1), T0 + W + 10);
        // NTP steps the clock back by one window
        a.add(msg(T0 + 10, 2), T0 + 10);
        // and forward again to where it was
        a.add(msg(T0 + W + 20, 3), T0 + W + 20);
        List<WindowSummary> done = a.collect(T0 + 2 * W);
        assertThat(done).extracting(WindowSummary::startMillis, WindowSummary::relabel).containsExactly(
                org.assertj.core.groups.Tuple.tuple(T0 + W, 0), org.assertj.core.groups.Tuple.tuple(T0, 1),
                org.assertj.core.groups.Tuple.tuple(T0 + W, 2));
        // so their ids differ although two share a window start
        assertThat(done.stream().map(w -> AggregateEncoder.id("i", "meter", "power/mains", w.startMillis(), W,
                w.relabel())).distinct()).hasSize(3);
    }

    @Test
    void nonsensicalLimitsAreRefused() {
        assertThatThrownBy(() -> new TelemetryAggregator(0, 1, 1, T0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TelemetryAggregator(W, 0, 1, T0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TelemetryAggregator(W, 1, 0, T0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void windowsBeforeTheEpochAlignToo() {
        TelemetryAggregator a = new TelemetryAggregator(W, 10, 10, -1);
        assertThat(a.openWindowStart()).isEqualTo(-W);
    }
}
