package org.cabinetgw.uplink.internal.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.cabinetgw.telemetry.Message;
import org.cabinetgw.telemetry.Priority;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The open window saved at an orderly stop and taken over at the next start; damaged files are ignored. */
class OpenWindowStoreTest {

    private static final long W = 300_000;
    private static final long T0 = Instant.parse("2026-05-01T12:00:00Z").toEpochMilli();

    @TempDir
    Path dir;

    private static Message msg(String source, long ts, Map<String, Object> metrics) {
        return new Message(Message.newId(), source, "power/mains", Priority.TELEMETRY, Instant.ofEpochMilli(ts), metrics, "");
    }

    private static TelemetryAggregator filled() {
        TelemetryAggregator a = new TelemetryAggregator(W, 10, 64, T0 + 7_000);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("long", Long.MAX_VALUE);
        m.put("double", 229.8);
        m.put("nan", Double.NaN);
        m.put("huge", new BigDecimal("1e400"));
        m.put("flag", true);
        m.put("text", "line\nbreak \"quoted\" \u0000 𝄞");
        a.add(msg("meter", T0 + 8_000, m), T0 + 8_000);
        a.add(msg("meter", T0 + 9_000, Map.of("double", 231.0)), T0 + 9_000);
        a.add(msg("other", T0 + 9_500, Map.of("double", 1.0)), T0 + 9_500);
        return a;
    }

    /**
     * The window is saved while the uplink is deactivated, possibly from a thread whose interrupt flag is set: the
     * save went through a FileChannel, which threw at once and lost the window.
     */
    @Test
    void aWindowSavedFromAnInterruptedThreadIsKept() throws Exception {
        Path file = dir.resolve("aggregate").resolve("open-window.json");
        WindowSummary open = filled().openWindow();
        java.util.concurrent.atomic.AtomicReference<Exception> failed = new java.util.concurrent.atomic.AtomicReference<>();
        Thread saver = new Thread(() -> {
            Thread.currentThread().interrupt();
            try {
                OpenWindowStore.save(file, open);
            } catch (Exception e) {
                failed.set(e);
            }
        });
        saver.start();
        saver.join(10_000);
        assertThat(failed.get()).isNull();
        assertThat(OpenWindowStore.take(file, 10, 64)).isNotNull();
    }

    @Test
    void aWindowSavedAndTakenOverContinuesWithEverythingItHad() throws Exception {
        Path file = dir.resolve("aggregate").resolve("open-window.json");
        TelemetryAggregator before = filled();
        OpenWindowStore.save(file, before.openWindow());

        TelemetryAggregator after = new TelemetryAggregator(W, 10, 64, T0 + 60_000);
        WindowSummary saved = OpenWindowStore.take(file, 10, 64);
        assertThat(file).as("taken: a second start does not take it again").doesNotExist();
        assertThat(after.resume(saved, T0 + 60_000)).isTrue();
        after.add(msg("meter", T0 + 61_000, Map.of("double", 228.0)), T0 + 61_000);
        WindowSummary w = after.collect(T0 + W).get(0);

        assertThat(w.fromMillis()).as("covers the time before the stop").isEqualTo(T0 + 7_000);
        assertThat(w.series()).extracting(SeriesStats::source).containsExactly("meter", "other");
        SeriesStats meter = w.series().get(0);
        assertThat(meter.count()).isEqualTo(3);
        assertThat(meter.firstTs()).isEqualTo(Instant.ofEpochMilli(T0 + 8_000));
        assertThat(meter.lastTs()).isEqualTo(Instant.ofEpochMilli(T0 + 61_000));
        MetricStats d = meter.metrics().get("double");
        assertThat(d.count()).isEqualTo(3);
        assertThat(d.min()).isEqualTo(228.0);
        assertThat(d.max()).isEqualTo(231.0);
        assertThat(d.mean()).isEqualTo((229.8 + 231.0 + 228.0) / 3, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(d.last()).isEqualTo(228.0);
        assertThat(meter.metrics().get("long").last()).isEqualTo(Long.MAX_VALUE);
        assertThat((Double) meter.metrics().get("nan").last()).isNaN();
        assertThat(meter.metrics().get("nan").nonFinite()).isEqualTo(1);
        assertThat(meter.metrics().get("nan").min()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(meter.metrics().get("huge").last()).isEqualTo(new BigDecimal("1e400"));
        assertThat(meter.metrics().get("flag").last()).isEqualTo(true);
        assertThat(meter.metrics().get("text").last()).isEqualTo("line\nbreak \"quoted\" \u0000 𝄞");
        // the same window, the same id as without the stop
        assertThat(AggregateEncoder.encode("gw", w, meter, W).id())
                .isEqualTo(AggregateEncoder.id("gw", "meter", "power/mains", T0, W, 0));
    }

    @Test
    void aWindowThatEndedDuringTheStopIsFinishedAtOnce() throws Exception {
        Path file = dir.resolve("open-window.json");
        OpenWindowStore.save(file, filled().openWindow());
        TelemetryAggregator after = new TelemetryAggregator(W, 10, 64, T0 + W + 5_000);
        assertThat(after.resume(OpenWindowStore.take(file, 10, 64), T0 + W + 5_000)).isTrue();
        List<WindowSummary> done = after.collect(T0 + W + 5_100);
        assertThat(done).hasSize(1);
        assertThat(done.get(0).startMillis()).isEqualTo(T0);
        assertThat(done.get(0).series().get(0).count()).isEqualTo(2);
    }

    @Test
    void aWindowOfAnotherLengthOrFromTheFutureIsNotTakenOver() throws Exception {
        WindowSummary saved = filled().openWindow();
        assertThat(new TelemetryAggregator(60_000, 10, 64, T0 + 7_000).resume(saved, T0 + 7_000)).isFalse();
        TelemetryAggregator earlier = new TelemetryAggregator(W, 10, 64, T0 - W);
        assertThat(earlier.resume(saved, T0 - W)).as("the clock went back").isFalse();
        assertThat(earlier.openSeries()).isZero();
    }

    @Test
    void aLowerSeriesLimitNowHoldsAndTheRestIsCounted() throws Exception {
        Path file = dir.resolve("open-window.json");
        OpenWindowStore.save(file, filled().openWindow());
        WindowSummary w = OpenWindowStore.take(file, 1, 64);
        assertThat(w.series()).hasSize(1);
        assertThat(w.droppedMessages()).isEqualTo(1);
    }

    @Test
    void noFileIsNoWindow() throws Exception {
        assertThat(OpenWindowStore.take(dir.resolve("absent.json"), 10, 64)).isNull();
    }

    @Test
    void damagedFilesAreRefusedNamingTheFileAndDeleted() throws Exception {
        Path file = dir.resolve("open-window.json");
        OpenWindowStore.save(file, filled().openWindow());
        String good = Files.readString(file);
        String[] bad = { "", "{", "null", "[]", "\u0000\u0001binary", good.substring(0, good.length() / 2),
                good.replace("\"version\":1", "\"version\":2"), good.replace("\"t\":\"l\"", "\"t\":\"x\""),
                good.replaceFirst("\"lastTs\":\"[^\"]*\"", "\"lastTs\":\"yesterday\""),
                good.replace("\"series\":[", "\"series\":[42,"), "{\"version\":1}" };
        for (String text : bad) {
            Files.writeString(file, text);
            assertThatThrownBy(() -> OpenWindowStore.take(file, 10, 64)).as(text)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(file.toString());
            assertThat(file).doesNotExist();
        }
    }
}
