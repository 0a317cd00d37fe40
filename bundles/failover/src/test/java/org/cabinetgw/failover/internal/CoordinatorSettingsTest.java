package org.cabinetgw.failover.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Map;

import org.cabinetgw.testing.AnnotationConfig;
import org.junit.jupiter.api.Test;

/** What the coordinator refuses (it then starts nothing and reports config:<pid>), naming the setting. */
class CoordinatorSettingsTest {

    @Test
    void theDefaultsAreAccepted() {
        assertThat(CoordinatorSettings.from(AnnotationConfig.of(CoordinatorConfig.class, Map.of())).recheck())
                .isPositive();
    }

    @Test
    void aValueOutOfRangeIsRefusedNamingTheSettingItsValueAndTheRange() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CoordinatorSettings.from(AnnotationConfig.of(CoordinatorConfig.class,
                        Map.of("recheck_seconds", 0))))
                .withMessageContaining("recheck.seconds = 0").withMessageContaining("1..3600");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CoordinatorSettings.from(AnnotationConfig.of(CoordinatorConfig.class,
                        Map.of("history_max_episodes", 9))))
                .withMessageContaining("history.max.episodes = 9");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CoordinatorSettings.from(AnnotationConfig.of(CoordinatorConfig.class,
                        Map.of("pair_silence_episode_millis", -1))))
                .withMessageContaining("pair.silence.episode.millis = -1").withMessageContaining("0..600000");
    }

    @Test
    void aPeerSilenceBecomesAnEpisodeAfterOneSecondByDefault() {
        assertThat(CoordinatorSettings.from(AnnotationConfig.of(CoordinatorConfig.class, Map.of()))
                .pairSilenceEpisode()).hasMillis(1000);
    }
}
