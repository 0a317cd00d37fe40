package org.cabinetgw.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** What stops when: producers (4) before the failover coordinator (3) before the uplink (2) before logging (1). */
class StartLevelsTest {

    private final StartLevels levels = new StartLevels(List.of("org.apache.felix.log", "slf4j.api"),
            List.of("org.cabinetgw.api", "org.cabinetgw.uplink", "org.cabinetgw.feature.*"),
            List.of("org.cabinetgw.failover"));

    @Test
    void producersStopBeforeTheCoordinatorWhichStopsBeforeTheUplink() {
        assertThat(levels.levelOf("org.cabinetgw.power")).isEqualTo(4);
        assertThat(levels.levelOf("org.cabinetgw.network")).isEqualTo(4);
        assertThat(levels.levelOf("org.cabinetgw.sim.power")).as("the demo's meters").isEqualTo(4);
        assertThat(levels.levelOf("org.cabinetgw.failover")).isEqualTo(3);
        assertThat(levels.levelOf("org.cabinetgw.uplink")).isEqualTo(2);
        assertThat(levels.levelOf("org.cabinetgw.feature.failover")).as("configuration only").isEqualTo(2);
        assertThat(levels.levelOf("org.apache.felix.scr")).as("the uplink's components live in SCR").isEqualTo(2);
        assertThat(levels.levelOf("org.eclipse.paho.client.mqttv3")).isEqualTo(2);
        assertThat(levels.levelOf("slf4j.api")).isEqualTo(1);
    }

    @Test
    void aPrefixMatchesOnlyWithItsStarAndOddNamesAreHarmless() {
        assertThat(levels.levelOf("org.cabinetgw.uplinkx")).as("no star, no prefix").isEqualTo(4);
        assertThat(levels.levelOf(null)).isEqualTo(2);
        assertThat(levels.levelOf("")).isEqualTo(2);
        assertThat(new StartLevels(List.of(), List.of(), List.of()).levelOf("org.cabinetgw.failover")).isEqualTo(4);
    }
}
