package org.cabinetgw.health;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConfigurationRefusalTest {

    @Test
    void itIsTheDownEntryOfThePidNamingTheSettingWithoutThePidTwice() {
        ConfigurationRefusal r = ConfigurationRefusal.of("org.cabinetgw.storage.filesystem~root",
                "filesystem root is not watched",
                "org.cabinetgw.storage.filesystem: poll.seconds = 0 is out of range; allowed 5..86400");
        assertThat(r.health().state()).isEqualTo(HealthState.DOWN);
        assertThat(r.health().reason())
                .isEqualTo("configuration refused: poll.seconds = 0 is out of range; allowed 5..86400");
        assertThat(r.properties().get(HealthContributor.COMPONENT))
                .isEqualTo("config:org.cabinetgw.storage.filesystem~root");
        assertThat(r.properties().get(ConfigurationRefusal.REFUSED_PID)).isEqualTo("org.cabinetgw.storage.filesystem~root");
        assertThat(r.properties().get(ConfigurationRefusal.REFUSED_EFFECT)).isEqualTo("filesystem root is not watched");
    }

    @Test
    void aPidAsDeclarativeServicesHandsItAndAMissingReason() {
        ConfigurationRefusal r = ConfigurationRefusal.of(new String[] {"a", "org.cabinetgw.uplink"}, null, " ");
        assertThat(r.pid()).isEqualTo("org.cabinetgw.uplink");
        assertThat(r.reason()).isEqualTo("no reason given");
        assertThat(r.effect()).isEmpty();
        assertThat(ConfigurationRefusal.of("org.cabinetgw.uplink", "", "org.cabinetgw.uplink: failover.seconds = -5")
                .reason()).isEqualTo("failover.seconds = -5");
    }
}
