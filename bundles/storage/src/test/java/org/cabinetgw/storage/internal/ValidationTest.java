package org.cabinetgw.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class ValidationTest {

    private static final String PID = "org.cabinetgw.storage.raid";

    @Test
    void rangeNamesPidAttributeValueAndRange() {
        assertThat(Validation.range(PID, "poll.seconds", 5, 1, 3600)).isEqualTo(5);
        assertThatThrownBy(() -> Validation.range(PID, "poll.seconds", 0, 1, 3600))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("org.cabinetgw.storage.raid: poll.seconds = 0 is out of range; allowed 1..3600");
        assertThatThrownBy(() -> Validation.range(PID, "max.pending.sectors", -1L, 0L, 1_000_000L))
                .hasMessageContaining("max.pending.sectors = -1");
    }

    @Test
    void zeroMeansOff() {
        assertThat(Validation.rangeOrOff(PID, "telemetry.seconds", 0, 10, 86400)).isZero();
        assertThatThrownBy(() -> Validation.rangeOrOff(PID, "telemetry.seconds", 5, 10, 86400))
                .hasMessageContaining("telemetry.seconds (0 = off) = 5");
    }

    @Test
    void paths() {
        assertThat(Validation.path(PID, "mdstat.path", " /proc/mdstat ", false)).isEqualTo("/proc/mdstat");
        assertThat(Validation.path(PID, "mdadm.path", "", true)).isEmpty();
        assertThatThrownBy(() -> Validation.path(PID, "mdstat.path", "", false)).hasMessageContaining("mdstat.path = ''");
        assertThatThrownBy(() -> Validation.path(PID, "mdstat.path", "proc/mdstat", false))
                .hasMessageContaining("not an absolute path");
        assertThatThrownBy(() -> Validation.path(PID, "mdstat.path", "/proc/../etc/shadow", false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Validation.path(PID, "mdstat.path", "/proc/md\nstat", false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Validation.path(PID, "mdstat.path", "/" + "x".repeat(300), false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void names() {
        assertThat(Validation.name(PID, "name", "nvme0")).isEqualTo("nvme0");
        for (String bad : new String[] { "", "Disk", "-a", "a b", "a/b", "x".repeat(33), null }) {
            assertThatThrownBy(() -> Validation.name(PID, "name", bad)).as(bad)
                    .hasMessageContaining("name = '" + bad + "'");
        }
    }

    @Test
    void expectedSpares() {
        assertThat(Validation.expectedSpares(PID, "expected.spares", new String[] { "md0=1", " md127 = 2 ", "" }))
                .containsExactly(Map.entry("md0", 1), Map.entry("md127", 2));
        assertThat(Validation.expectedSpares(PID, "expected.spares", null)).isEmpty();
        for (String bad : new String[] { "md0", "md0=", "md0=x", "sda=1", "md0=-1", "md0=65", "md0=1=2" }) {
            assertThatThrownBy(() -> Validation.expectedSpares(PID, "expected.spares", new String[] { bad }))
                    .as(bad).hasMessageContaining("expected.spares entry '" + bad + "'");
        }
    }
}
