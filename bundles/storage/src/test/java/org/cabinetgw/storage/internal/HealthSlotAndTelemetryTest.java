package org.cabinetgw.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.cabinetgw.health.Health;
import org.cabinetgw.health.HealthState;
import org.cabinetgw.telemetry.Message;
import org.junit.jupiter.api.Test;

class HealthSlotAndTelemetryTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void sinceKeepsTheStartOfTheStateWhileTheReasonMoves() {
        HealthSlot slot = new HealthSlot("storage.raid.md1", Health.up(T0));
        assertThat(slot.update(HealthState.UP, "", T0.plusSeconds(5), null)).isFalse();
        assertThat(slot.update(HealthState.DEGRADED, "recovery 0 % done", T0.plusSeconds(10), null)).isTrue();
        assertThat(slot.update(HealthState.DEGRADED, "recovery 20 % done", T0.plusSeconds(20), null)).isTrue();
        assertThat(slot.health()).isEqualTo(new Health(HealthState.DEGRADED, "recovery 20 % done", T0.plusSeconds(10)));
        assertThat(slot.update(HealthState.UP, "ignored when UP", T0.plusSeconds(30), null)).isTrue();
        assertThat(slot.health()).isEqualTo(Health.up(T0.plusSeconds(30)));
    }

    @Test
    void arrayMetricsAreValidTelemetry() throws Exception {
        List<ArrayAssessment> assessed = RaidEventDetectorReplayTest.assess("mdstat/recovery-raid5.txt");
        Map<String, Object> m = RaidTelemetry.metrics(assessed.get(0));
        assertThat(m).containsEntry("state", "DEGRADED").containsEntry("level", "raid5")
                .containsEntry("raid.devices", 3).containsEntry("working.devices", 2).containsEntry("sync.action", "RECOVERY")
                .containsEntry("sync.percent", 12.6).containsEntry("sync.speed.kibps", 18870L)
                .containsEntry("sync.finish.minutes", 0.8).containsEntry("spares", 0L);
        // the uplink's message type accepts them as they are
        assertThat(Message.of("storage.raid", "storage/raid/md1", org.cabinetgw.telemetry.Priority.TELEMETRY, m)
                .metrics()).isEqualTo(m);
        List<ArrayAssessment> inactive = RaidEventDetectorReplayTest.assess("mdstat/inactive.txt");
        assertThat(RaidTelemetry.metrics(inactive.get(0))).containsEntry("active", false).doesNotContainKey("level")
                .doesNotContainKey("container");
    }

    @Test
    void brokenArraysContainersAndVolumesSaySo() throws Exception {
        Map<String, Object> broken = RaidTelemetry.metrics(RaidEventDetectorReplayTest.assess("mdstat/broken.txt").get(0));
        assertThat(broken).containsEntry("state", "DOWN").containsEntry("active", true).containsEntry("broken", true);
        List<ArrayAssessment> imsm = RaidEventDetectorReplayTest.assess("mdstat/external-imsm.txt");
        assertThat(RaidTelemetry.metrics(imsm.get(0))).containsEntry("container.name", "md127")
                .doesNotContainKey("container").doesNotContainKey("broken");
        assertThat(RaidTelemetry.metrics(imsm.get(1))).containsEntry("container", true).containsEntry("state", "UP");
    }
}
