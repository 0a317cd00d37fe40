package org.cabinetgw.uplink.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;

import org.cabinetgw.telemetry.Message;
import org.cabinetgw.telemetry.Priority;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When the engine summarises, and what it leaves on disk at a stop; a real queue, no transport. */
class AggregateLifecycleTest {

    /** A day-long window (aligned to midnight UTC) stays open for the whole test. */
    private static final long DAY = 86_400_000;

    @TempDir
    Path dir;

    private Path openWindow() {
        return dir.resolve("aggregate").resolve("open-window.json");
    }

    private static void publishTelemetry(UplinkEngine engine, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            engine.publish(Message.of("meter", "power", Priority.TELEMETRY, Map.of("v", i)));
        }
    }

    @Test
    void anOrderlyStopSavesTheOpenWindowAndSwitchingAggregatesOffDiscardsIt() throws Exception {
        try (UplinkEngine engine = new UplinkEngine(UplinkSettings.defaults(dir).withAggregation(DAY, 10),
                new UplinkEngine.Events() { })) {
            engine.setMetered(true);
            publishTelemetry(engine, 3);
        }
        assertThat(openWindow()).exists();
        assertThat(dir.resolve("aggregate").resolve("instance-id")).exists();
        try (UplinkEngine off = new UplinkEngine(UplinkSettings.defaults(dir).withAggregation(0, 10),
                new UplinkEngine.Events() { })) {
            assertThat(openWindow()).as("stale once aggregates come back on").doesNotExist();
            assertThat(off.queued()).as("the raw telemetry stays queued").isEqualTo(3);
        }
    }

    @Test
    void nothingIsSummarisedUnmeteredOrWhenTelemetryGoesOutAnyway() throws Exception {
        try (UplinkEngine engine = new UplinkEngine(UplinkSettings.defaults(dir).withAggregation(DAY, 10),
                new UplinkEngine.Events() { })) {
            publishTelemetry(engine, 3); // not metered
        }
        assertThat(openWindow()).doesNotExist();
        UplinkSettings telemetryAllowed = UplinkSettings.defaults(dir).withAggregation(DAY, 10)
                .withMeteredPriorities(EnumSet.allOf(Priority.class));
        try (UplinkEngine engine = new UplinkEngine(telemetryAllowed, new UplinkEngine.Events() { })) {
            engine.setMetered(true);
            publishTelemetry(engine, 3);
            engine.publish(Message.of("door", "alarms", Priority.ALARM, Map.of("open", true)));
        }
        assertThat(openWindow()).as("telemetry is not held back: nothing to summarise").doesNotExist();
        try (UplinkEngine engine = new UplinkEngine(UplinkSettings.defaults(dir).withAggregation(DAY, 10),
                new UplinkEngine.Events() { })) {
            engine.setMetered(true);
            engine.publish(Message.of("door", "alarms", Priority.ALARM, Map.of("open", true)));
            engine.publish(Message.of("door", "events", Priority.EVENT, Map.of("open", true)));
        }
        assertThat(openWindow()).as("only telemetry is summarised").doesNotExist();
        assertThat(Files.exists(dir.resolve("aggregate").resolve("instance-id"))).isTrue();
    }
}
