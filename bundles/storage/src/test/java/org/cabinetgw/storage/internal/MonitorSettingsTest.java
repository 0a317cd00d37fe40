package org.cabinetgw.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Map;

import org.cabinetgw.testing.AnnotationConfig;
import org.junit.jupiter.api.Test;

/** What each monitor refuses (its component then starts nothing and reports config:<pid>), naming the setting. */
class MonitorSettingsTest {

    @Test
    void theDefaultsAreAccepted() {
        assertThat(DiskSettings.of(AnnotationConfig.of(DiskMonitorConfig.class, Map.of())).name()).isEqualTo("disk0");
        assertThat(FilesystemSettings.of(AnnotationConfig.of(FilesystemMonitorConfig.class, Map.of())).mountPoint())
                .isEqualTo("/");
        assertThat(RaidSettings.of(AnnotationConfig.of(RaidMonitorConfig.class, Map.of())).pollSeconds()).isPositive();
    }

    @Test
    void aBadValueIsRefusedNamingTheSettingItsValueAndTheRange() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> FilesystemSettings.of(AnnotationConfig.of(FilesystemMonitorConfig.class,
                        Map.of("poll_seconds", 0))))
                .withMessage("org.cabinetgw.storage.filesystem: poll.seconds = 0 is out of range; allowed 5..86400");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> DiskSettings.of(AnnotationConfig.of(DiskMonitorConfig.class,
                        Map.of("device_type", "sat; reboot"))))
                .withMessageContaining("device.type = 'sat; reboot'");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RaidSettings.of(AnnotationConfig.of(RaidMonitorConfig.class,
                        Map.of("rebuild_step_percent", 51))))
                .withMessageContaining("rebuild.step.percent = 51").withMessageContaining("1..50");
    }
}
